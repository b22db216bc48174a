import type { HttpTransport } from './http-transport.js';

/** Services run by pd up: state, readiness, URLs, detached runs. */
export class ServicesClient {
  constructor(protected readonly transport: HttpTransport) {}
}
