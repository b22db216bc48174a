import { DaemonUnreachableError, PdClient } from '../client/index.js';
import { loadConfig, type Config } from '../config/index.js';
import { startDetached } from './daemon-control.js';
import { CliError, EXIT } from './exit-codes.js';

/** Loaded once per run: the config and a client that starts the daemon on demand. */
export class CliContext {
  private loaded: Config | undefined;
  private opened: PdClient | undefined;

  get config(): Config {
    return (this.loaded ??= loadConfig());
  }

  get client(): PdClient {
    return (this.opened ??= new PdClient({ url: this.config.url }));
  }

  /**
   * Runs a request; when the daemon is down it is started (unless PORT_DADDY_NO_AUTOSTART=1)
   * and the request runs once more. Still unreachable: exit 3.
   */
  async call<T>(request: (client: PdClient) => Promise<T>): Promise<T> {
    try {
      return await request(this.client);
    } catch (error) {
      if (!(error instanceof DaemonUnreachableError)) throw error;
      if (!this.config.autostart) throw unreachable(error);
      this.close();
      const started = await startDetached(this.config);
      process.stderr.write(`pd: started the daemon at ${started.url} (pid ${started.pid})\n`);
      try {
        return await request(this.client);
      } catch (retryError) {
        throw retryError instanceof DaemonUnreachableError ? unreachable(retryError) : retryError;
      }
    }
  }

  /** A request that must not start the daemon (status, stop): unreachable is exit 3. */
  async query<T>(request: (client: PdClient) => Promise<T>): Promise<T> {
    try {
      return await request(this.client);
    } catch (error) {
      throw error instanceof DaemonUnreachableError ? unreachable(error) : error;
    }
  }

  close(): void {
    this.opened?.close();
    this.opened = undefined;
  }
}

function unreachable(error: DaemonUnreachableError): CliError {
  return new CliError(error.message, EXIT.UNREACHABLE);
}
