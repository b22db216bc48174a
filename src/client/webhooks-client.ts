import type { HttpTransport } from './http-transport.js';

export class WebhooksClient {
  constructor(readonly transport: HttpTransport) {}
}
