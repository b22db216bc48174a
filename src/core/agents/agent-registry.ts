import { AGENT_ID, AGENT_ID_RULE } from '../../api/fields.js';
import { PdError } from '../../api/errors.js';
import type { PidCheck } from '../../shared/pid-alive.js';
import type { Db, Revision } from '../../store/index.js';
import type { Clock } from '../clock.js';
import type { EventLog } from '../events/index.js';
import { parseIdentity } from '../identity/index.js';
import type { Agent, RegisterAgentInput, RegisterResult, SalvageState } from './agent.js';
import { agentsTable, withLiveness, type StoredAgent } from './agents-table.js';
import { PidSweep } from './pid-sweep.js';

export interface AgentRegistryDeps {
  db: Db;
  clock: Clock;
  revision: Revision;
  events: EventLog;
  isPidAlive: PidCheck;
  /** Default heartbeat timeout (config.agentTimeoutMs). */
  timeoutMs: number;
}

export const MIN_AGENT_TIMEOUT_MS = 1000;
const MAX_TEXT = 1000;

function invalid(path: string, message: string): PdError {
  return new PdError('INVALID_INPUT', message, { issues: [{ path, message }] });
}

export function checkAgentId(id: string): void {
  if (!AGENT_ID.test(id)) throw invalid('id', `invalid agent id "${id}": ${AGENT_ID_RULE}`);
}

function notFound(id: string): PdError {
  return new PdError('NOT_FOUND', `no agent ${id}; register it with: pd agent register`, {
    agent: id,
  });
}

/** A project is one identity segment: `myapp`, never `myapp:api`. */
function checkProject(project: string): string {
  const rule = `invalid project "${project}": one identity segment (a-z, 0-9, '.', '_', '-'), e.g. myapp`;
  let segments: string[];
  try {
    ({ segments } = parseIdentity(project));
  } catch {
    throw invalid('project', rule);
  }
  if (segments.length !== 1) throw invalid('project', rule);
  return segments[0]!;
}

function checkText(value: string | undefined, path: string): string | undefined {
  if (value !== undefined && value.length > MAX_TEXT)
    throw invalid(path, `${path} is ${value.length} characters, at most ${MAX_TEXT} allowed`);
  return value;
}

/**
 * Who is working: agents register, heartbeat, and end by leaving or dying. A heartbeat is kept
 * in memory and written to the store only when the stored one is a quarter of the timeout old
 * (as etcd keeps lease renewals off its log): 1,000 agents beating every second cost a few
 * writes a second, not 1,000 commits. Whatever reads an agent sees the newest beat; the reaper
 * checks it before declaring anyone dead; a graceful stop writes them all. After a crash an
 * agent's stored beat is at most a quarter of its timeout behind, so nobody alive dies of it.
 */
export class AgentRegistry {
  private readonly table;
  private readonly sweep;
  /** Heartbeats newer than the stored ones, by agent id. */
  private readonly beats = new Map<string, number>();

  constructor(protected readonly deps: AgentRegistryDeps) {
    this.table = agentsTable(deps.db);
    this.sweep = new PidSweep(deps.isPidAlive);
  }

  /** Creates or updates the agent; counts as a heartbeat; a dead or left agent comes back alive. */
  register(input: RegisterAgentInput): RegisterResult {
    checkAgentId(input.id);
    const identity = input.identity === undefined ? undefined : parseIdentity(input.identity);
    const project =
      input.project === undefined ? identity?.segments[0] : checkProject(input.project);
    if (input.timeoutMs !== undefined && !(input.timeoutMs >= MIN_AGENT_TIMEOUT_MS)) {
      throw invalid('timeout', `invalid timeout: at least 1s, got ${input.timeoutMs} ms`);
    }
    if (input.pid !== undefined && !(Number.isInteger(input.pid) && input.pid > 0))
      throw invalid('pid', `invalid pid ${input.pid}: a positive integer`);
    const name = checkText(input.name, 'name');
    const purpose = checkText(input.purpose, 'purpose');
    const { clock, events, revision } = this.deps;
    return events.transact(() => {
      const now = clock.now();
      const before = this.table.get(input.id);
      const ended = before !== undefined && before.state !== 'alive';
      const agent: StoredAgent = {
        id: input.id,
        name: name ?? before?.name ?? input.id,
        project: project ?? before?.project ?? null,
        identity: identity?.full ?? before?.identity ?? null,
        purpose: purpose ?? before?.purpose ?? null,
        // The process of an ended agent is gone: a revived one keeps only a pid it names again.
        pid: input.pid ?? (ended ? null : (before?.pid ?? null)),
        registeredAt: before?.registeredAt ?? now,
        heartbeatAt: now,
        timeoutMs: input.timeoutMs ?? before?.timeoutMs ?? this.deps.timeoutMs,
        state: 'alive',
        endedAt: null,
        endReason: null,
        salvage: before?.salvage ?? null,
      };
      this.table.save(agent);
      this.beats.delete(agent.id);
      const rev = revision.next();
      if (ended) this.appendRevived(rev, before, 'register');
      events.append(rev, 'agent.registered', agent.id, {
        name: agent.name,
        project: agent.project,
        identity: agent.identity,
        purpose: agent.purpose,
        pid: agent.pid,
        created: before === undefined,
      });
      const deadInProject = agent.project === null ? [] : this.awaitingSalvage(agent.project);
      return { agent: withLiveness(agent, now), created: before === undefined, deadInProject };
    });
  }

  /** NOT_FOUND for an unknown id; a dead agent that heartbeats comes back alive. */
  heartbeat(id: string): Agent {
    checkAgentId(id);
    const now = this.deps.clock.now();
    const stored = this.table.get(id);
    if (!stored) throw notFound(id);
    if (stored.state !== 'alive') return this.revive(stored, now);
    this.beat(stored, now);
    return withLiveness({ ...stored, heartbeatAt: now }, now);
  }

  /** A heartbeat without an event, for calls that prove the agent is there (notes, phases). */
  touch(id: string): void {
    const stored = this.table.get(id);
    if (stored?.state === 'alive') this.beat(stored, this.deps.clock.now());
  }

  /** Writes every heartbeat kept in memory (the daemon is stopping). */
  flushHeartbeats(): void {
    if (this.beats.size === 0) return;
    this.deps.events.transact(() => {
      for (const [id, at] of this.beats) this.table.heartbeat(id, at);
    });
    this.beats.clear();
  }

  private beat(stored: StoredAgent, now: number): void {
    if (now - stored.heartbeatAt < stored.timeoutMs / 4) {
      this.beats.set(stored.id, now);
      return;
    }
    this.table.heartbeat(stored.id, now);
    this.beats.delete(stored.id);
  }

  /** The agent with its newest heartbeat, stored or not. */
  private current(agent: StoredAgent): StoredAgent {
    const beat = this.beats.get(agent.id);
    return beat !== undefined && beat > agent.heartbeatAt && agent.state === 'alive'
      ? { ...agent, heartbeatAt: beat }
      : agent;
  }

  get(id: string): Agent | undefined {
    checkAgentId(id);
    const agent = this.table.get(id);
    return agent && withLiveness(this.current(agent), this.deps.clock.now());
  }

  /** Alive and stale agents; `all` adds dead and left ones. */
  list(filter: { project?: string | undefined; all?: boolean | undefined } = {}): Agent[] {
    const project = filter.project === undefined ? undefined : checkProject(filter.project);
    const now = this.deps.clock.now();
    return this.table
      .list(project, filter.all ?? false)
      .map((agent) => withLiveness(this.current(agent), now));
  }

  /** Marks it left; the caller (recovery) releases what it held. An ended agent stays as it is. */
  unregister(id: string): Agent {
    checkAgentId(id);
    const { clock, events, revision } = this.deps;
    return events.transact(() => {
      const before = this.table.get(id);
      if (!before) throw notFound(id);
      const now = clock.now();
      if (!this.table.end(id, 'left', 'unregistered', now)) return before;
      this.beats.delete(id);
      events.append(revision.next(), 'agent.left', id, {
        project: before.project,
        identity: before.identity,
        pid: before.pid,
      });
      return { ...before, state: 'left', endedAt: now, endReason: 'unregistered' };
    });
  }

  /**
   * Marks agents whose pid died or whose heartbeat timed out as dead; each is returned once.
   * Runs every 500 ms: an indexed range query for deadlines, and pid checks only for agents
   * that gave a pid (many of them are checked in chunks between requests: see PidSweep);
   * nothing is written when nobody died.
   */
  reapDead(): Agent[] {
    const now = this.deps.clock.now();
    const gone = this.sweep.take();
    const targets = this.table.withPid();
    if (targets.length <= this.sweep.chunkSize) {
      for (const { id, pid } of this.sweep.checkNow(targets)) gone.set(id, pid);
    } else this.sweep.start(targets);
    const dying = new Map<string, { reason: 'pid-dead' | 'timeout'; pid?: number }>();
    for (const [id, pid] of gone) dying.set(id, { reason: 'pid-dead', pid });
    for (const agent of this.table.timedOut(now)) {
      if (dying.has(agent.id)) continue;
      const beat = this.beats.get(agent.id);
      // Beaten in memory since: store that beat, which moves its deadline on.
      if (beat !== undefined && beat + agent.timeoutMs > now) this.table.heartbeat(agent.id, beat);
      else dying.set(agent.id, { reason: 'timeout' });
    }
    if (dying.size === 0) return [];
    const { events, revision } = this.deps;
    return events.transact(() => {
      const died: Agent[] = [];
      for (const [id, { reason, pid }] of dying) {
        const before = this.table.get(id);
        // A finding from an earlier sweep is void once the agent registered another pid.
        if (!before || (pid !== undefined && before.pid !== pid)) continue;
        const latest = this.current(before);
        if (!this.table.end(id, 'dead', reason, now)) continue;
        this.beats.delete(id);
        events.append(revision.next(), 'agent.died', id, {
          reason,
          project: before.project,
          identity: before.identity,
          pid: before.pid,
          heartbeatAt: latest.heartbeatAt,
        });
        died.push({ ...latest, state: 'dead', endedAt: now, endReason: reason });
      }
      return died;
    });
  }

  /** Resolves once a pid sweep in progress has finished (for tests). */
  pidSweepSettled(): Promise<void> {
    return this.sweep.settled();
  }

  setSalvage(id: string, state: SalvageState | null): Agent {
    checkAgentId(id);
    const { clock, events, revision } = this.deps;
    return events.transact(() => {
      const before = this.table.get(id);
      if (!before) throw notFound(id);
      this.table.setSalvage(id, state);
      events.append(revision.next(), 'agent.salvage', id, { salvage: state, was: before.salvage });
      return withLiveness({ ...before, salvage: state }, clock.now());
    });
  }

  /**
   * Agents whose work waits for salvage, optionally in one project: dead ones not yet claimed or
   * dismissed (salvage null or pending), and left ones whose open session was abandoned (pending).
   */
  awaitingSalvage(project?: string): Agent[] {
    return this.table.awaitingSalvage(project === undefined ? undefined : checkProject(project));
  }

  private revive(before: StoredAgent, now: number): Agent {
    const { events, revision, isPidAlive } = this.deps;
    return events.transact(() => {
      // A pid that died is what killed it; whoever heartbeats now is another process.
      const pid = before.pid !== null && isPidAlive(before.pid) ? before.pid : null;
      const agent: StoredAgent = {
        ...before,
        pid,
        heartbeatAt: now,
        state: 'alive',
        endedAt: null,
        endReason: null,
      };
      this.table.save(agent);
      this.appendRevived(revision.next(), before, 'heartbeat');
      return agent;
    });
  }

  private appendRevived(rev: number, before: StoredAgent, by: 'register' | 'heartbeat'): void {
    this.deps.events.append(rev, 'agent.revived', before.id, {
      was: before.state,
      endReason: before.endReason,
      project: before.project,
      by,
    });
  }
}
