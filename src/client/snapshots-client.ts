import type {
  ListSnapshotsQuery,
  RestoreResultView,
  SnapshotView,
  SnapshotWithContent,
} from '../api/snapshots.js';
import type { HttpTransport } from './http-transport.js';

/** Snapshots of claimed files: the versions the daemon kept, and restoring one. */
export class SnapshotsClient {
  constructor(protected readonly transport: HttpTransport) {}

  /** Newest first, without content. */
  list(query: ListSnapshotsQuery = {}): Promise<{ snapshots: SnapshotView[] }> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) params.set(key, String(value));
    }
    const search = params.size > 0 ? `?${params.toString()}` : '';
    return this.transport.request('GET', `/snapshots${search}`);
  }

  /** Metadata and content (base64; null when the file was over the size cap). */
  get(id: number): Promise<SnapshotWithContent> {
    return this.transport.request('GET', `/snapshots/${encodeURIComponent(id)}`);
  }

  /** The kept bytes, or null when the file was over the size cap. */
  async content(id: number): Promise<{ snapshot: SnapshotWithContent; bytes: Buffer | null }> {
    const snapshot = await this.get(id);
    const bytes = snapshot.content === null ? null : Buffer.from(snapshot.content, 'base64');
    return { snapshot, bytes };
  }

  /** Writes the copy back to its file; `previous` holds the bytes it replaced (restore it to undo). */
  restore(id: number, options: { agent?: string | undefined } = {}): Promise<RestoreResultView> {
    return this.transport.request('POST', `/snapshots/${encodeURIComponent(id)}/restore`, options);
  }
}
