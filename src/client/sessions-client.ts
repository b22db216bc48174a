import type { HttpTransport } from './http-transport.js';

/** Sessions and notes. */
export class SessionsClient {
  constructor(protected readonly transport: HttpTransport) {}
}
