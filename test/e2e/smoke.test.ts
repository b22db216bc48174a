import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJson } from '../helpers/cli.js';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';

describe('smoke', () => {
  let daemon: TestDaemon;
  beforeAll(async () => {
    daemon = await startDaemon();
  });
  afterAll(async () => {
    await daemon.stop();
    daemon.cleanup();
  });

  it('claims the same port for the same identity', async () => {
    const first = await daemon.cli(['claim', 'smoke:api', '-q']);
    const second = await daemon.cli(['claim', 'smoke:api', '--json']);
    expect(first.code).toBe(0);
    expect(parseJson<{ port: number; existing: boolean }>(second)).toMatchObject({
      port: Number(first.stdout.trim()),
      existing: true,
    });
  });
});
