import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { scanRepo } from '../../src/orchestrator/scan/scan-repo.js';
import { parseProjectConfig } from '../../src/orchestrator/load-project-config.js';
import { renderConfig } from '../../src/orchestrator/scan/render-config.js';
import { parseJson, runCli } from '../helpers/cli.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/scan/', import.meta.url));

/** Each fixture and what scan finds in it: `name|framework|cwd|cmd` plus env and needs. */
const expected: Record<string, string[]> = {
  angular: ['web|angular|.|npx ng serve --port ${PORT}'],
  astro: ['web|astro|.|npx astro dev --port ${PORT}'],
  bun: ['api|bun|.|bun --hot index.ts'],
  compose: [
    'api|express|.|yarn start needs=db,redis',
    'db|postgres|.|docker compose -f compose.yaml run --rm -p 127.0.0.1:${PORT}:5432 db',
    'redis|redis|.|docker compose -f compose.yaml run --rm -p 127.0.0.1:${PORT}:6379 redis',
  ],
  'create-react-app': ['web|create-react-app|.|npx react-scripts start env={"BROWSER":"none"}'],
  deno: ['api|deno|.|deno task dev'],
  'deno-plain': ['api|deno|.|deno run -A --watch server.ts'],
  django: ['api|django|.|python manage.py runserver 127.0.0.1:${PORT}'],
  'django-next': [
    'backend|django|backend|python manage.py runserver 127.0.0.1:${PORT} needs=cache',
    'frontend|next|frontend|npx next dev -p ${PORT} needs=backend',
    'cache|redis|.|docker compose -f docker-compose.yml run --rm -p 127.0.0.1:${PORT}:6379 cache',
  ],
  docusaurus: ['docs|docusaurus|.|npx docusaurus start --port ${PORT} --no-open'],
  dotnet: ['api|dotnet|.|dotnet watch run --urls http://127.0.0.1:${PORT}'],
  eleventy: ['docs|eleventy|.|npx eleventy --serve --port=${PORT}'],
  elysia: ['api|elysia|.|bun run dev'],
  ember: ['web|ember|.|npx ember serve --port ${PORT}'],
  empty: [],
  expo: ['mobile|expo|.|npx expo start --port ${PORT}'],
  express: ['api|express|.|npm run dev'],
  fastapi: ['api|fastapi|.|uv run uvicorn app.main:api --reload --host 127.0.0.1 --port ${PORT}'],
  fastify: ['api|fastify|.|npm run dev'],
  flask: ['api|flask|.|flask --app app:app run --debug --port ${PORT}'],
  gatsby: ['web|gatsby|.|npx gatsby develop -p ${PORT}'],
  go: ['api|go|.|go run .'],
  'go-plain': ['api|go|.|go run .'],
  hono: ['api|hono|.|npm run dev'],
  hugo: ['docs|hugo|.|hugo server --bind 127.0.0.1 --port ${PORT}'],
  jekyll: ['docs|jekyll|.|bundle exec jekyll serve --host 127.0.0.1 --port ${PORT}'],
  koa: ['api|koa|.|npm run dev'],
  laravel: ['api|laravel|.|php artisan serve --host=127.0.0.1 --port=${PORT}'],
  meteor: ['web|meteor|.|meteor run --port ${PORT}'],
  mkdocs: ['docs|mkdocs|.|mkdocs serve -a 127.0.0.1:${PORT}'],
  nestjs: ['api|nestjs|.|npm run start:dev'],
  next: ['web|next|.|npx next dev -p ${PORT}'],
  'npm-workspaces': [
    'api|express|apps/api|npm run dev',
    'web|next|apps/web|npx next dev -p ${PORT}',
  ],
  nuxt: ['web|nuxt|.|npx nuxi dev --port ${PORT}'],
  parcel: ['web|parcel|.|npx parcel --port ${PORT}'],
  phoenix: ['api|phoenix|.|mix phx.server'],
  'pnpm-monorepo': [
    'admin|vue|apps/admin|pnpm exec vite --port ${PORT} --strictPort',
    'site|astro|apps/site|pnpm exec astro dev --port ${PORT}',
    'docs|docusaurus|tools/docs|pnpm exec docusaurus start --port ${PORT} --no-open',
  ],
  'pnpm-vite': ['web|vite|.|pnpm exec vite --port ${PORT} --strictPort'],
  'poetry-flask': ['api|flask|.|poetry run flask --app app run --debug --port ${PORT}'],
  preact: ['web|preact|.|npx vite --port ${PORT} --strictPort'],
  qwik: ['web|qwik|.|npx vite --mode ssr --port ${PORT} --strictPort'],
  rails: ['api|rails|.|bundle exec rails server -b 127.0.0.1 -p ${PORT}'],
  'react-native': ['mobile|react-native|.|npx react-native start --port ${PORT}'],
  'react-vite': ['web|react-vite|.|npx vite --port ${PORT} --strictPort'],
  redwood: ['web|redwood|.|npx rw dev --fwd="--port=${PORT}"'],
  remix: ['web|remix|.|npx remix vite:dev --port ${PORT} --strictPort'],
  rocket: ['api|rocket|.|cargo run env={"ROCKET_PORT":"${PORT}"}'],
  rust: ['api|rust|.|cargo run'],
  sanic: ['api|sanic|.|pipenv run sanic server:app --dev --host 127.0.0.1 --port ${PORT}'],
  sinatra: ['api|sinatra|.|bundle exec rackup -o 127.0.0.1 -p ${PORT}'],
  solid: ['web|solid|.|npx vite --port ${PORT} --strictPort'],
  'solid-start': ['web|solid-start|.|npx vinxi dev --port ${PORT}'],
  'spring-gradle': ["api|spring-gradle|.|./gradlew bootRun --args='--server.port=${PORT}'"],
  'spring-maven': [
    'api|spring-maven|.|./mvnw spring-boot:run -Dspring-boot.run.arguments=--server.port=${PORT}',
  ],
  starlette: ['api|starlette|.|uvicorn main:app --reload --host 127.0.0.1 --port ${PORT}'],
  'storybook-react': [
    'web|react-vite|.|npx vite --port ${PORT} --strictPort',
    'storybook|storybook|.|npx storybook dev -p ${PORT} --no-open',
  ],
  strapi: ['api|strapi|.|npx strapi develop'],
  sveltekit: ['web|sveltekit|.|npx vite dev --port ${PORT} --strictPort'],
  symfony: ['api|symfony|.|php -S 127.0.0.1:${PORT} -t public'],
  vite: ['web|vite|.|npx vite --port ${PORT} --strictPort'],
  vitepress: ['docs|vitepress|.|npx vitepress dev --port ${PORT} --strictPort'],
  vue: ['web|vue|.|npx vite --port ${PORT} --strictPort'],
  'vue-cli': ['web|vue-cli|.|npx vue-cli-service serve --port ${PORT}'],
  'webpack-dev-server': ['web|webpack-dev-server|.|npx webpack serve --port ${PORT}'],
  'yarn-next': ['web|next|.|yarn next dev -p ${PORT}'],
};

function summary(dir: string): string[] {
  return scanRepo(dir).services.map(
    (s) =>
      `${s.name}|${s.framework}|${s.cwd}|${s.cmd}` +
      (s.env ? ` env=${JSON.stringify(s.env)}` : '') +
      (s.needs.length > 0 ? ` needs=${s.needs.join(',')}` : ''),
  );
}

describe('pd scan detection', () => {
  it('has a fixture for every row of the table, and the table for every fixture', () => {
    expect(fs.readdirSync(FIXTURES).sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(Object.entries(expected))('%s', (fixture, services) => {
    expect(summary(path.join(FIXTURES, fixture))).toEqual(services);
  });

  it('writes a valid .portdaddyrc for every fixture that has services', () => {
    for (const fixture of Object.keys(expected).filter((name) => expected[name]!.length > 0)) {
      const config = renderConfig(scanRepo(path.join(FIXTURES, fixture)));
      expect(() =>
        parseProjectConfig(JSON.stringify(config), fixture, path.join(FIXTURES, fixture)),
      ).not.toThrow();
    }
  });

  it('says why', () => {
    const [api] = scanRepo(path.join(FIXTURES, 'compose')).services;
    expect(api!.why).toEqual([
      'package.json (dependencies): express',
      'yarn.lock: yarn',
      'needs db: uses pg',
      'needs redis: uses ioredis',
    ]);
  });
});

describe('pd scan (the CLI)', () => {
  const dirs: string[] = [];
  const copy = (fixture: string): string => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-scan-'));
    dirs.push(dir);
    fs.cpSync(path.join(FIXTURES, fixture), dir, { recursive: true });
    return dir;
  };
  afterEach(() =>
    dirs.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })),
  );

  it('--dry-run --json prints the detections and writes nothing', async () => {
    const dir = copy('django-next');
    const result = await runCli(['scan', dir, '--dry-run', '--json']);
    expect(result.code).toBe(0);
    const output = parseJson<{
      project: string;
      services: { name: string; framework: string; why: string[] }[];
      config: { services: object };
    }>(result);
    expect(output.project).toBe(path.basename(dir).toLowerCase());
    expect(output.services.map((s) => `${s.name}:${s.framework}`)).toEqual([
      'backend:django',
      'frontend:next',
      'cache:redis',
    ]);
    expect(Object.keys(output.config.services)).toEqual(['backend', 'frontend', 'cache']);
    expect(fs.existsSync(path.join(dir, '.portdaddyrc'))).toBe(false);
  });

  it('writes .portdaddyrc, refuses to overwrite it, overwrites with --force', async () => {
    const dir = copy('npm-workspaces');
    const first = await runCli(['scan'], { cwd: dir });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('why: apps/web/package.json (dependencies): next');
    const written = JSON.parse(fs.readFileSync(path.join(dir, '.portdaddyrc'), 'utf8')) as {
      $schema: string;
      project: string;
    };
    expect(written.$schema).toBe('https://unpkg.com/port-daddy/docs/portdaddyrc.schema.json');
    expect(written.project).toBe('shop');

    fs.writeFileSync(path.join(dir, '.portdaddyrc'), '{"mine": true}');
    const refused = await runCli(['scan', dir]);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toBe(
      `pd: ${path.join(dir, '.portdaddyrc')} already exists: pass --force to overwrite it, or --dry-run to print what scan found`,
    );
    expect(fs.readFileSync(path.join(dir, '.portdaddyrc'), 'utf8')).toBe('{"mine": true}');

    const forced = await runCli(['scan', dir, '--force']);
    expect(forced.code).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(dir, '.portdaddyrc'), 'utf8'))).toEqual(written);
  });

  it('--dry-run prints just the file on stdout', async () => {
    const result = await runCli(['scan', path.join(FIXTURES, 'next'), '--dry-run']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      $schema: 'https://unpkg.com/port-daddy/docs/portdaddyrc.schema.json',
      project: 'next',
      services: { web: { cmd: 'npx next dev -p ${PORT}', healthPath: '/' } },
    });
    expect(result.stderr).toContain('Found 1 service:');
  });

  it('exits 1 with a helpful line when nothing is found or the folder is missing', async () => {
    const empty = await runCli(['scan', path.join(FIXTURES, 'empty'), '--dry-run']);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(
      /^pd: no services found in .*empty .*write a \.portdaddyrc by hand: see docs\/config\.md\n$/,
    );
    const missing = await runCli(['scan', path.join(FIXTURES, 'nope')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe(`pd: ${path.join(FIXTURES, 'nope')} is not a folder`);
  });
});
