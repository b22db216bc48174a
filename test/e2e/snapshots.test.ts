import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJson } from '../helpers/cli.js';
import { startDaemon, stopDaemon, waitFor, type TestDaemon } from '../helpers/daemon.js';
import { api } from '../helpers/locks.js';

interface SnapshotJson {
  id: number;
  session?: string | null;
  root: string;
  path: string;
  kind: string;
  size: number;
  sha256: string | null;
  agent: string | null;
  skipped: string | null;
}

describe('pd snapshots, show and restore', () => {
  let daemon: TestDaemon;
  let repo: string;

  beforeAll(async () => {
    daemon = await startDaemon({ env: { PORT_DADDY_AGENT: 'snap-agent' } });
    repo = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'pd-snap-repo-')));
    execFileSync('git', ['init', '-q'], { cwd: repo });
  });
  afterAll(async () => {
    await stopDaemon(daemon);
    fs.rmSync(repo, { recursive: true, force: true });
  });

  const cli = (args: string[], cwd = repo) => daemon.cli(args, { cwd });
  const write = (file: string, bytes: string | Buffer) => {
    fs.mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
    fs.writeFileSync(path.join(repo, file), bytes);
  };
  async function list(file: string, cwd = repo): Promise<SnapshotJson[]> {
    const result = await cli(['snapshots', file, '--json'], cwd);
    expect(result.code, result.stderr).toBe(0);
    return parseJson<SnapshotJson[]>(result);
  }
  /** Waits until `file` has at least `count` versions; answers them, newest first. */
  async function versions(file: string, count: number): Promise<SnapshotJson[]> {
    const found = await waitFor(async () => {
      const listed = await list(file);
      return listed.length >= count ? listed : undefined;
    });
    return found!;
  }
  async function claim(...paths: string[]): Promise<void> {
    const result = await cli(['files', 'claim', ...paths]);
    expect(result.code, result.stderr).toBe(0);
  }

  it('keeps each version of a claimed file and restores an earlier one exactly', async () => {
    // Bytes that text handling would mangle: a restore must give them back as they were.
    const original = Buffer.from([0xef, 0xbb, 0xbf, 0x00, 0x0d, 0x0a, 0xff, 0x41]);
    write('src/app.bin', original);
    await claim('src/app.bin');
    write('src/app.bin', 'second version\n');
    await versions('src/app.bin', 2);
    write('src/app.bin', 'third version\n');
    const kept = await versions('src/app.bin', 3);
    expect(kept.map((snapshot) => snapshot.kind)).toEqual(['change', 'change', 'baseline']);
    expect(kept[2]).toMatchObject({
      root: repo,
      path: 'src/app.bin',
      size: 8,
      agent: 'snap-agent',
    });

    const table = await cli(['snapshots', 'app.bin'], path.join(repo, 'src'));
    expect(table.code, table.stderr).toBe(0);
    const lines = table.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ID\s+PATH\s+KIND\s+SIZE\s+SHA\s+AGE\s+AGENT$/);
    expect(lines[3]).toMatch(
      new RegExp(
        `^${kept[2]!.id}\\s+src/app.bin\\s+baseline\\s+8 B\\s+[0-9a-f]{12}\\s+\\d+s ago\\s+snap-agent$`,
      ),
    );

    const shown = await daemon.cli(['snapshots', 'show', String(kept[1]!.id)]);
    expect(shown.stdout).toBe('second version\n');

    const restored = await cli(['snapshots', 'restore', String(kept[2]!.id)]);
    expect(restored.code, restored.stderr).toBe(0);
    expect(fs.readFileSync(path.join(repo, 'src/app.bin'))).toEqual(original);
    const undoId = Number(/undo: pd snapshots restore (\d+)/.exec(restored.stdout)?.[1]);
    expect(restored.stdout).toContain(`restored ${path.join(repo, 'src/app.bin')} to snapshot`);

    // The restore kept the bytes it replaced: restoring those undoes it.
    const undo = await cli(['snapshots', 'restore', String(undoId), '--json']);
    expect(parseJson<{ restored: SnapshotJson }>(undo).restored.sha256).toBe(kept[0]!.sha256);
    expect(fs.readFileSync(path.join(repo, 'src/app.bin'), 'utf8')).toBe('third version\n');
  });

  it('watches a glob claim and skips files over the size cap, saying so', async () => {
    write('docs/small.md', 'small');
    await claim('docs/*.md');
    write('docs/big.md', Buffer.alloc(1024 * 1024 + 1, 0x61));
    const [big] = await versions('docs/big.md', 1);
    expect(big).toMatchObject({ size: 1024 * 1024 + 1, sha256: null, skipped: 'too-large' });
    const table = await cli(['snapshots', 'docs/big.md']);
    expect(table.stdout).toMatch(/docs\/big.md\s+change\s+1.0 MB\s+skipped \(too-large\)/);
    const restore = await cli(['snapshots', 'restore', String(big!.id)]);
    expect(restore.code).toBe(1);
    expect(restore.stderr).toMatch(/^pd: snapshot \d+ kept no bytes: docs\/big.md was over/);
    const show = await cli(['snapshots', 'show', String(big!.id)]);
    expect(show.code).toBe(1);
    expect(show.stderr).toMatch(/kept no bytes/);
    expect(await list('docs/small.md')).toHaveLength(1);
  });

  it('stops keeping copies once the claim is released', async () => {
    write('notes.txt', 'before');
    await claim('notes.txt');
    write('notes.txt', 'while claimed');
    await versions('notes.txt', 2);
    const released = await cli(['files', 'release', 'notes.txt']);
    expect(released.code, released.stderr).toBe(0);
    write('notes.txt', 'after release');
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await list('notes.txt')).toHaveLength(2);
  });

  it('copies files claimed by pd begin --files for the session, until pd done', async () => {
    const other = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'pd-snap-begin-')));
    execFileSync('git', ['init', '-q'], { cwd: other });
    fs.writeFileSync(path.join(other, 'plan.md'), 'v0');
    const as = { cwd: other, env: { PORT_DADDY_AGENT: 'begin-agent' } };
    const begun = await daemon.cli(['begin', 'rewrite the plan', '--files', 'plan.md', '-q'], as);
    expect(begun.code, begun.stderr).toBe(0);
    const session = begun.stdout.trim();
    fs.writeFileSync(path.join(other, 'plan.md'), 'v1');
    const found = await waitFor(async () => {
      const listed = await list('plan.md', other);
      return listed.length === 2 ? listed : undefined;
    });
    expect(found![1]).toMatchObject({ kind: 'baseline', agent: 'begin-agent', session });
    expect(found![0]).toMatchObject({ kind: 'change', agent: 'begin-agent', session });

    const done = await daemon.cli(['done', 'plan rewritten'], as);
    expect(done.code, done.stderr).toBe(0);
    fs.writeFileSync(path.join(other, 'plan.md'), 'v2');
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await list('plan.md', other)).toHaveLength(2);
    fs.rmSync(other, { recursive: true, force: true });
  });

  it('answers 404 for unknown ids, on every route and in the CLI', async () => {
    for (const [method, route] of [
      ['GET', '/snapshots/424242'],
      ['GET', '/snapshots/424242?raw=1'],
      ['POST', '/snapshots/424242/restore'],
    ] as const) {
      const { status, body } = await api<{ error: { code: string; message: string } }>(
        daemon,
        method,
        route,
      );
      expect(status).toBe(404);
      expect(body.error).toEqual({
        code: 'NOT_FOUND',
        message: 'no snapshot 424242',
        details: { id: 424242 },
      });
    }
    for (const verb of ['show', 'restore']) {
      const result = await cli(['snapshots', verb, '424242']);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe('pd: no snapshot 424242\n');
    }
  });

  it('serves the raw bytes with ?raw=1 and base64 in JSON', async () => {
    write('raw.txt', 'raw bytes');
    await claim('raw.txt');
    const [baseline] = await list('raw.txt');
    const raw = await fetch(`${daemon.url}/snapshots/${baseline!.id}?raw=1`);
    expect(raw.headers.get('content-type')).toBe('application/octet-stream');
    expect(await raw.text()).toBe('raw bytes');
    const { body } = await api<{ content: string }>(daemon, 'GET', `/snapshots/${baseline!.id}`);
    expect(Buffer.from(body.content, 'base64').toString()).toBe('raw bytes');
  });

  it('exits 3 when the daemon is unreachable', async () => {
    const result = await daemon.cli(['snapshots'], {
      env: { PORT_DADDY_URL: 'http://127.0.0.1:9' },
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/daemon is not reachable/);
  });
});
