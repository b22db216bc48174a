import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** The package version, read from package.json next to src/ or dist/. */
export function packageVersion(): string {
  if (cached) return cached;
  for (const relative of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'port-daddy' && pkg.version) return (cached = pkg.version);
    } catch {
      // try the next location
    }
  }
  return (cached = '0.0.0');
}
