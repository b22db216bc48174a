import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJson, runCli } from '../helpers/cli.js';
import { makeTempHome, startDaemon, type TestDaemon } from '../helpers/daemon.js';

interface Check {
  name: string;
  ok: boolean;
  detail: string;
  fix?: string;
}

/** The doctor's line for one check: "ok    node  v20..." or "fail  daemon  ...  fix: ...". */
function checkLine(stdout: string, name: string): string {
  const line = stdout.split('\n').find((text) => new RegExp(`^\\S+ +${name} `).test(text));
  expect(line, `no "${name}" line in:\n${stdout}`).toBeDefined();
  return line!;
}

describe('pd doctor, pd logs and usage errors', () => {
  let daemon: TestDaemon;
  const homes: string[] = [];
  beforeAll(async () => {
    daemon = await startDaemon();
  });
  afterAll(async () => {
    await daemon?.stop();
    daemon?.cleanup();
    for (const home of homes) fs.rmSync(home, { recursive: true, force: true });
  });

  describe('pd doctor with a running daemon', () => {
    it('prints one ok line per check and exits 0', async () => {
      const result = await daemon.cli(['doctor']);
      expect(result.code, result.stdout + result.stderr).toBe(0);
      const lines = result.stdout.trimEnd().split('\n');
      expect(lines).toHaveLength(5);
      for (const line of lines) expect(line).toMatch(/^ok /);
      expect(checkLine(result.stdout, 'node')).toContain(process.version);
      expect(checkLine(result.stdout, 'data dir')).toContain(`${daemon.home} is writable`);
      expect(checkLine(result.stdout, 'daemon')).toContain(
        `running at ${daemon.url} (pid ${daemon.pid}`,
      );
      expect(checkLine(result.stdout, 'database')).toContain('integrity_check ok');
      expect(checkLine(result.stdout, `port ${daemon.port}`)).toContain(
        `owned by port-daddy (pid ${daemon.pid})`,
      );
      expect(result.stdout).not.toContain('fix:');
    });

    it('--json has ok: true and the five checks', async () => {
      const result = await daemon.cli(['doctor', '--json']);
      expect(result.code).toBe(0);
      const report = parseJson<{ ok: boolean; checks: Check[] }>(result);
      expect(report.ok).toBe(true);
      expect(report.checks.map((check) => check.name)).toEqual([
        'node',
        'data dir',
        'daemon',
        'database',
        `port ${daemon.port}`,
      ]);
      expect(report.checks.every((check) => check.ok && check.fix === undefined)).toBe(true);
    });

    it('leaves no probe file behind in the data dir', () => {
      expect(fs.readdirSync(daemon.home).filter((name) => name.startsWith('.doctor'))).toEqual([]);
    });
  });

  describe('pd doctor without a daemon', () => {
    it('fails the port check with a hint when another program holds the port', async () => {
      const server = http.createServer((_request, response) => response.end('not port-daddy'));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const port = (server.address() as AddressInfo).port;
      const home = makeTempHome();
      homes.push(home);
      try {
        const result = await runCli(['doctor'], {
          env: {
            PORT_DADDY_URL: `http://127.0.0.1:${port}`,
            PORT_DADDY_HOME: home,
            PORT_DADDY_NO_AUTOSTART: '1',
          },
        });
        expect(result.code).toBe(1);
        const line = checkLine(result.stdout, `port ${port}`);
        expect(line).toMatch(/^fail /);
        expect(line).toContain('used by another program');
        expect(line).toContain(`fix: `);
        expect(line).toContain(String(port));
        expect(checkLine(result.stdout, 'daemon')).toMatch(/^fail /);
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    });
  });

  describe('pd logs', () => {
    it('--daemon shows the lines the daemon wrote, such as claim.created', async () => {
      expect((await daemon.cli(['claim', 'logged:api', '-q'])).code).toBe(0);
      const result = await daemon.cli(['logs', '--daemon']);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/ info +started \{.*"pid":\d+/);
      const claimed = result.stdout.split('\n').find((line) => line.includes('claim.created'));
      expect(claimed, result.stdout).toBeDefined();
      expect(claimed).toContain('"subject":"logged:api"');
      expect(claimed).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
    });

    it('-n 1 prints only the last line', async () => {
      expect((await daemon.cli(['claim', 'logged:last', '-q'])).code).toBe(0);
      const result = await daemon.cli(['logs', '--daemon', '-n', '1']);
      expect(result.code).toBe(0);
      const lines = result.stdout.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain('"subject":"logged:last"');
    });

    it('without --daemon exits 2 and says how to use it', async () => {
      const result = await daemon.cli(['logs']);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain('pd logs --daemon');
    });

    it('--daemon in a data dir where no daemon ran exits 1 and says so', async () => {
      const home = makeTempHome();
      homes.push(home);
      const result = await daemon.cli(['logs', '--daemon'], { env: { PORT_DADDY_HOME: home } });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('no daemon log');
    });
  });

  describe('help and usage errors', () => {
    it.each([
      ['pd help claim', ['help', 'claim']],
      ['pd claim --help', ['claim', '--help']],
    ])('%s prints the usage with --port, --ttl and -q', async (_what, args) => {
      const result = await daemon.cli(args);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^Usage: pd claim \[options\] <identity>/);
      for (const flag of ['--port', '--ttl', '-q, --quiet', '--json', '--pid'])
        expect(result.stdout).toContain(flag);
    });

    it('pd help exits 0 and lists the commands', async () => {
      const result = await daemon.cli(['help']);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^Usage: pd /);
      for (const command of ['start', 'stop', 'status', 'doctor', 'logs', 'claim', 'release'])
        expect(result.stdout).toMatch(new RegExp(`^ {2}${command}\\b`, 'm'));
    });

    it('an unknown command exits 2 and names it', async () => {
      const result = await daemon.cli(['frobnicate']);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain("unknown command 'frobnicate'");
    });

    it('pd claim with no identity exits 2 and says what is missing', async () => {
      const result = await daemon.cli(['claim']);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain("missing required argument 'identity'");
    });

    it('an unknown option exits 2', async () => {
      const result = await daemon.cli(['claim', 'x:y', '--colour', 'red']);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("unknown option '--colour'");
    });
  });

  // Last: it stops the shared daemon.
  describe('pd doctor with the daemon stopped', () => {
    it('exits 1; the daemon line says fail with a fix hint', async () => {
      await daemon.stop();
      const result = await daemon.cli(['doctor']);
      expect(result.code).toBe(1);
      const line = checkLine(result.stdout, 'daemon');
      expect(line).toMatch(/^fail /);
      expect(line).toContain(`not reachable at ${daemon.url}`);
      expect(line).toContain('fix: pd start');
      expect(checkLine(result.stdout, 'database')).toMatch(/^fail .*fix: /);
      expect(checkLine(result.stdout, 'node')).toMatch(/^ok /);
      expect(checkLine(result.stdout, `port ${daemon.port}`)).toMatch(/^ok .*free/);

      const report = parseJson<{ ok: boolean; checks: Check[] }>(
        await daemon.cli(['doctor', '--json']),
      );
      expect(report.ok).toBe(false);
      expect(report.checks).toHaveLength(5);
      expect(report.checks.find((check) => check.name === 'daemon')).toMatchObject({
        ok: false,
        fix: 'pd start',
      });
    });
  });
});
