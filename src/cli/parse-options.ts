import { parseDuration } from '../api/duration.js';
import { InvalidArgumentError } from 'commander';

export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65535)
    throw new InvalidArgumentError('must be a port number between 1 and 65535.');
  return port;
}

export function parsePid(value: string): number {
  const pid = Number(value);
  if (!/^\d+$/.test(value) || pid < 1)
    throw new InvalidArgumentError('must be a process id (a positive integer).');
  return pid;
}

export function parseCount(value: string): number {
  const count = Number(value);
  if (!/^\d+$/.test(value) || count < 1)
    throw new InvalidArgumentError('must be a positive integer.');
  return count;
}

/** Durations stay text: the daemon parses them, so every surface accepts the same forms. */
export function parseDurationText(value: string): string {
  if (parseDuration(value, { allowZero: true }) === undefined)
    throw new InvalidArgumentError('must be a duration such as 30s, 10m, 2h or 1d.');
  return value.trim();
}
