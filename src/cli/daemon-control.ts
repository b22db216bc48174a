import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PdClient } from '../client/index.js';
import { dataPaths, type Config } from '../config/index.js';
import { isPidAlive } from '../shared/pid-alive.js';
import { CliError, EXIT } from './exit-codes.js';

/** The daemon's entry: beside us in the bundle (dist/bundle/daemon.js), else the tsc output. */
function daemonEntry(): string {
  const bundled = fileURLToPath(new URL('./daemon.js', import.meta.url));
  return fs.existsSync(bundled)
    ? bundled
    : fileURLToPath(new URL('../daemon/bin.js', import.meta.url));
}
const START_TIMEOUT_MS = 10_000;

export interface RunningDaemon {
  url: string;
  pid: number;
  version: string;
  dataDir: string;
}

/** The daemon at config.url, or undefined when nothing answers there. */
export async function probeDaemon(config: Config): Promise<RunningDaemon | undefined> {
  const client = new PdClient({ url: config.url, timeoutMs: 2000 });
  try {
    const status = await client.status();
    if (status.service !== 'port-daddy') return undefined;
    return { url: config.url, pid: status.pid, version: status.version, dataDir: status.dataDir };
  } catch {
    return undefined;
  } finally {
    client.close();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function lastLine(file: string): string {
  try {
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
    const last = lines.filter((line) => line.trim() !== '').slice(-1)[0] ?? '';
    return last.replace(/^pd: /, '');
  } catch {
    return '';
  }
}

/** Starts the daemon in the background and returns once /health answers. */
export async function startDetached(config: Config): Promise<RunningDaemon> {
  fs.mkdirSync(config.home, { recursive: true, mode: 0o700 });
  const startupLog = dataPaths(config.home).startupLog;
  const out = fs.openSync(startupLog, 'w', 0o600);
  // A small young generation keeps RSS near the live heap (about 90 MB, not 110, at 10k claims).
  const child = spawn(process.execPath, ['--max-semi-space-size=2', daemonEntry()], {
    detached: true,
    cwd: config.home,
    stdio: ['ignore', out, out],
    env: { ...process.env, PORT_DADDY_URL: config.url, PORT_DADDY_HOME: config.home },
  });
  fs.closeSync(out);
  let exited: number | null = null;
  child.once('exit', (code) => (exited = code ?? 1));
  child.unref();
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const running = await probeDaemon(config);
    if (running) return running;
    if (exited !== null) break;
    await sleep(25);
  }
  const why = lastLine(startupLog) || 'it did not answer within 10 s';
  throw new CliError(`could not start the daemon at ${config.url}: ${why}`, EXIT.FAILED);
}

/** Asks the daemon to stop gracefully and waits for its process to end. */
export async function stopDaemon(config: Config): Promise<RunningDaemon | undefined> {
  const running = await probeDaemon(config);
  if (!running) return undefined;
  const client = new PdClient({ url: config.url });
  try {
    await client.shutdown();
  } finally {
    client.close();
  }
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline && isPidAlive(running.pid)) await sleep(25);
  if (isPidAlive(running.pid))
    throw new CliError(`daemon pid ${running.pid} did not stop within 10 s`, EXIT.FAILED);
  return running;
}
