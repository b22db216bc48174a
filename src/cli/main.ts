#!/usr/bin/env node
import { CliContext } from './cli-context.js';
import { buildProgram } from './program.js';
import { reportError } from './report-error.js';

// `pd status | head -1` closes the pipe early: that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const ctx = new CliContext();
const program = buildProgram(ctx, process.argv);
try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = reportError(error, process.argv.includes('--json'));
} finally {
  ctx.close();
}
