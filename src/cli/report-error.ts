import { CommanderError } from 'commander';
import { PdError } from '../api/errors.js';
import { ConfigError } from '../config/index.js';
import { CliError, EXIT } from './exit-codes.js';
import { printJson, red } from './output.js';

/** The one place that turns an error into a line on stderr and an exit code. */
export function reportError(error: unknown, json: boolean): number {
  if (error instanceof CommanderError) {
    // Commander printed its own message already; `pd` alone prints help and counts as a usage error.
    if (error.exitCode === 0) return EXIT.OK;
    if (json) {
      const message = error.message.replace(/^error: /, '');
      printJson({ error: { code: 'USAGE', message, details: { commander: error.code } } });
    }
    return EXIT.USAGE;
  }
  const { message, code, details, exitCode } = describe(error);
  process.stderr.write(`${red('pd:')} ${message}\n`);
  if (json) printJson({ error: { code, message, details } });
  return exitCode;
}

function describe(error: unknown): {
  message: string;
  code: string;
  details: Record<string, unknown>;
  exitCode: number;
} {
  if (error instanceof PdError) {
    return {
      message: error.message,
      code: error.code,
      details: error.details,
      exitCode: error.status === 400 ? EXIT.USAGE : EXIT.FAILED,
    };
  }
  if (error instanceof CliError) {
    const code = error.exitCode === EXIT.UNREACHABLE ? 'DAEMON_UNREACHABLE' : 'FAILED';
    return { message: error.message, code, details: {}, exitCode: error.exitCode };
  }
  if (error instanceof ConfigError)
    return { message: error.message, code: 'INVALID_CONFIG', details: {}, exitCode: EXIT.USAGE };
  const message = error instanceof Error ? error.message : String(error);
  return { message, code: 'INTERNAL', details: {}, exitCode: EXIT.FAILED };
}
