import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';

const FORWARDED: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Runs cmd (no shell) and resolves with the exit code it should be reported as. */
export function runChild(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  onSpawn?: (child: ChildProcess) => void,
): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', env });
    onSpawn?.(child);
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    for (const signal of FORWARDED) process.on(signal, forward);
    const done = (code: number) => {
      for (const signal of FORWARDED) process.off(signal, forward);
      resolve(code);
    };
    child.once('error', (error: NodeJS.ErrnoException) => {
      const notFound = error.code === 'ENOENT';
      process.stderr.write(
        `pd: ${notFound ? `command not found: ${command}` : `could not run ${command}: ${error.message}`}\n`,
      );
      done(notFound ? 127 : 126);
    });
    child.once('exit', (code, signal) =>
      done(code ?? 128 + (signal ? (os.constants.signals[signal] ?? 0) : 0)),
    );
  });
}
