import fs from 'node:fs';
import path from 'node:path';

export type PackageManager = 'npm' | 'pnpm' | 'yarn' | 'bun';

const LOCKFILES: [string, PackageManager][] = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['bun.lockb', 'bun'],
  ['bun.lock', 'bun'],
  ['package-lock.json', 'npm'],
];

/** The nearest file among `names` from `dir` up to `root`, relative to root, or null. */
export function findUp(dir: string, root: string, names: readonly string[]): string | null {
  for (let at = dir; ; at = path.dirname(at)) {
    for (const name of names)
      if (fs.existsSync(path.join(at, name))) return path.relative(root, path.join(at, name));
    if (at === root || path.dirname(at) === at || !at.startsWith(root)) return null;
  }
}

/** The package manager a folder uses, from the nearest lockfile (a workspace's is at its root). */
export function detectPackageManager(
  dir: string,
  root: string,
): { manager: PackageManager; lockfile: string | null } {
  const lockfile = findUp(
    dir,
    root,
    LOCKFILES.map(([name]) => name),
  );
  const manager =
    LOCKFILES.find(([name]) => lockfile !== null && path.basename(lockfile) === name)?.[1] ?? 'npm';
  return { manager, lockfile };
}

/** How each manager runs a package's binary and a package.json script. */
export const packageManagerCommands: Record<PackageManager, { exec: string; run: string }> = {
  npm: { exec: 'npx', run: 'npm run' },
  pnpm: { exec: 'pnpm exec', run: 'pnpm run' },
  yarn: { exec: 'yarn', run: 'yarn' },
  bun: { exec: 'bunx', run: 'bun run' },
};
