import { describe, expect, it } from 'vitest';
import { LogPrefixer } from './log-prefix.js';

describe('LogPrefixer', () => {
  it('pads every name to the longest, pd included', () => {
    const prefixer = new LogPrefixer(['db', 'frontend'], false);
    expect(prefixer.line('db', 'ready')).toBe('db       | ready');
    expect(prefixer.line('frontend', 'x')).toBe('frontend | x');
    expect(prefixer.line('pd', 'up')).toBe('pd       | up');
  });

  it('is at least as wide as pd', () => {
    expect(new LogPrefixer(['a'], false).line('a', 'x')).toBe('a  | x');
  });

  it('prints no escape codes without colour', () => {
    expect(new LogPrefixer(['api'], false).prefix('api')).not.toContain('\u001b[');
  });

  it('gives each service its own colour and keeps the text outside it', () => {
    const prefixer = new LogPrefixer(['api', 'web'], true);
    const api = prefixer.prefix('api');
    const web = prefixer.prefix('web');
    expect(api).toContain('\u001b[');
    expect(api).not.toBe(web.replace('web', 'api'));
    expect(prefixer.line('api', 'hello')).toBe(`${api}hello`);
    expect(api.endsWith('m ')).toBe(true);
  });
});
