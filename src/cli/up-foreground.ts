import type { LoadedProjectConfig } from '../orchestrator/load-project-config.js';
import type { Supervisor } from '../orchestrator/supervisor.js';
import type { ServiceStatus, SupervisorHooks } from '../orchestrator/supervisor-types.js';
import type { CliContext } from './cli-context.js';
import { CliError, EXIT } from './exit-codes.js';
import { useColor } from './output.js';
import { UpPrinter } from './up-printer.js';

export interface ForegroundOptions {
  branch?: string;
  only?: string[];
  json?: boolean;
}

const SIGNAL_EXIT: Partial<Record<NodeJS.Signals, number>> = {
  SIGINT: 130,
  SIGTERM: 143,
  SIGHUP: 129,
};
const ENDED = new Set(['stopped', 'failed']);

/**
 * `pd up` in the foreground: this process supervises the services, claims their ports under its
 * own pid (so the daemon frees them if pd is killed outright), reports every state change to the
 * daemon, and stops everything on Ctrl-C. Resolves with the exit code.
 */
export async function runForeground(
  ctx: CliContext,
  loaded: LoadedProjectConfig,
  options: ForegroundOptions,
): Promise<number> {
  const { Supervisor } = await import('../orchestrator/supervisor.js');
  const { ServiceStartError } = await import('../orchestrator/service-start-error.js');
  const { ConfigError } = await import('../orchestrator/config-error.js');
  const { LogPrefixer } = await import('../orchestrator/log-prefix.js');

  const { config } = loaded;
  const names = Object.keys(config.services);
  const printer = new UpPrinter(new LogPrefixer(names, useColor), options.json === true);
  const reports = new Set<Promise<unknown>>();
  let supervisor: Supervisor | undefined;
  let resolveEnded: () => void = () => undefined;
  const allEnded = new Promise<void>((resolve) => (resolveEnded = resolve));
  const owner = process.env.PORT_DADDY_AGENT || undefined;

  const hooks: SupervisorHooks = {
    claimPort: async (identity) =>
      (await ctx.call((client) => client.claim({ identity, pid: process.pid, owner }))).port,
    releasePort: async (identity) => {
      await ctx.client.release(identity);
    },
    onStatus: (status: ServiceStatus) => {
      printer.status(status, supervisor?.lastLines(status.name) ?? []);
      // pd ps elsewhere shows it; a daemon without the services routes answers 404: ignored.
      const report = ctx.client.services
        .report({ ...status, hostPid: process.pid })
        .catch(() => undefined);
      reports.add(report);
      void report.finally(() => reports.delete(report));
      if (supervisor?.statuses().every((each) => ENDED.has(each.state))) resolveEnded();
    },
    onLog: (service, stream, line) => printer.log(service, stream, line),
  };

  try {
    supervisor = new Supervisor(config, {
      root: loaded.root,
      branch: options.branch,
      only: options.only,
      hooks,
    });
  } catch (error) {
    throw error instanceof ConfigError ? new CliError(error.message, EXIT.FAILED) : error;
  }
  const running = supervisor;

  let exitCode: number = EXIT.OK;
  let resolveStop: () => void = () => undefined;
  const stopRequested = new Promise<void>((resolve) => (resolveStop = resolve));
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      printer.host('killing every service now');
      running.kill();
      process.exit(SIGNAL_EXIT[signal] ?? EXIT.FAILED);
    }
    stopping = true;
    exitCode = SIGNAL_EXIT[signal] ?? EXIT.FAILED;
    printer.host(`${signal}: stopping every service (again to kill at once)`);
    resolveStop();
  };
  const signals = Object.keys(SIGNAL_EXIT) as NodeJS.Signals[];
  for (const signal of signals) process.on(signal, onSignal);

  try {
    const started = Date.now();
    const startup = running.start();
    startup.catch(() => undefined);
    await Promise.race([startup, stopRequested]);
    if (!stopping) {
      const count = running.order.length;
      printer.host(
        `${count} service${count === 1 ? '' : 's'} ready in ${((Date.now() - started) / 1000).toFixed(1)}s; Ctrl-C stops them`,
      );
      await Promise.race([stopRequested, allEnded]);
    }
  } catch (error) {
    if (!(error instanceof ServiceStartError)) throw error;
    if (!stopping) {
      printer.host(`${error.service} did not become ready: stopping everything`);
      exitCode = EXIT.FAILED;
    }
  } finally {
    await running.stop();
    if (!stopping && exitCode === EXIT.OK && running.statuses().some((s) => s.state === 'failed'))
      exitCode = EXIT.FAILED;
    // Let the last state changes reach the daemon, but never hang on it.
    await Promise.race([
      Promise.all(reports),
      new Promise((resolve) => setTimeout(resolve, 2000).unref()),
    ]);
    for (const signal of signals) process.off(signal, onSignal);
  }
  return exitCode;
}
