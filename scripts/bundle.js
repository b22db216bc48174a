// Bundles the CLI and the daemon into dist/bundle/: one file to parse instead of ~200 modules,
// which is most of the CLI's start-up time and the daemon's cold start.
import { chmodSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

rmSync('dist/bundle', { recursive: true, force: true });

await build({
  entryPoints: { pd: 'src/cli/main.ts', daemon: 'src/daemon/bin.ts' },
  outdir: 'dist/bundle',
  bundle: true,
  // The daemon's code (zod, hono, SQLite) is a chunk the CLI loads only for `start --foreground`.
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['better-sqlite3'],
  // Names stay readable so stack traces in the daemon log still make sense.
  minifySyntax: true,
  minifyWhitespace: true,
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  // commander is CommonJS: its require() calls need a require in ESM scope.
  banner: {
    js: "import { createRequire as pdCreateRequire } from 'node:module'; const require = pdCreateRequire(import.meta.url);",
  },
});
chmodSync('dist/bundle/pd.js', 0o755);
