import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJson } from '../helpers/cli.js';
import { makeTempHome, startDaemon, stopDaemon, type TestDaemon } from '../helpers/daemon.js';
import { api } from '../helpers/locks.js';
import type { NoteJson, SessionJson } from '../helpers/sessions.js';

/** Every byte the daemon keeps in its data dir: the database, its WAL, the logs. */
function rawStore(home: string): Buffer {
  const files = fs.readdirSync(home).filter((name) => fs.statSync(path.join(home, name)).isFile());
  expect(files).toContain('port-daddy.db');
  return Buffer.concat(files.map((name) => fs.readFileSync(path.join(home, name))));
}

describe('notes and summaries are encrypted at rest', () => {
  let daemon: TestDaemon;
  const noteText = `plaintext-note-${randomBytes(8).toString('hex')}`;
  const summaryText = `plaintext-summary-${randomBytes(8).toString('hex')}`;

  beforeAll(async () => {
    daemon = await startDaemon();
  });
  afterAll(() => stopDaemon(daemon));

  it('keeps no note or summary text in the database file, its WAL, the logs or the activity log', async () => {
    const pd = (args: string[]) => daemon.cli([...args, '--agent', 'scribe']);
    expect((await pd(['begin', 'write secrets'])).code).toBe(0);
    expect((await pd(['note', noteText, '--type', 'blocker'])).code).toBe(0);
    expect((await pd(['done', summaryText])).code).toBe(0);

    // The daemon reads them back, so they were stored...
    const notes = parseJson<NoteJson[]>(await pd(['notes', '--agent', 'scribe', '--json']));
    expect(notes.map((note) => note.text)).toEqual([noteText]);
    const { body } = await api<{ sessions: SessionJson[] }>(daemon, 'GET', '/sessions?all=true');
    expect(body.sessions[0]!.summary).toBe(summaryText);

    // ...but not as text: neither in the WAL (still uncheckpointed) nor in the database file.
    const marker = (text: string) => Buffer.from(text.slice('plaintext-'.length));
    expect(rawStore(daemon.home).includes(marker(noteText))).toBe(false);
    expect(rawStore(daemon.home).includes(marker(summaryText))).toBe(false);
    const events = await api<unknown>(daemon, 'GET', '/events?limit=1000');
    const log = JSON.stringify(events.body);
    expect(log).toContain('note.added');
    expect(log).not.toContain(noteText);
    expect(log).not.toContain(summaryText);

    // After a clean stop (checkpointed into the main file) still nothing.
    await daemon.stop();
    expect(rawStore(daemon.home).includes(marker(noteText))).toBe(false);
    expect(rawStore(daemon.home).includes(marker(summaryText))).toBe(false);

    // And a restarted daemon reads them with the same master key.
    daemon = await startDaemon({ home: daemon.home });
    const again = parseJson<NoteJson[]>(await daemon.cli(['notes', '--agent', 'scribe', '--json']));
    expect(again.map((note) => note.text)).toEqual([noteText]);
  });

  it('creates master.key with 32 random bytes, readable by the user only', () => {
    const key = path.join(daemon.home, 'master.key');
    expect(fs.statSync(key).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(key)).toHaveLength(32);
  });

  it('refuses to start with a master.key of the wrong size, and says why', async () => {
    const home = makeTempHome();
    try {
      fs.writeFileSync(path.join(home, 'master.key'), 'not a key\n', { mode: 0o600 });
      const failed = await startDaemon({ home }).then(
        () => undefined,
        (error: Error) => error.message,
      );
      expect(failed).toContain(
        `${path.join(home, 'master.key')} holds 10 bytes, not 32: it is not a port-daddy master key`,
      );
      // The bad file is left as it was: replacing it would lose every note.
      expect(fs.readFileSync(path.join(home, 'master.key'), 'utf8')).toBe('not a key\n');
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});
