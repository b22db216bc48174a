import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Command } from 'commander';
import { PdClient } from '../../client/index.js';
import type { Config } from '../../config/index.js';
import type { CliContext } from '../cli-context.js';
import { probeDaemon, type RunningDaemon } from '../daemon-control.js';
import { dim, green, printJson, printLine, red } from '../output.js';

interface Check {
  name: string;
  ok: boolean;
  detail: string;
  fix?: string;
}

function nodeCheck(): Check {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  const ok = major > 20 || (major === 20 && minor >= 19);
  return {
    name: 'node',
    ok,
    detail: process.version,
    ...(ok ? {} : { fix: 'install Node.js 20.19 or newer' }),
  };
}

function dataDirCheck(home: string): Check {
  try {
    fs.mkdirSync(home, { recursive: true, mode: 0o700 });
    const probe = path.join(home, `.doctor-${process.pid}`);
    fs.writeFileSync(probe, 'ok');
    fs.rmSync(probe);
    return { name: 'data dir', ok: true, detail: `${home} is writable` };
  } catch (error) {
    return {
      name: 'data dir',
      ok: false,
      detail: `${home}: ${(error as Error).message}`,
      fix: `fix the permissions of ${home} or set PORT_DADDY_HOME`,
    };
  }
}

async function databaseCheck(config: Config, running: RunningDaemon | undefined): Promise<Check> {
  if (!running)
    return {
      name: 'database',
      ok: false,
      detail: 'not checked: the daemon is not running',
      fix: 'pd start, then pd doctor again',
    };
  const client = new PdClient({ url: config.url });
  try {
    const result = await client.integrity();
    return result.ok
      ? { name: 'database', ok: true, detail: 'integrity_check ok' }
      : {
          name: 'database',
          ok: false,
          detail: result.messages.slice(0, 3).join('; '),
          fix: `stop the daemon and move ${config.home}/port-daddy.db aside to start fresh`,
        };
  } finally {
    client.close();
  }
}

function portIsFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

async function portCheck(config: Config, running: RunningDaemon | undefined): Promise<Check> {
  const name = `port ${config.port}`;
  if (running) return { name, ok: true, detail: `owned by port-daddy (pid ${running.pid})` };
  if (await portIsFree(config.port, config.host)) return { name, ok: true, detail: 'free' };
  return {
    name,
    ok: false,
    detail: 'used by another program',
    fix: `see what holds it (lsof -i :${config.port}) or set PORT_DADDY_URL to another port`,
  };
}

export function registerDoctor(program: Command, ctx: CliContext): void {
  program
    .command('doctor')
    .description(
      'Check node, the data dir, the daemon, the database and the daemon port; exit 1 if any check fails',
    )
    .option('--json', 'print {ok, checks} as JSON')
    .action(async (options: { json?: boolean }) => {
      const config = ctx.config;
      const running = await probeDaemon(config);
      const daemon: Check = running
        ? {
            name: 'daemon',
            ok: true,
            detail: `running at ${config.url} (pid ${running.pid}, ${running.version})`,
          }
        : { name: 'daemon', ok: false, detail: `not reachable at ${config.url}`, fix: 'pd start' };
      const checks = [
        nodeCheck(),
        dataDirCheck(config.home),
        daemon,
        await databaseCheck(config, running),
        await portCheck(config, running),
      ];
      const ok = checks.every((check) => check.ok);
      process.exitCode = ok ? 0 : 1;
      if (options.json) return printJson({ ok, checks });
      for (const check of checks) {
        const status = check.ok ? green('ok  ') : red('fail');
        printLine(
          `${status}  ${check.name.padEnd(10)}  ${check.detail}${check.fix ? dim(`  fix: ${check.fix}`) : ''}`,
        );
      }
    });
}
