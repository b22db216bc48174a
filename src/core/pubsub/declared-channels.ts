import { PdError } from '../../api/errors.js';
import type { ChannelScope } from '../../api/channels.js';
import type { Db, Revision } from '../../store/index.js';
import type { Clock } from '../clock.js';
import type { EventLog } from '../events/index.js';
import { checkChannelName, isSystemChannel } from './channel-pattern.js';
import type { PubSub } from './pubsub.js';

export interface DeclaredChannel {
  name: string;
  scope: ChannelScope;
  aliases: string[];
  declaredAt: number;
  updatedAt: number;
}

export interface DeclaredChannelsDeps {
  db: Db;
  clock: Clock;
  revision: Revision;
  events: EventLog;
  pubsub: PubSub;
}

export interface ChannelStats {
  name: string;
  retained: number;
  lastId: number;
}

/** The client appends `@<repo>` (and `:<branch>`) to the last segment: it must leave room. */
const MAX_LAST_SEGMENT = 32;

interface DeclaredRow {
  name: string;
  scope: ChannelScope;
  declared_at: number;
  updated_at: number;
}

function invalid(field: string, message: string): PdError {
  return new PdError('INVALID_INPUT', message, { issues: [{ path: field, message }] });
}

/** Logical names: the channel grammar, no '@' (it separates the scope), a short last segment. */
export function checkDeclaredName(name: string, field = 'name'): void {
  checkChannelName(name, field);
  if (name.includes('@'))
    throw invalid(field, `invalid ${field} "${name}": '@' is kept for the repo and branch suffix`);
  if (isSystemChannel(name))
    throw invalid(field, `invalid ${field} "${name}": names under pd: are reserved`);
  if (name.split(':').at(-1)!.length > MAX_LAST_SEGMENT)
    throw invalid(
      field,
      `invalid ${field} "${name}": its last segment may have at most ${MAX_LAST_SEGMENT} characters`,
    );
}

/** Declared channels: logical names with a scope and aliases, and clearing what a channel holds. */
export class DeclaredChannels {
  private readonly statements;

  constructor(private readonly deps: DeclaredChannelsDeps) {
    const { db } = deps;
    this.statements = {
      upsert: db.prepare(
        `INSERT INTO declared_channels (name, scope, declared_at, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET scope = excluded.scope, updated_at = excluded.updated_at`,
      ),
      byName: db.prepare('SELECT * FROM declared_channels WHERE name = ?'),
      all: db.prepare('SELECT * FROM declared_channels ORDER BY name'),
      aliasOwner: db.prepare('SELECT name FROM channel_aliases WHERE alias = ?').pluck(),
      aliasesOf: db
        .prepare('SELECT alias FROM channel_aliases WHERE name = ? ORDER BY alias')
        .pluck(),
      dropAliases: db.prepare('DELETE FROM channel_aliases WHERE name = ?'),
      addAlias: db.prepare('INSERT INTO channel_aliases (alias, name) VALUES (?, ?)'),
    };
  }

  /** Declares `name`, or updates its scope and aliases; one transaction, one event. */
  ensure(name: string, scope: ChannelScope, aliases?: readonly string[]): DeclaredChannel {
    checkDeclaredName(name);
    const unique = aliases === undefined ? undefined : [...new Set(aliases)];
    unique?.forEach((alias, index) => {
      checkDeclaredName(alias, `aliases.${index}`);
      if (alias === name)
        throw invalid(
          `aliases.${index}`,
          `invalid aliases.${index} "${alias}": it is the name itself`,
        );
    });
    const { events, revision, clock } = this.deps;
    return events.transact(() => {
      this.checkFree(name, name, 'name');
      unique?.forEach((alias, index) => this.checkFree(alias, name, `aliases.${index}`));
      const now = clock.now();
      this.statements.upsert.run(name, scope, now, now);
      if (unique !== undefined) {
        this.statements.dropAliases.run(name);
        for (const alias of unique) this.statements.addAlias.run(alias, name);
      }
      const declared = this.get(name)!;
      events.append(revision.next(), 'channel.declared', name, {
        scope,
        aliases: declared.aliases,
      });
      return declared;
    });
  }

  /** The declaration a name or an alias belongs to. */
  get(nameOrAlias: string): DeclaredChannel | undefined {
    const owner =
      (this.statements.aliasOwner.get(nameOrAlias) as string | undefined) ?? nameOrAlias;
    const row = this.statements.byName.get(owner) as DeclaredRow | undefined;
    return row && this.toDeclared(row);
  }

  /** Declarations whose name or an alias starts with `prefix`, and physical channels that do. */
  discover(prefix = ''): { declared: DeclaredChannel[]; channels: ChannelStats[] } {
    const declared = (this.statements.all.all() as DeclaredRow[])
      .map((row) => this.toDeclared(row))
      .filter((d) => [d.name, ...d.aliases].some((name) => name.startsWith(prefix)));
    const channels = this.deps.pubsub
      .knownChannels()
      .filter((channel) => channel.name.startsWith(prefix))
      .map(({ name, retained, lastId }) => ({ name, retained, lastId }));
    return { declared, channels };
  }

  /** Removes what a physical channel retains; the ids it used are never given again. */
  clear(channel: string): number {
    if (isSystemChannel(channel))
      throw invalid('channel', `channel "${channel}" is the daemon's own: it cannot be cleared`);
    const { events, revision, pubsub } = this.deps;
    return events.transact(() => {
      const removed = pubsub.clearRetained(channel);
      events.append(revision.next(), 'channel.cleared', channel, { removed });
      return removed;
    });
  }

  private checkFree(candidate: string, owner: string, field: string): void {
    const aliasOwner = this.statements.aliasOwner.get(candidate) as string | undefined;
    const declaredElsewhere =
      candidate !== owner && this.statements.byName.get(candidate) !== undefined;
    if ((aliasOwner !== undefined && aliasOwner !== owner) || declaredElsewhere) {
      throw new PdError(
        'CHANNEL_NAME_TAKEN',
        `"${candidate}" already names the declared channel "${aliasOwner ?? candidate}"`,
        { field, holder: aliasOwner ?? candidate },
      );
    }
  }

  private toDeclared(row: DeclaredRow): DeclaredChannel {
    return {
      name: row.name,
      scope: row.scope,
      aliases: this.statements.aliasesOf.all(row.name) as string[],
      declaredAt: row.declared_at,
      updatedAt: row.updated_at,
    };
  }
}
