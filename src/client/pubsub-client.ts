import type { HttpTransport } from './http-transport.js';

/** Publish, poll and subscribe (SSE) to channels. */
export class PubSubClient {
  constructor(readonly transport: HttpTransport) {}
}
