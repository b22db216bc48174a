import type { HttpTransport } from './http-transport.js';

export class ChannelsClient {
  constructor(readonly transport: HttpTransport) {}
}
