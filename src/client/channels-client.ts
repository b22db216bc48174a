import type {
  ChannelScope,
  ClearResponse,
  DeclaredChannelView,
  DiscoverResponse,
} from '../api/channels.js';
import { PdError } from '../api/errors.js';
import { readGitPlace } from './git-place.js';
import type { HttpTransport } from './http-transport.js';
import { physicalChannel, type GitPlace } from './physical-channel.js';

export interface ResolvedChannel {
  /** The name given. */
  name: string;
  /** The channel messages go to: the name itself unless it is a declared repo/branch channel. */
  channel: string;
  declared?: DeclaredChannelView;
}

export interface ResolveOptions {
  /** Use the name as is: no lookup, no git. */
  raw?: boolean | undefined;
  /** The work tree whose repo and branch scope the channel (default: the current directory). */
  cwd?: string | undefined;
}

/** Names that can never be declared (patterns, `@` suffixes, pd:) skip the lookup. */
const DECLARABLE = /^(?!pd(:|$))[A-Za-z0-9_][A-Za-z0-9._-]*(:[A-Za-z0-9_][A-Za-z0-9._-]*)*$/;

/** Declared channels: names with a scope (global, repo, branch), resolved here from git. */
export class ChannelsClient {
  private place: Promise<GitPlace | undefined> | undefined;

  constructor(readonly transport: HttpTransport) {}

  /** Declares a channel, or updates its scope and aliases. */
  ensure(
    name: string,
    options: { scope: ChannelScope; aliases?: string[] | undefined },
  ): Promise<DeclaredChannelView> {
    return this.transport.request('POST', '/declared-channels', { name, ...options });
  }

  /** Declared channels and the physical channels holding messages, whose names start with prefix. */
  discover(prefix?: string): Promise<DiscoverResponse> {
    const search = prefix === undefined ? '' : `?prefix=${encodeURIComponent(prefix)}`;
    return this.transport.request('GET', `/declared-channels${search}`);
  }

  /** The declaration of a name or alias; rejects with NOT_FOUND when there is none. */
  get(name: string): Promise<DeclaredChannelView> {
    return this.transport.request('GET', `/declared-channels/${encodeURIComponent(name)}`);
  }

  /** Removes every retained message of a physical channel. */
  clear(channel: string): Promise<ClearResponse> {
    return this.transport.request('DELETE', `/channels/${encodeURIComponent(channel)}/messages`);
  }

  /**
   * The physical channel for a name: a declared repo- or branch-scoped name (or alias) gets
   * `@<repo>` or `@<repo>:<branch>` of the work tree at `cwd`; anything else stays as it is.
   */
  async resolve(name: string, options: ResolveOptions = {}): Promise<ResolvedChannel> {
    if (options.raw || !DECLARABLE.test(name)) return { name, channel: name };
    let declared: DeclaredChannelView;
    try {
      declared = await this.get(name);
    } catch (error) {
      if (error instanceof PdError && error.code === 'NOT_FOUND') return { name, channel: name };
      throw error;
    }
    if (declared.scope === 'global') return { name, channel: declared.name, declared };
    const place = await this.gitPlace(options.cwd);
    if (!place) {
      throw new PdError(
        'NOT_A_GIT_REPO',
        `channel "${name}" is ${declared.scope}-scoped: run this inside a git work tree, or use --raw-channel`,
        { name, scope: declared.scope },
        400,
      );
    }
    return { name, channel: physicalChannel(declared.name, declared.scope, place), declared };
  }

  private gitPlace(cwd: string | undefined): Promise<GitPlace | undefined> {
    if (cwd !== undefined) return readGitPlace(cwd);
    return (this.place ??= readGitPlace());
  }
}
