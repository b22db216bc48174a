import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { findCycles, serviceOrder } from './dependency-order.js';

const svc = (...needs: string[]) => ({ cmd: 'true', needs });

describe('serviceOrder', () => {
  it('puts every service after what it needs, ties in declaration order', () => {
    const services = {
      web: svc('api'),
      api: svc('db', 'cache'),
      cache: svc(),
      db: svc(),
      docs: svc(),
    };
    expect(serviceOrder({ services })).toEqual(['cache', 'db', 'api', 'web', 'docs']);
  });

  it('with only, adds their transitive needs and nothing else', () => {
    const services = { web: svc('api'), api: svc('db'), db: svc(), docs: svc(), worker: svc('db') };
    expect(serviceOrder({ services }, ['web'])).toEqual(['db', 'api', 'web']);
    expect(serviceOrder({ services }, ['worker', 'docs'])).toEqual(['db', 'docs', 'worker']);
  });

  it('names a cycle', () => {
    const services = { api: svc('worker'), worker: svc('api'), db: svc() };
    expect(() => serviceOrder({ services })).toThrow(
      '.portdaddyrc: services.api.needs: dependency cycle: api -> worker -> api',
    );
  });

  it('rejects an unknown service in only', () => {
    const error = (() => {
      try {
        serviceOrder({ services: { api: svc() } }, ['nope']);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues).toEqual([
      { path: '', message: 'unknown service "nope" (services: api)' },
    ]);
  });
});

describe('findCycles', () => {
  it('finds each cycle once, longer ones too', () => {
    const services = {
      a: svc('b'),
      b: svc('c'),
      c: svc('a'),
      d: svc('e'),
      e: svc('d'),
      f: svc('a'),
    };
    expect(findCycles(services)).toEqual([
      ['a', 'b', 'c', 'a'],
      ['d', 'e', 'd'],
    ]);
  });

  it('ignores self needs and unknown names (reported elsewhere)', () => {
    expect(findCycles({ a: svc('a', 'zzz') })).toEqual([]);
  });
});
