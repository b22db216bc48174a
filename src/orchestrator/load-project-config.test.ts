import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadProjectConfig, parseProjectConfig } from './load-project-config.js';

/** The issue lines of a config that must fail. */
function problems(text: string | object, root: string | null = null): string[] {
  const body = typeof text === 'string' ? text : JSON.stringify(text);
  try {
    parseProjectConfig(body, '.portdaddyrc', root);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    expect(error.message.split('\n')).toEqual(
      error.issues.map(
        (issue) => `.portdaddyrc: ${issue.path ? `${issue.path}: ` : ''}${issue.message}`,
      ),
    );
    return error.message.split('\n');
  }
  throw new Error('expected a ConfigError');
}

const ok = { project: 'myapp', services: { api: { cmd: 'node server.js' } } };

describe('parseProjectConfig', () => {
  it('accepts a valid config as it is', () => {
    const config = {
      $schema: 'x',
      project: 'myapp',
      services: {
        db: { cmd: 'pg', tcp: true },
        api: {
          cmd: 'x ${PORT:db}',
          needs: ['db'],
          healthPath: '/health',
          readyTimeout: '30s',
          restart: 'on-failure',
        },
      },
    };
    expect(parseProjectConfig(JSON.stringify(config), '.portdaddyrc', null)).toEqual(config);
  });

  it('gives the line and column of invalid JSON', () => {
    expect(problems('{\n  "project": "myapp",\n  "services": {}\n  "x": 1\n}')).toEqual([
      `.portdaddyrc: invalid JSON at line 4, column 3: unexpected "\\"", expected ',' or '}'`,
    ]);
    expect(problems('{"project": "a",}')).toEqual([
      '.portdaddyrc: invalid JSON at line 1, column 17: trailing comma before }',
    ]);
    expect(problems('{"project": ')).toEqual([
      '.portdaddyrc: invalid JSON at line 1, column 13: unexpected end of file, expected a value',
    ]);
    expect(problems('  ')).toEqual(['.portdaddyrc: empty file: expected a JSON object']);
  });

  it('names unknown fields, with a suggestion', () => {
    expect(problems({ ...ok, services: { api: { cmd: 'x', helthPath: '/' } } })).toEqual([
      '.portdaddyrc: services.api.helthPath: unknown field (did you mean "healthPath"?) (fields: cmd, cwd, env, needs, healthPath, healthCmd, tcp, readyTimeout, restart, maxRestarts, restartBackoff, identity)',
    ]);
    expect(problems({ ...ok, version: 2 })).toEqual([
      '.portdaddyrc: version: unknown field (fields: $schema, project, services)',
    ]);
  });

  it('names wrong types, missing fields and bad values', () => {
    expect(
      problems({
        project: 'My App',
        services: {
          api: { cmd: 5, needs: 'db', restart: 'sometimes', readyTimeout: 'soon' },
          web: {},
        },
      }),
    ).toEqual([
      ".portdaddyrc: project: lower-case letters, digits, '_' and '-', a letter or digit first",
      '.portdaddyrc: services.api.cmd: expected string, got number',
      '.portdaddyrc: services.api.needs: expected array, got string',
      '.portdaddyrc: services.api.readyTimeout: not a duration: seconds, or a string like 500ms, 30s, 10m, 2h',
      '.portdaddyrc: services.api.restart: expected one of "never"|"on-failure"|"always"',
      '.portdaddyrc: services.web.cmd: missing (expected a string)',
    ]);
    expect(problems({ project: 'a', services: {} })).toEqual([
      '.portdaddyrc: services: declare at least one service',
    ]);
    expect(problems({ project: 'a', services: { 'My Api': { cmd: 'x' } } })).toEqual([
      `.portdaddyrc: services["My Api"]: bad service name "My Api": lower-case letters, digits, '_' and '-', a letter or digit first`,
    ]);
    expect(problems([])).toEqual(['.portdaddyrc: expected object, got array']);
  });

  it('checks needs, ${PORT:x}, readiness and cycles across services', () => {
    const services = {
      api: {
        cmd: 'run ${PORT:db} ${PORT:}',
        needs: ['db', 'api', 'worker', 'worker'],
        healthPath: '/',
        tcp: true,
      },
      worker: { cmd: 'w', needs: ['api'], env: { CACHE: 'redis://localhost:${PORT:cache}' } },
    };
    expect(problems({ project: 'a', services })).toEqual([
      '.portdaddyrc: services.api.needs[0]: unknown service "db" (declared: api, worker)',
      '.portdaddyrc: services.api.needs[1]: a service cannot need itself',
      '.portdaddyrc: services.api.needs[3]: "worker" is listed twice',
      '.portdaddyrc: services.api.cmd: ${PORT:db} names an unknown service "db" (declared: api, worker)',
      '.portdaddyrc: services.api.cmd: ${PORT:} needs a service name, e.g. ${PORT:db}',
      '.portdaddyrc: services.api: choose one readiness check, not healthPath and tcp',
      '.portdaddyrc: services.worker.env.CACHE: ${PORT:cache} names an unknown service "cache" (declared: api, worker)',
      '.portdaddyrc: services.api.needs: dependency cycle: api -> worker -> api',
    ]);
  });

  it('reports schema and cross-service problems together', () => {
    expect(problems({ project: 'a', services: { api: { cmd: 1, needs: ['db'] } } })).toEqual([
      '.portdaddyrc: services.api.cmd: expected string, got number',
      '.portdaddyrc: services.api.needs[0]: unknown service "db" (declared: api)',
    ]);
  });
});

describe('loadProjectConfig', () => {
  const dirs: string[] = [];
  const tempRepo = (): string => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-config-'));
    dirs.push(dir);
    fs.mkdirSync(path.join(dir, '.git'));
    return dir;
  };
  afterEach(() =>
    dirs.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })),
  );

  it('finds the file from a subfolder and reports its root', async () => {
    const repo = tempRepo();
    fs.writeFileSync(path.join(repo, '.portdaddyrc'), JSON.stringify(ok));
    fs.mkdirSync(path.join(repo, 'apps', 'web'), { recursive: true });
    const loaded = await loadProjectConfig(path.join(repo, 'apps', 'web'));
    expect(loaded).toEqual({ path: path.join(repo, '.portdaddyrc'), root: repo, config: ok });
  });

  it('stops at the git root', async () => {
    const repo = tempRepo();
    const inner = path.join(repo, 'sub');
    fs.mkdirSync(path.join(inner, '.git'), { recursive: true });
    fs.writeFileSync(path.join(repo, '.portdaddyrc'), JSON.stringify(ok));
    await expect(loadProjectConfig(inner)).rejects.toThrow(
      `.portdaddyrc: not found in ${inner} or its parents (up to the git root): run \`pd scan\` to write one`,
    );
  });

  it('checks that each cwd exists', async () => {
    const repo = tempRepo();
    fs.mkdirSync(path.join(repo, 'api'));
    const services = { api: { cmd: 'x', cwd: 'api' }, web: { cmd: 'y', cwd: 'web' } };
    fs.writeFileSync(path.join(repo, '.portdaddyrc'), JSON.stringify({ project: 'a', services }));
    const error = await loadProjectConfig(repo).catch((caught: unknown) => caught);
    expect((error as ConfigError).issues).toEqual([
      { path: 'services.web.cwd', message: 'folder "web" does not exist' },
    ]);
  });
});
