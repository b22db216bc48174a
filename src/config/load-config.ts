import os from 'node:os';
import path from 'node:path';
import { parseDuration } from '../api/duration.js';

export interface Config {
  /** Where the daemon listens and every CLI command talks: PORT_DADDY_URL. */
  url: string;
  host: string;
  port: number;
  /** Data directory: PORT_DADDY_HOME, default ~/.port-daddy. */
  home: string;
  range: { start: number; end: number };
  autostart: boolean;
  /** Messages kept per pub/sub channel: PORT_DADDY_CHANNEL_RETENTION, default 1000. */
  channelRetention: number;
  /** First webhook retry wait, doubled after: PORT_DADDY_WEBHOOK_BACKOFF_MS, default 1000. */
  webhookBackoffMs: number;
  /** An agent without a heartbeat this long is dead (stale at half): PORT_DADDY_AGENT_TIMEOUT, default 10m. */
  agentTimeoutMs: number;
  /** Also route `<service>.<project>.pd.local` names (needs a resolver): PORT_DADDY_PD_LOCAL=1. */
  pdLocal: boolean;
}

export const DEFAULT_PORT = 9876;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function intFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw new ConfigError(`${name} must be a port number between 1 and 65535, got "${raw}"`);
  }
  return value;
}

function retentionFromEnv(env: NodeJS.ProcessEnv): number {
  const raw = env.PORT_DADDY_CHANNEL_RETENTION;
  if (raw === undefined || raw === '') return 1000;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 1_000_000) {
    throw new ConfigError(
      `PORT_DADDY_CHANNEL_RETENTION must be a whole number from 1 to 1000000, got "${raw}"`,
    );
  }
  return value;
}

function webhookBackoffFromEnv(env: NodeJS.ProcessEnv): number {
  const raw = env.PORT_DADDY_WEBHOOK_BACKOFF_MS;
  if (raw === undefined || raw === '') return 1000;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 3_600_000) {
    throw new ConfigError(
      `PORT_DADDY_WEBHOOK_BACKOFF_MS must be a whole number of milliseconds from 1 to 3600000, got "${raw}"`,
    );
  }
  return value;
}

function agentTimeoutFromEnv(env: NodeJS.ProcessEnv): number {
  const raw = env.PORT_DADDY_AGENT_TIMEOUT;
  if (raw === undefined || raw === '') return 600_000;
  const value = parseDuration(raw);
  if (value === undefined || value < 1000) {
    throw new ConfigError(
      `PORT_DADDY_AGENT_TIMEOUT must be a duration of at least 1s such as 90s, 10m or 2h, got "${raw}"`,
    );
  }
  return value;
}

function parseUrl(raw: string): URL {
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:') throw new Error('not http');
    return url;
  } catch {
    throw new ConfigError(
      `PORT_DADDY_URL must be an http:// URL such as http://127.0.0.1:${DEFAULT_PORT}, got "${raw}"`,
    );
  }
}

/** Read once at start-up: env vars, then defaults. `overrides` carries flags such as --port. */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: { port?: number } = {},
): Config {
  const url = parseUrl(env.PORT_DADDY_URL || `http://127.0.0.1:${DEFAULT_PORT}`);
  if (overrides.port !== undefined) url.port = String(overrides.port);
  const port = url.port === '' ? 80 : Number(url.port);
  const range = {
    start: intFromEnv(env, 'PORT_DADDY_RANGE_START', 3100),
    end: intFromEnv(env, 'PORT_DADDY_RANGE_END', 9999),
  };
  if (range.start > range.end) {
    throw new ConfigError(
      `PORT_DADDY_RANGE_START (${range.start}) is above PORT_DADDY_RANGE_END (${range.end})`,
    );
  }
  const home = env.PORT_DADDY_HOME
    ? path.resolve(env.PORT_DADDY_HOME)
    : path.join(os.homedir(), '.port-daddy');
  return {
    url: url.origin,
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port,
    home,
    range,
    autostart: env.PORT_DADDY_NO_AUTOSTART !== '1',
    channelRetention: retentionFromEnv(env),
    webhookBackoffMs: webhookBackoffFromEnv(env),
    agentTimeoutMs: agentTimeoutFromEnv(env),
    pdLocal: env.PORT_DADDY_PD_LOCAL === '1',
  };
}
