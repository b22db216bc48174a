import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJson } from '../helpers/cli.js';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { freeRange, rangeEnv } from '../helpers/processes.js';

interface Answer {
  status: number;
  body: {
    identity?: string;
    port?: number;
    revision?: number;
    existing?: boolean;
    error?: { code: string; message: string };
  };
}

// One client process: POSTs /claims for each identity, all at once, and prints the answers.
const CLAIMER = `
const [url, ...identities] = process.argv.slice(2);
const answers = await Promise.all(
  identities.map(async (identity) => {
    const response = await fetch(url + '/claims', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ identity }),
    });
    return { status: response.status, body: await response.json() };
  }),
);
process.stdout.write(JSON.stringify(answers));
`;

const PROCESSES = 20;
const CLAIMS_PER_PROCESS = 10;
const TOTAL = PROCESSES * CLAIMS_PER_PROCESS;

describe('concurrent claims from many processes', () => {
  let daemon: TestDaemon;
  let range: { start: number; end: number };
  let scriptDir: string;
  let script: string;

  beforeAll(async () => {
    // Exactly as many ports as claims: any port handed out twice leaves someone without one.
    range = await freeRange(TOTAL);
    daemon = await startDaemon({ env: rangeEnv(range) });
    scriptDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-claimer-'));
    script = path.join(scriptDir, 'claimer.mjs');
    fs.writeFileSync(script, CLAIMER);
  });
  afterAll(async () => {
    await daemon?.stop();
    daemon?.cleanup();
    if (scriptDir) fs.rmSync(scriptDir, { recursive: true, force: true });
  });

  function claimFromProcess(identities: string[]): Promise<Answer[]> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [script, daemon.url, ...identities], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => {
        if (code !== 0) return reject(new Error(`claimer exited ${code}: ${stderr}`));
        resolve(JSON.parse(stdout) as Answer[]);
      });
    });
  }

  it('gives 50 simultaneous claims of one identity the same port, granted once', async () => {
    const answers = (
      await Promise.all(
        Array.from({ length: 5 }, () => claimFromProcess(Array(10).fill('crowd:api') as string[])),
      )
    ).flat();

    expect(answers).toHaveLength(50);
    expect(answers.filter((answer) => answer.status !== 200)).toEqual([]);
    const ports = new Set(answers.map((answer) => answer.body.port));
    expect(ports.size).toBe(1);
    const [port] = ports;
    expect(port).toBeGreaterThanOrEqual(range.start);
    expect(port).toBeLessThanOrEqual(range.end);
    expect(answers.filter((answer) => !answer.body.existing)).toHaveLength(1);
    expect(new Set(answers.map((answer) => answer.body.revision)).size).toBe(1);

    const listed = parseJson<{ identity: string; port: number }[]>(
      await daemon.cli(['ports', 'crowd', '--json']),
    );
    expect(listed).toEqual([expect.objectContaining({ identity: 'crowd:api', port })]);
    expect((await daemon.cli(['release', 'crowd:api'])).code).toBe(0);
  });

  it(`gives ${TOTAL} simultaneous claims from ${PROCESSES} processes ${TOTAL} distinct ports`, async () => {
    const batches = Array.from({ length: PROCESSES }, (_, p) =>
      Array.from({ length: CLAIMS_PER_PROCESS }, (_, i) => `load:p${p}:c${i}`),
    );
    const answers = (await Promise.all(batches.map(claimFromProcess))).flat();

    expect(answers).toHaveLength(TOTAL);
    expect(answers.filter((answer) => answer.status !== 200)).toEqual([]);
    const ports = answers.map((answer) => answer.body.port!);
    const distinct = new Set(ports);
    const duplicates = ports.filter((port, index) => ports.indexOf(port) !== index);
    expect(duplicates).toEqual([]);
    expect(distinct.size).toBe(TOTAL);
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(range.start);
      expect(port).toBeLessThanOrEqual(range.end);
    }
    expect(answers.every((answer) => answer.body.existing === false)).toBe(true);
    expect(new Set(answers.map((answer) => answer.body.revision)).size).toBe(TOTAL);

    // The registry agrees with what each caller was told.
    const listed = parseJson<{ identity: string; port: number }[]>(
      await daemon.cli(['find', 'load', '--json']),
    );
    expect(listed).toHaveLength(TOTAL);
    const told = new Map(answers.map((answer) => [answer.body.identity, answer.body.port]));
    for (const claim of listed) expect(told.get(claim.identity)).toBe(claim.port);

    // The range is now full: one more claim is refused, not given a port someone holds.
    const extra = await daemon.cli(['claim', 'load:extra']);
    expect(extra.code).toBe(1);
    expect(extra.stderr).toContain(`no free port in ${range.start}-${range.end}`);
  }, 60_000);
});
