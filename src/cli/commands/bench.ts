import type { Command } from 'commander';
import { PdClient } from '../../client/index.js';
import type { CliContext } from '../cli-context.js';
import { printJson, printLine } from '../output.js';
import { parseCount } from '../parse-options.js';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
}

/** Claim+release round trips on one keep-alive connection, then claims/s over ten. */
export async function measureClaims(
  url: string,
  count: number,
): Promise<{ p50Ms: number; p99Ms: number; claimsPerSecond: number }> {
  const one = new PdClient({ url });
  const samples: number[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const identity = `pd-bench:latency:c${i % 50}`;
      const start = process.hrtime.bigint();
      await one.claim({ identity });
      await one.release(identity);
      samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  } finally {
    one.close();
  }
  samples.sort((a, b) => a - b);
  const clients = Array.from({ length: 10 }, () => new PdClient({ url }));
  const perClient = Math.ceil(count / 10);
  const start = process.hrtime.bigint();
  await Promise.all(
    clients.map(async (client, c) => {
      for (let i = 0; i < perClient; i++)
        await client.claim({ identity: `pd-bench:throughput:w${c}-${i}` });
    }),
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  await clients[0]!.release('pd-bench:*');
  for (const client of clients) client.close();
  return {
    p50Ms: percentile(samples, 50),
    p99Ms: percentile(samples, 99),
    claimsPerSecond: Math.round((perClient * 10) / seconds),
  };
}

export function registerBench(program: Command, ctx: CliContext): void {
  program
    .command('bench')
    .description('Measure claim latency and throughput against the running daemon')
    .argument('[n]', 'round trips to time', parseCount, 2000)
    .option('--json', 'print the figures as JSON')
    .action(async (count: number, options: { json?: boolean }) => {
      await ctx.call((client) => client.health());
      const result = await measureClaims(ctx.config.url, count);
      if (options.json) return printJson(result);
      printLine(
        `claim+release, 1 connection:  p50 ${result.p50Ms.toFixed(3)} ms  p99 ${result.p99Ms.toFixed(3)} ms  (${count} round trips)`,
      );
      printLine(`claims/s, 10 connections:     ${result.claimsPerSecond}`);
    });
}
