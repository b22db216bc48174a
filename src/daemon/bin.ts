import { loadConfig } from '../config/index.js';
import { runDaemon } from './main.js';

// The background daemon that `pd start` spawns: without the CLI's modules, so it stays small.
try {
  await runDaemon(loadConfig(), false);
} catch (error) {
  process.stderr.write(`pd: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
