import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimOverHttp } from '../helpers/claims.js';
import { startDaemon, stopDaemon, type TestDaemon } from '../helpers/daemon.js';
import { hostRequest, startUpstream } from '../helpers/proxy.js';

describe('opt-in *.pd.local names', () => {
  let plain: TestDaemon;
  let optedIn: TestDaemon;
  const upstreams: Awaited<ReturnType<typeof startUpstream>>[] = [];

  beforeAll(async () => {
    [plain, optedIn] = await Promise.all([
      startDaemon(),
      startDaemon({ env: { PORT_DADDY_PD_LOCAL: '1' } }),
    ]);
    for (const daemon of [plain, optedIn]) {
      const port = await claimOverHttp(daemon, 'myapp:api');
      upstreams.push(await startUpstream(port, (_request, response) => response.end('upstream')));
    }
  });
  afterAll(async () => {
    for (const upstream of upstreams) await upstream.close();
    await Promise.all([stopDaemon(plain), stopDaemon(optedIn)]);
  });

  it('routes api.myapp.pd.local only on a daemon started with PORT_DADDY_PD_LOCAL=1', async () => {
    const routed = await hostRequest(optedIn.port, `api.myapp.pd.local:${optedIn.port}`);
    expect(routed.status).toBe(200);
    expect(routed.body).toBe('upstream');
    // Without the opt-in the name is a foreign Host: the API's guard refuses it.
    const refused = await hostRequest(plain.port, `api.myapp.pd.local:${plain.port}`);
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('FORBIDDEN_HOST');
  });

  it('pd url --pd-local prints the pd.local URL and, on stderr, the resolver set-up', async () => {
    const result = await optedIn.cli(['url', 'myapp:api', '--pd-local']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(`http://api.myapp.pd.local:${optedIn.port}/\n`);
    expect(result.stderr).toContain('address=/pd.local/127.0.0.1');
    expect(result.stderr).toContain('PORT_DADDY_PD_LOCAL=1 pd start');
    const plainUrl = await optedIn.cli(['url', 'myapp:api']);
    expect(plainUrl.stdout).toBe(`http://api.myapp.localhost:${optedIn.port}/\n`);
  });
});
