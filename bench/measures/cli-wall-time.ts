import { spawn } from 'node:child_process';
import { median, msSince, now } from '../stats.js';

export interface CliWallTimeOptions {
  cli: string;
  /** Env pointing at the bench daemon, with autostart off. */
  env: NodeJS.ProcessEnv;
  identity: string;
  runs: number;
  warmup: number;
}

export interface CliWallTimeResult {
  runs: number;
  pdClaimMs: number;
  nodeBaselineMs: number;
  ratio: number;
  pdClaimSamplesMs: number[];
  nodeBaselineSamplesMs: number[];
}

interface Timed {
  ms: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Wall time of one whole process, from spawn until it exited and its output closed. */
function timeProcess(args: string[], env: NodeJS.ProcessEnv): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const start = now();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ ms: msSince(start), code, stdout, stderr }));
  });
}

/** `pd claim <identity> -q` against `node -e 0`, interleaved so drift hits both alike. */
export async function measureCliWallTime(options: CliWallTimeOptions): Promise<CliWallTimeResult> {
  const env = { ...process.env, NO_COLOR: '1', ...options.env };
  const pdArgs = [options.cli, 'claim', options.identity, '-q'];
  const pd: number[] = [];
  const node: number[] = [];
  for (let run = 0; run < options.warmup + options.runs; run++) {
    const baseline = await timeProcess(['-e', '0'], env);
    const claim = await timeProcess(pdArgs, env);
    if (claim.code !== 0 || !/^\d+\n$/.test(claim.stdout)) {
      throw new Error(
        `pd claim -q failed (exit ${claim.code}): stdout ${JSON.stringify(claim.stdout)} stderr ${claim.stderr}`,
      );
    }
    if (run < options.warmup) continue;
    node.push(baseline.ms);
    pd.push(claim.ms);
  }
  const pdClaimMs = median(pd);
  const nodeBaselineMs = median(node);
  return {
    runs: options.runs,
    pdClaimMs,
    nodeBaselineMs,
    ratio: pdClaimMs / nodeBaselineMs,
    pdClaimSamplesMs: pd,
    nodeBaselineSamplesMs: node,
  };
}
