import { expect } from 'vitest';
import { parseJson } from './cli.js';
import type { TestDaemon } from './daemon.js';
import { api } from './locks.js';

/** An inbox message as `pd inbox send --json` and the HTTP API print it. */
export interface InboxMessageJson {
  id: number;
  agent: string;
  sender: string | null;
  text: string;
  at: string;
  readAt: string | null;
}

export interface InboxListJson {
  agent: string;
  messages: InboxMessageJson[];
  total: number;
  unread: number;
  dropped: number;
  lastId: number;
}

/** Setup that is not under test goes over HTTP: quicker than a CLI process on a busy machine. */
export async function sendOverHttp(
  daemon: TestDaemon,
  agent: string,
  text: string,
  sender?: string,
): Promise<InboxMessageJson> {
  const answer = await api<InboxMessageJson>(daemon, 'POST', `/inboxes/${agent}/messages`, {
    text,
    ...(sender === undefined ? {} : { sender }),
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body;
}

export async function listOverHttp(
  daemon: TestDaemon,
  agent: string,
  query = '',
): Promise<InboxListJson> {
  const answer = await api<InboxListJson>(daemon, 'GET', `/inboxes/${agent}/messages${query}`);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body;
}

/** `pd inbox <args> --json` for an agent, as the user runs it. */
export async function inboxJson<T = InboxListJson>(daemon: TestDaemon, args: string[]): Promise<T> {
  const result = await daemon.cli(['inbox', ...args, '--json']);
  expect(result.code, result.stderr).toBe(0);
  return parseJson<T>(result);
}

export const textsOf = (messages: { text: string }[]) => messages.map((message) => message.text);
