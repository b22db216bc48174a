import type { ChildProcess } from 'node:child_process';
import os from 'node:os';
import type { Command } from 'commander';
import { parseDuration } from '../../api/duration.js';
import { PdError } from '../../api/errors.js';
import type { LockView } from '../../api/locks.js';
import type { CliContext } from '../cli-context.js';
import { defaultOwner } from '../default-owner.js';
import { CliError, EXIT } from '../exit-codes.js';
import { runChild } from '../run-child.js';
import { parseDurationText } from '../parse-options.js';

interface WithLockOptions {
  ttl: string;
  wait?: string;
  owner?: string;
}

/** The daemon caps one wait at an hour; waiting longer asks again (at the back of the queue). */
const WAIT_CHUNK = '1h';

async function acquire(
  ctx: CliContext,
  name: string,
  owner: string,
  options: WithLockOptions,
): Promise<LockView> {
  const request = { owner, ttl: options.ttl, pid: process.pid };
  if (options.wait !== undefined)
    return ctx.call((client) => client.locks.acquire(name, { ...request, wait: options.wait }));
  for (;;) {
    try {
      return await ctx.call((client) =>
        client.locks.acquire(name, { ...request, wait: WAIT_CHUNK }),
      );
    } catch (error) {
      if (!(error instanceof PdError && error.code === 'LOCK_HELD')) throw error;
    }
  }
}

/** Renews the lease while the command runs; if the lock is lost, stops the command. */
function keepAlive(
  ctx: CliContext,
  lock: LockView,
  ttlMs: number,
  child: () => ChildProcess | undefined,
): NodeJS.Timeout {
  return setInterval(
    () => {
      ctx.client.locks.extend(lock.name, lock.owner).catch((error: unknown) => {
        if (
          error instanceof PdError &&
          (error.code === 'NOT_FOUND' || error.code === 'LOCK_NOT_OWNER')
        ) {
          process.stderr.write(
            `pd: lost lock ${lock.name} (${error.message}); stopping the command\n`,
          );
          child()?.kill('SIGTERM');
        }
      });
    },
    Math.max(250, Math.floor(ttlMs / 3)),
  );
}

export function registerWithLock(program: Command, ctx: CliContext): void {
  program
    .command('with-lock')
    .description('Run a command while holding a lock, like flock(1): wait for it, run, release')
    .argument('<name>', 'lock name')
    .argument('<command...>', 'the command and its arguments, after --')
    .option('--ttl <duration>', 'lease, renewed while the command runs', parseDurationText, '30s')
    .option(
      '--wait <duration>',
      'give up after waiting this long (default: wait until free; 0: fail at once)',
      parseDurationText,
    )
    .option('--owner <name>', 'owner name (default: $PORT_DADDY_AGENT or user@host, plus our pid)')
    .addHelpText(
      'after',
      '\nThe command gets PORT_DADDY_LOCK_NAME and PORT_DADDY_LOCK_TOKEN (the fencing token) in its\nenvironment; pd exits with its exit code and never leaves the lock held. Example:\n  pd with-lock db-migrations -- npm run migrate',
    )
    .action(async (name: string, commandLine: string[], options: WithLockOptions) => {
      const [command, ...args] = commandLine;
      if (!command)
        throw new CliError('missing command: pd with-lock <name> -- <cmd...>', EXIT.USAGE);
      const ttlMs = parseDuration(options.ttl)!;
      const owner = `${options.owner ?? defaultOwner()}#${process.pid}`;
      // Ctrl-C while queued: leave the queue (closing the socket does) and exit like the shell would.
      const onSignalWhileWaiting = (signal: NodeJS.Signals) => {
        ctx.close();
        process.exit(128 + (os.constants.signals[signal] ?? 2));
      };
      process.once('SIGINT', onSignalWhileWaiting);
      process.once('SIGTERM', onSignalWhileWaiting);
      let lock: LockView;
      try {
        lock = await acquire(ctx, name, owner, options);
      } finally {
        process.off('SIGINT', onSignalWhileWaiting);
        process.off('SIGTERM', onSignalWhileWaiting);
      }
      let running: ChildProcess | undefined;
      const timer = keepAlive(ctx, lock, ttlMs, () => running);
      const env = {
        ...process.env,
        PORT_DADDY_LOCK_NAME: lock.name,
        PORT_DADDY_LOCK_TOKEN: String(lock.token),
      };
      try {
        process.exitCode = await runChild(command, args, env, (child) => (running = child));
      } finally {
        clearInterval(timer);
        await ctx.client.locks.release(lock.name, { owner }).catch(() => undefined);
      }
    });
}
