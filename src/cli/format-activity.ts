import type { ActivityEventView } from '../api/system.js';
import { bold, dim, green, red, yellow } from './output.js';

// Shown first and in this order; whatever else an event carries follows.
const KEY_FIELDS = ['port', 'owner', 'pid', 'token', 'reason'];

/** Created and acquired read green, released red, and anything the daemon did on its own yellow. */
function colorFor(event: ActivityEventView): (text: string) => string {
  const reason = event.data.reason;
  if (typeof reason === 'string' && reason !== 'released') return yellow;
  if (/\.(created|acquired)$/.test(event.type)) return green;
  if (/\.(released|removed|deleted)$/.test(event.type)) return red;
  return (text) => text;
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return /\s/.test(value) ? JSON.stringify(value) : value;
  return JSON.stringify(value);
}

function formatData(data: Record<string, unknown>): string {
  const keys = [
    ...KEY_FIELDS.filter((key) => key in data),
    ...Object.keys(data).filter((key) => !KEY_FIELDS.includes(key)),
  ];
  return keys
    .filter((key) => data[key] !== null && data[key] !== undefined)
    .map((key) => `${key}=${formatValue(data[key])}`)
    .join(' ');
}

/** Local wall-clock time; the date only when the event is not from today. */
export function formatTime(iso: string, today = new Date()): string {
  const at = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  const time = `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`;
  if (at.toDateString() === today.toDateString()) return time;
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${time}`;
}

/** `#12 09:52:53 lock.released  build  owner=alice token=42 reason=expired` */
export function formatActivity(event: ActivityEventView): string {
  const color = colorFor(event);
  const data = formatData(event.data);
  return (
    `${dim(`#${event.id} ${formatTime(event.at)}`)} ${color(bold(event.type.padEnd(15)))} ` +
    `${event.subject}${data ? `  ${dim(data)}` : ''}`
  );
}

/**
 * Event types to keep: `lock.acquired`, `lock.*`, `*.released`, or several separated by commas.
 * A `*` stands for any run of characters.
 */
export function typeMatcher(pattern: string | undefined): (type: string) => boolean {
  if (pattern === undefined) return () => true;
  const escape = (text: string) => text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  const alternatives = pattern
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => escape(part).replace(/\*/g, '.*'));
  const regex = new RegExp(`^(?:${alternatives.join('|')})$`);
  return (type) => regex.test(type);
}
