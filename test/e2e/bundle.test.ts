import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli.js';

/** The files Node loads before `pd` runs anything: the entry and its static imports. */
function staticallyLoaded(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const text = fs.readFileSync(entry, 'utf8');
  // `import{...}from"./chunk.js"` is static; `import("./chunk.js")` is loaded only when reached.
  for (const match of text.matchAll(
    /(?:^|[;\n])\s*import\s*(?:[^"'()]*?\bfrom\s*)?["'](\.\/[^"']+)["']/g,
  )) {
    staticallyLoaded(path.resolve(path.dirname(entry), match[1]!), seen);
  }
  return seen;
}

describe('the pd bundle', () => {
  it('starts without loading the daemon: no zod, hono or SQLite on the CLI path', () => {
    const files = [...staticallyLoaded(CLI)];
    expect(files.length).toBeGreaterThan(1);
    const code = files.map((file) => fs.readFileSync(file, 'utf8')).join('\n');
    expect(code).toContain('commander');
    expect(code).not.toContain('ZodError');
    expect(code).not.toContain('better-sqlite3');
    expect(code).not.toMatch(/\bHono\b/);
  });
});
