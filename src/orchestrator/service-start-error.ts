/** A service that did not become ready: why, and the last lines it printed. */
export class ServiceStartError extends Error {
  override name = 'ServiceStartError';

  constructor(
    readonly service: string,
    readonly reason: string,
    readonly lastLines: readonly string[],
  ) {
    super(`${service}: ${reason}`);
  }
}
