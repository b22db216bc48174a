import { PdError } from '../client/index.js';
import type { McpContext } from './mcp-context.js';

export interface AgentIdentityOptions {
  /** Where a failed heartbeat is reported (stderr: stdout carries the protocol). */
  log(line: string): void;
}

/**
 * The server's agent: registered once with the server's pid (the daemon declares it dead the
 * moment the process is gone) and kept alive by a heartbeat every third of its timeout.
 */
export class AgentIdentity {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly ctx: McpContext,
    private readonly options: AgentIdentityOptions,
  ) {}

  get intervalMs(): number {
    return Math.max(1000, Math.floor(this.ctx.agentTimeoutMs / 3));
  }

  /** Registers, then heartbeats until stop(); a daemon that is down now is retried each beat. */
  async start(): Promise<void> {
    await this.report(() => this.register());
    this.timer = setInterval(() => void this.report(() => this.beat()), this.intervalMs);
    // The heartbeat alone must not keep the process alive once stdin has closed.
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async register(): Promise<void> {
    const { agent, pid } = this.ctx;
    await this.ctx.call((client) =>
      client.agents.register({ agent, pid, timeout: `${this.ctx.agentTimeoutMs}ms` }),
    );
  }

  /** A daemon that forgot the agent (a new data dir, say) gets it registered again. */
  private async beat(): Promise<void> {
    try {
      await this.ctx.call((client) => client.agents.heartbeat(this.ctx.agent));
    } catch (error) {
      if (!(error instanceof PdError && error.code === 'NOT_FOUND')) throw error;
      await this.register();
    }
  }

  private async report(step: () => Promise<void>): Promise<void> {
    try {
      await step();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.options.log(`pd mcp: agent ${this.ctx.agent}: ${message}`);
    }
  }
}
