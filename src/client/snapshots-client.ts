import type { HttpTransport } from './http-transport.js';

/** Snapshots of claimed files. */
export class SnapshotsClient {
  constructor(protected readonly transport: HttpTransport) {}
}
