import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { isPidAlive } from './pid-alive.js';

describe('isPidAlive', () => {
  it('is true for a running process and false once it is gone', async () => {
    expect(isPidAlive(process.pid)).toBe(true);
    const child = spawn('sleep', ['30']);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    expect(isPidAlive(child.pid!)).toBe(true);
    child.kill('SIGKILL');
    await exited;
    expect(isPidAlive(child.pid!)).toBe(false);
  });

  it.runIf(process.platform === 'linux')(
    'treats a zombie (exited, not reaped) as dead',
    async () => {
      // The shell's child exits at once, but the shell sleeps without reaping it.
      const shell = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 5'], {
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      const pid = Number(
        await new Promise<string>((resolve) =>
          shell.stdout.once('data', (d: Buffer) => resolve(d.toString())),
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      let killable = true;
      try {
        process.kill(pid, 0);
      } catch {
        killable = false;
      }
      expect(killable).toBe(true);
      expect(isPidAlive(pid)).toBe(false);
      shell.kill('SIGKILL');
    },
  );
});
