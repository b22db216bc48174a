import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RepoFiles } from './repo-files.js';

const made: string[] = [];
function folder(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-repo-files-'));
  made.push(dir);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}
afterAll(() => made.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

describe('RepoFiles', () => {
  it("lists git's tracked and untracked files, not ignored ones", async () => {
    const dir = folder({ '.gitignore': 'dist/\n', 'src/a.ts': '', 'dist/out.js': '' });
    execFileSync('git', ['init', '-q'], { cwd: dir });
    execFileSync('git', ['add', 'src/a.ts'], { cwd: dir });
    fs.writeFileSync(path.join(dir, 'new file.md'), '');
    const files = await new RepoFiles().list(dir);
    expect(files.sort()).toEqual(['.gitignore', 'new file.md', 'src/a.ts']);
  });

  it('walks a folder outside git, skipping node_modules, up to a cap', async () => {
    const dir = folder({ 'a.ts': '', 'lib/b.ts': '', 'node_modules/x/index.js': '' });
    expect((await new RepoFiles().list(dir)).sort()).toEqual(['a.ts', 'lib/b.ts']);
    expect(await new RepoFiles(Date.now, 1).list(dir)).toHaveLength(1);
  });

  it('lists a root once within two seconds', async () => {
    const dir = folder({ 'a.ts': '' });
    let now = 0;
    const repo = new RepoFiles(() => now);
    expect(await repo.list(dir)).toEqual(['a.ts']);
    fs.writeFileSync(path.join(dir, 'b.ts'), '');
    expect(await repo.list(dir)).toEqual(['a.ts']);
    now = 2000;
    expect((await repo.list(dir)).sort()).toEqual(['a.ts', 'b.ts']);
  });
});
