import { loadConfig, type Config } from '../config/index.js';
import { startDaemon } from './lifecycle.js';

/**
 * Runs the daemon in this process until SIGINT/SIGTERM or POST /admin/shutdown.
 * Prints one line with the URL once it serves, which `pd start` and the tests wait for.
 */
export async function runDaemon(config: Config = loadConfig(), foreground = true): Promise<void> {
  const handle = await startDaemon(config, { echoLog: foreground ? process.stderr : undefined });
  process.stdout.write(
    `port-daddy listening on ${handle.url} (pid ${handle.pid}, data ${config.home})\n`,
  );
  const onSignal = (signal: NodeJS.Signals) => void handle.stop(signal);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  await handle.stopped;
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
}
