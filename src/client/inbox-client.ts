import type { HttpTransport } from './http-transport.js';

export class InboxClient {
  constructor(readonly transport: HttpTransport) {}
}
