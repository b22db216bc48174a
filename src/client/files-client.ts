import type {
  CheckFilesRequest,
  CheckFilesResponse,
  ClaimFilesRequest,
  ClaimFilesResponse,
  FileClaimView,
  ListFilesQuery,
  ReleaseFilesRequest,
} from '../api/files.js';
import type { HttpTransport } from './http-transport.js';

const query = (params: Record<string, string | undefined>) => {
  const entries = Object.entries(params).filter(
    (entry): entry is [string, string] => entry[1] !== undefined,
  );
  return entries.length === 0 ? '' : '?' + new URLSearchParams(entries).toString();
};

/** Advisory file claims. */
export class FilesClient {
  constructor(protected readonly transport: HttpTransport) {}

  /** All patterns or none; rejects with FILES_CLAIMED (409) naming each holder. */
  claim(request: ClaimFilesRequest): Promise<ClaimFilesResponse> {
    return this.transport.request('POST', '/files/claims', request);
  }

  /** Without paths: every claim of the agent (in root, if given). */
  release(request: ReleaseFilesRequest): Promise<{ released: FileClaimView[] }> {
    return this.transport.request('POST', '/files/release', request);
  }

  list(filter: ListFilesQuery = {}): Promise<{ claims: FileClaimView[] }> {
    return this.transport.request('GET', '/files' + query(filter));
  }

  /** Who holds each path, the agent's active session and what it has not claimed. */
  check(request: CheckFilesRequest): Promise<CheckFilesResponse> {
    return this.transport.request('POST', '/files/check', request);
  }
}
