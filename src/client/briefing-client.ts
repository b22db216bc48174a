import type { HttpTransport } from './http-transport.js';

/** Salvage and situation reports. */
export class BriefingClient {
  constructor(protected readonly transport: HttpTransport) {}
}
