import type { HttpTransport } from './http-transport.js';

/** Advisory file claims. */
export class FilesClient {
  constructor(protected readonly transport: HttpTransport) {}
}
