import { describe, expect, it } from 'vitest';
import { interpolatePorts, portReferences, referencedServices } from './interpolate.js';

describe('port interpolation', () => {
  const ports = { api: 4100, db: 4200 };

  it('replaces ${PORT} with the own port and ${PORT:x} with x’s', () => {
    expect(interpolatePorts('next dev -p ${PORT}', 'api', ports)).toBe('next dev -p 4100');
    expect(interpolatePorts('postgres://localhost:${PORT:db}/app', 'api', ports)).toBe(
      'postgres://localhost:4200/app',
    );
  });

  it('keeps $${PORT} as a literal ${PORT} and leaves other ${...} to the shell', () => {
    expect(interpolatePorts('echo $${PORT} ${HOME} $PORT', 'api', ports)).toBe(
      'echo ${PORT} ${HOME} $PORT',
    );
    expect(portReferences('$${PORT:db} ${PORT}')).toEqual([{ service: null, text: '${PORT}' }]);
  });

  it('throws on a port it does not have', () => {
    expect(() => interpolatePorts('${PORT:web}', 'api', ports)).toThrow(
      'no port for service "web"',
    );
  });

  it('lists the services referenced from cmd and env', () => {
    expect(
      referencedServices({
        cmd: 'x ${PORT:db} ${PORT}',
        env: { A: '${PORT:cache}', B: '${PORT:db}' },
      }),
    ).toEqual(['db', 'cache']);
  });
});
