import { PdError } from '../../api/errors.js';
import { loadMasterKey } from './master-key.js';
import { DecryptError, newKey, open, openText, seal, sealText } from './note-cipher.js';

/**
 * The keys of the notes: a random data key per session, stored wrapped by the master key, and
 * kept unwrapped in memory once used (unwrapping on every read would double the work).
 */
export class SessionKeys {
  private readonly masterKey: Buffer;
  private readonly unwrapped = new Map<string, Buffer>();

  /** `wrappedKeyOf` reads a session's stored wrapped key. */
  constructor(
    masterKeyPath: string,
    private readonly wrappedKeyOf: (sessionId: string) => Buffer | undefined,
  ) {
    this.masterKey = loadMasterKey(masterKeyPath);
  }

  /** A new data key for the session; answers it wrapped, for the store. */
  create(sessionId: string): Buffer {
    const key = newKey();
    this.unwrapped.set(sessionId, key);
    return seal(this.masterKey, key);
  }

  /** Salvage: the new session reads the old one's notes with the same key. */
  share(fromSessionId: string, toSessionId: string): void {
    const key = this.unwrapped.get(fromSessionId);
    if (key) this.unwrapped.set(toSessionId, key);
  }

  sealText(sessionId: string, text: string): Buffer {
    return sealText(this.key(sessionId), text);
  }

  /** INTERNAL with a clear message when the master key is not the one the text was sealed under. */
  openText(sessionId: string, blob: Buffer, what: string): string {
    return readable(() => openText(this.key(sessionId), blob), what);
  }

  private key(sessionId: string): Buffer {
    const cached = this.unwrapped.get(sessionId);
    if (cached) return cached;
    const wrapped = this.wrappedKeyOf(sessionId);
    if (!wrapped) throw new PdError('NOT_FOUND', `no session ${sessionId}`, { session: sessionId });
    const key = readable(() => open(this.masterKey, wrapped), `the key of session ${sessionId}`);
    this.unwrapped.set(sessionId, key);
    return key;
  }
}

function readable<T>(action: () => T, what: string): T {
  try {
    return action();
  } catch (error) {
    if (!(error instanceof DecryptError)) throw error;
    throw new PdError(
      'INTERNAL',
      `cannot decrypt ${what}: master.key is not the key it was written with (was it replaced?)`,
      {},
    );
  }
}
