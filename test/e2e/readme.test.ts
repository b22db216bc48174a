import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli.js';
import { freePort, makeTempHome } from '../helpers/daemon.js';
import { makeRepo } from '../helpers/file-claims.js';

// Runs the README's tour (the ```sh block after <!-- tour -->) line by line through the real
// CLI, so every command the README shows is known to work as written.

const README = new URL('../../README.md', import.meta.url);

/** The `pd ...` lines of the tour block, in order. */
function tourLines(markdown: string): string[] {
  const block = /<!-- tour -->\s*\n```sh\n([\s\S]*?)\n```/.exec(markdown);
  if (!block) throw new Error('README.md has no ```sh block after <!-- tour -->');
  return block[1]!.split('\n').filter((line) => line.startsWith('pd '));
}

type Word = string | { substitute: string };

/**
 * Splits a line as sh would for the little the tour uses: quotes, backslashes, comments and
 * `$(pd ...)`. Anything else (variables, pipes, redirections) is refused, not half-understood.
 */
function splitWords(line: string): Word[][] {
  const words: Word[][] = [];
  let word: Word[] | undefined;
  const add = (part: Word) => (word ??= []).push(part);
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (/\s/.test(char)) {
      if (word) words.push(word);
      word = undefined;
    } else if (char === '#' && !word) break;
    else if (char === "'") {
      const end = line.indexOf("'", i + 1);
      if (end === -1) throw new Error(`unclosed ' in: ${line}`);
      add(line.slice(i + 1, end));
      i = end;
    } else if (char === '"') {
      let text = '';
      for (i++; i < line.length && line[i] !== '"'; i++) {
        if (line[i] === '$' || line[i] === '`')
          throw new Error(`unsupported "${line[i]}" in: ${line}`);
        text += line[i] === '\\' && /["\\]/.test(line[i + 1] ?? '') ? line[++i] : line[i];
      }
      if (i >= line.length) throw new Error(`unclosed " in: ${line}`);
      add(text);
    } else if (char === '\\') add(line[++i] ?? '');
    else if (char === '$' && line[i + 1] === '(') {
      const end = line.indexOf(')', i);
      if (end === -1) throw new Error(`unclosed $( in: ${line}`);
      add({ substitute: line.slice(i + 2, end) });
      i = end;
    } else if (/[|&;<>$`]/.test(char)) throw new Error(`unsupported "${char}" in: ${line}`);
    else add(char);
  }
  if (word) words.push(word);
  return words;
}

/** Checks on what each command prints, beyond exiting 0; keyed by the pd subcommand. */
const expectations: Record<string, (result: CliResult, line: string) => void> = {
  start: (r) => expect(r.stdout).toMatch(/^port-daddy started at http:\/\/127\.0\.0\.1:\d+/),
  status: (r) => expect(r.stdout).toMatch(/port-daddy is running[\s\S]*claims\s+0/),
  claim: (r, line) =>
    expect(r.stdout).toMatch(line.includes(' -q') ? /^\d+\n$/ : /^myapp:api claimed port \d+\n$/),
  ports: (r) => expect(r.stdout).toMatch(/IDENTITY[\s\S]*myapp:api\s+\d+[\s\S]*myapp:web\s+\d+/),
  find: (r) => expect(r.stdout).toMatch(/myapp:api[\s\S]*myapp:web/),
  who: (r) => expect(r.stdout).toMatch(/^port \d+\n {2}claimed by myapp:api/),
  run: (r) => {
    expect(r.stdout).toMatch(/^\d+\n$/);
    expect(r.stderr).toContain(`myapp:worker on port ${r.stdout.trim()}`);
  },
  'with-lock': (r) => expect(r.stdout).toBe('deploying\n'),
  pub: (r) => expect(r.stdout).toMatch(/^\d+\n$/),
  sub: (r) => expect(r.stdout).toMatch(/^#\d+ [\d:]+ builds tests passed\n$/),
  release: (r) => {
    expect(r.stdout).toContain('released myapp:api');
    expect(r.stdout).toContain('released myapp:web');
    expect(r.stdout).not.toContain('myapp:worker'); // pd run released it already
  },
  doctor: (r) => {
    expect(r.stdout.trim().split('\n')).toHaveLength(5);
    expect(r.stdout).not.toMatch(/^fail/m);
  },
  begin: (r) => {
    expect(r.stdout).toMatch(
      /^session ses-[0-9a-f]{12} \(planning\) for agent-[0-9a-f]{6}: add a login page\n/,
    );
    expect(r.stdout).toContain('files claimed: src/login/**\n');
    expect(r.stdout).toMatch(/^export PORT_DADDY_AGENT=agent-[0-9a-f]{6}$/m);
  },
  note: (r) => expect(r.stdout).toMatch(/^note #\d+ \(progress\) added to ses-[0-9a-f]{12}\n$/),
  files: (r) => expect(r.stdout).toMatch(/^src\/login\/\*\*\s+agent-[0-9a-f]{6}\s+ses-/m),
  briefing: (r) => {
    expect(r.stdout).toMatch(/^sessions: 1 planning$/m);
    expect(r.stdout).toContain('src/login/**  agent-');
    expect(r.stdout).toMatch(/\[progress\] the form posts to \/api\/session$/m);
  },
  look: (r) =>
    expect(r.stdout).toMatch(
      /^30m: 1 session started, 1 note, 1 file claimed, .*; 1 agent live\n$/,
    ),
  salvage: (r) => expect(r.stdout).toBe('no dead agents with work waiting\n'),
  done: (r) =>
    expect(r.stdout).toMatch(
      /^session ses-[0-9a-f]{12} completed; released 1 file claim\(s\), 0 lock\(s\); notes kept\n$/,
    ),
  stop: (r) => expect(r.stdout).toMatch(/^stopped port-daddy \(pid \d+\)/),
};

describe('the README tour', () => {
  const lines = tourLines(fs.readFileSync(README, 'utf8'));
  const home = makeTempHome();
  // `pd begin` writes its context at the git root: a fresh repository, not this one.
  const worktree = makeRepo({ 'README.md': 'an app' });
  let env: NodeJS.ProcessEnv | undefined;
  const pd = async (words: Word[][]): Promise<CliResult> => {
    env ??= {
      PORT_DADDY_URL: `http://127.0.0.1:${await freePort()}`,
      PORT_DADDY_HOME: home,
      // The tour starts the daemon itself with `pd start`; nothing may start it behind our back.
      PORT_DADDY_NO_AUTOSTART: '1',
    };
    const args: string[] = [];
    for (const word of words.slice(1)) {
      let text = '';
      for (const part of word) {
        if (typeof part === 'string') text += part;
        else text += (await pdChecked(part.substitute)).stdout.trim();
      }
      args.push(text);
    }
    return runCli(args, { env, cwd: worktree });
  };
  const pdChecked = async (line: string): Promise<CliResult> => {
    const words = splitWords(line);
    expect(words[0]?.join(''), `not a pd command: ${line}`).toBe('pd');
    const result = await pd(words);
    expect(result.code, `${line}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`).toBe(0);
    return result;
  };

  afterAll(async () => {
    // Stops the daemon even when a line failed before the tour's own `pd stop`.
    if (env) await runCli(['stop'], { env }).catch(() => undefined);
    // A daemon that would not stop still has its daemon.json (a graceful stop removes it).
    const info = path.join(home, 'daemon.json');
    if (fs.existsSync(info)) {
      const { pid } = JSON.parse(fs.readFileSync(info, 'utf8')) as { pid: number };
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    fs.rmSync(home, { recursive: true, force: true });
    fs.rmSync(worktree, { recursive: true, force: true });
  });

  it('starts the daemon first, stops it last and checks each command it shows', () => {
    expect(lines[0]).toMatch(/^pd start\b/);
    expect(lines.at(-1)).toMatch(/^pd stop\b/);
    for (const line of lines) expect(Object.keys(expectations)).toContain(line.split(/\s+/)[1]);
  });

  for (const line of lines) {
    it(line.replace(/\s+#.*$/, ''), async () => {
      const result = await pdChecked(line);
      expectations[line.split(/\s+/)[1]!]?.(result, line);
    });
  }
});
