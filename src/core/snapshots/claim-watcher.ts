import fs from 'node:fs';
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import picomatch from 'picomatch';
import { RESTORE_TEMP_PREFIX } from './safe-file.js';

/** A file claim as the watcher needs it; `token` (its fencing token) identifies it. */
export interface WatchedClaim {
  root: string;
  pattern: string;
  agentId: string | null;
  sessionId: string | null;
  token: number;
}

/** 'initial': found when the claim's watch started; 'change': written (or created) after. */
export type FileSeen = 'initial' | 'change';

export interface ClaimWatcherOptions {
  debounceMs: number;
  /** Called once a file a claim covers has been quiet for debounceMs. */
  onFile(claim: WatchedClaim, file: string, seen: FileSeen): void;
  onError(error: Error, claim: WatchedClaim): void;
}

interface Watch {
  claim: WatchedClaim;
  matches: (file: string) => boolean;
  watcher: FSWatcher;
  ready: boolean;
}

/**
 * chokidar drops a file's 'change' events for 50 ms after one it emits (no trailing event), so
 * reading the file later than that after the last event we heard sees any write it dropped.
 */
const MIN_DEBOUNCE_MS = 100;

// Folders skipped unless the pattern names them: huge, and never what an agent means to claim.
const SKIPPED_FOLDERS = ['.git', 'node_modules'];

/** Whether `folder` is `wanted`, inside it, or on the way down to it. */
const onTheWay = (folder: string, wanted: string) =>
  folder === wanted || folder.startsWith(wanted + path.sep) || wanted.startsWith(folder + path.sep);

export const isLiteralPattern = (pattern: string) => !picomatch.scan(pattern).isGlob;

/** Whether a relative path falls under a claim's pattern: a literal path, or a picomatch glob. */
export function claimMatcher(pattern: string): (file: string) => boolean {
  if (isLiteralPattern(pattern)) {
    return (file) => file === pattern || file.startsWith(pattern + '/');
  }
  const isMatch = picomatch(pattern, { dot: true });
  return (file) => isMatch(file);
}

export interface WatchTarget {
  /** The folder the pattern's files live under (it may not exist yet). */
  wanted: string;
  /** What chokidar watches: `wanted`, or its nearest existing parent until it is created. */
  dir: string;
  /** Levels below `dir` to watch; undefined for all. */
  depth?: number | undefined;
}

/** The folder to watch and how deep, for a pattern relative to its root. */
export function watchTarget(root: string, pattern: string): WatchTarget {
  const scan = picomatch.scan(pattern);
  let wanted: string;
  let depth: number | undefined;
  if (!scan.isGlob) {
    const target = path.join(root, pattern);
    // A literal folder claims everything below it; a file is watched through its folder so
    // that an editor's write-then-rename is still seen.
    const isFolder = fs.statSync(target, { throwIfNoEntry: false })?.isDirectory() === true;
    wanted = isFolder ? target : path.dirname(target);
    depth = isFolder ? undefined : 0;
  } else {
    wanted = path.join(root, scan.base);
    depth = scan.glob.includes('**') ? undefined : scan.glob.split('/').length - 1;
  }
  // chokidar never notices a folder that does not exist yet: watch the nearest parent (inside
  // the root) deep enough to see the file appear.
  let dir = wanted;
  while (dir !== root && dir.startsWith(root) && !fs.existsSync(dir)) dir = path.dirname(dir);
  const extra =
    path.relative(dir, wanted) === '' ? 0 : path.relative(dir, wanted).split(path.sep).length;
  return { wanted, dir, depth: depth === undefined ? undefined : depth + extra };
}

/**
 * One chokidar watcher per active claim (chokidar 5 has no globs: it watches the pattern's base
 * folder and picomatch filters). Bursts of writes to a file are debounced into one call.
 */
export class ClaimWatcher {
  private readonly watches = new Map<number, Watch>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private closing: Promise<void> | undefined;

  constructor(private readonly options: ClaimWatcherOptions) {}

  add(claim: WatchedClaim): void {
    if (this.closing || this.watches.has(claim.token)) return;
    const matches = claimMatcher(claim.pattern);
    const named = SKIPPED_FOLDERS.filter((folder) => claim.pattern.split('/').includes(folder));
    const { wanted, dir, depth } = watchTarget(claim.root, claim.pattern);
    const ignored = (absolute: string, stats?: fs.Stats) => {
      const file = path.relative(claim.root, absolute).split(path.sep).join('/');
      if (file === '' || absolute === dir) return false;
      if (file === '..' || file.startsWith('../')) return true;
      // Watching a parent of a folder still to be created: only the way down to it.
      if (stats?.isDirectory() && !onTheWay(absolute, wanted)) return true;
      const segments = file.split('/');
      if (segments.some((part) => SKIPPED_FOLDERS.includes(part) && !named.includes(part))) {
        return true;
      }
      if (segments.at(-1)!.startsWith(RESTORE_TEMP_PREFIX)) return true;
      return stats?.isFile() === true && !matches(file);
    };
    const watcher = watch(dir, {
      ignored,
      depth,
      // The daemon's life is not tied to its watchers; close() stops them.
      persistent: false,
      followSymlinks: false,
      ignoreInitial: false,
    });
    const entry: Watch = { claim, matches, watcher, ready: false };
    this.watches.set(claim.token, entry);
    const seen = (absolute: string) => this.seen(entry, absolute);
    watcher.on('add', seen).on('change', seen);
    watcher.on('ready', () => (entry.ready = true));
    watcher.on('error', (error) => this.options.onError(error as Error, claim));
  }

  /** A renewed claim keeps its token; its session (who copies are attributed to) may change. */
  update(claim: WatchedClaim): void {
    const entry = this.watches.get(claim.token);
    if (entry) entry.claim = { ...claim, root: entry.claim.root, pattern: entry.claim.pattern };
  }

  /** Stops watching for this claim; pending debounced files still go to the claims left. */
  remove(token: number): void {
    const entry = this.watches.get(token);
    if (!entry) return;
    this.watches.delete(token);
    void entry.watcher.close();
  }

  /** The newest claim covering `file` under `root`, if any is still watched. */
  covering(root: string, file: string): WatchedClaim | undefined {
    let best: WatchedClaim | undefined;
    for (const { claim, matches } of this.watches.values()) {
      if (claim.root !== root || !matches(file)) continue;
      if (!best || claim.token > best.token) best = claim;
    }
    return best;
  }

  claims(): WatchedClaim[] {
    return [...this.watches.values()].map((entry) => entry.claim);
  }

  /** Whether every watcher has finished its first scan (tests wait on this). */
  get ready(): boolean {
    return [...this.watches.values()].every((entry) => entry.ready);
  }

  /** Idempotent and quick to call: timers stop at once, watchers close in the background. */
  close(): Promise<void> {
    this.closing ??= (() => {
      for (const timer of this.timers.values()) clearTimeout(timer);
      this.timers.clear();
      const watchers = [...this.watches.values()].map((entry) => entry.watcher.close());
      this.watches.clear();
      return Promise.all(watchers).then(() => undefined);
    })();
    return this.closing;
  }

  private seen(entry: Watch, absolute: string): void {
    const file = path.relative(entry.claim.root, absolute).split(path.sep).join('/');
    if (this.closing || !entry.matches(file)) return;
    const kind: FileSeen = entry.ready ? 'change' : 'initial';
    const key = `${entry.claim.root}\0${file}`;
    clearTimeout(this.timers.get(key));
    const timer = setTimeout(
      () => {
        this.timers.delete(key);
        const claim = this.covering(entry.claim.root, file);
        if (claim) this.options.onFile(claim, file, kind);
      },
      Math.max(this.options.debounceMs, MIN_DEBOUNCE_MS),
    );
    timer.unref();
    this.timers.set(key, timer);
  }
}
