import { jsFrameworks } from './frameworks-js.js';
import { otherFrameworks } from './frameworks-other.js';

/**
 * What `pd scan` recognises: one row a framework or runtime. A row matches a folder when any
 * `any` evidence key is present (and every `all` key); the first matching row wins, so rows go
 * from the most specific (Next) to the most general (Vite, Node, Go). `extra` rows (Storybook)
 * add a second service instead of competing.
 *
 * Evidence keys, produced by read-folder.ts: `npm:<dep>` (package.json), `py:<dep>`
 * (requirements*.txt, pyproject.toml, Pipfile), `gem:<gem>`, `mix:<dep>`, `composer:<pkg>`,
 * `go:<module>`, `cargo:<crate>`, `jvm:<artifact>` (pom.xml, build.gradle), `file:<name>` (a file
 * in the folder), `dotnet:web` (a web *.csproj). A trailing `*` matches a prefix.
 *
 * Commands may use `${PORT}` (kept for pd up) and placeholders filled per folder by
 * fill-command.ts: {exec} (run a package binary: npx, pnpm exec, yarn, bunx), {script} (the dev
 * or start script), {py} (uv run / poetry run / pipenv run), {asgi} and {wsgi} (module:app),
 * {mvn}, {gradle}, {entry} (main file for Bun and Deno).
 */
export type ServiceKind = 'web' | 'api' | 'docs' | 'mobile' | 'storybook';

export interface Framework {
  id: string;
  name: string;
  kind: ServiceKind;
  any: string[];
  all?: string[];
  cmd: string;
  env?: Record<string, string>;
  /** An HTTP path answering 2xx when up, or 'tcp' where no path is sure to exist (APIs). */
  health: string;
  extra?: boolean;
}

/** Every row, in matching order: JavaScript first, then the other runtimes. */
export const frameworks: Framework[] = [...jsFrameworks, ...otherFrameworks];
