#!/usr/bin/env node
import { CliContext } from './cli-context.js';
import { buildProgram } from './program.js';
import { reportError } from './report-error.js';

const ctx = new CliContext();
const program = buildProgram(ctx);
try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = reportError(error, process.argv.includes('--json'));
} finally {
  ctx.close();
}
