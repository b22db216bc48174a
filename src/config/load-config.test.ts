import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './load-config.js';

describe('loadConfig', () => {
  it('defaults to loopback 9876, ~/.port-daddy and the 3100-9999 range', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      url: 'http://127.0.0.1:9876',
      host: '127.0.0.1',
      port: 9876,
      range: { start: 3100, end: 9999 },
      autostart: true,
    });
    expect(config.home).toBe(path.join(os.homedir(), '.port-daddy'));
  });

  it('reads PORT_DADDY_* and lets --port override the URL port', () => {
    const env = {
      PORT_DADDY_URL: 'http://localhost:7000',
      PORT_DADDY_HOME: 'rel/home',
      PORT_DADDY_RANGE_START: '4000',
      PORT_DADDY_RANGE_END: '4010',
      PORT_DADDY_NO_AUTOSTART: '1',
    };
    const config = loadConfig(env, { port: 7100 });
    expect(config).toMatchObject({
      url: 'http://localhost:7100',
      host: 'localhost',
      port: 7100,
      range: { start: 4000, end: 4010 },
      autostart: false,
    });
    expect(config.home).toBe(path.resolve('rel/home'));
  });

  it('explains bad values', () => {
    expect(() => loadConfig({ PORT_DADDY_URL: 'ftp://x' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT_DADDY_RANGE_START: 'abc' })).toThrow(
      /PORT_DADDY_RANGE_START must be a port number/,
    );
    expect(() =>
      loadConfig({ PORT_DADDY_RANGE_START: '5000', PORT_DADDY_RANGE_END: '4000' }),
    ).toThrow(/is above/);
  });
});
