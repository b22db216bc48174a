import type { HttpTransport } from './http-transport.js';

/** Agents: register, heartbeat, list. */
export class AgentsClient {
  constructor(protected readonly transport: HttpTransport) {}
}
