import { describe, expect, it } from 'vitest';
import { renderProxyPage, wantsJson } from './proxy-page.js';
import { unknownService } from './proxy-problems.js';

describe('proxy pages', () => {
  it('gives browsers HTML and asks for JSON explicitly', () => {
    expect(wantsJson(undefined)).toBe(false);
    expect(wantsJson('*/*')).toBe(false);
    expect(wantsJson('text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8')).toBe(
      false,
    );
    expect(wantsJson('application/json')).toBe(true);
    expect(wantsJson('application/problem+json, */*')).toBe(true);
  });

  it('escapes what the Host header put in the page', () => {
    const problem = unknownService('<script>.x.localhost', 'x:<script>', [
      { identity: 'a:b', url: 'http://b.a.localhost:1/', port: 3100 },
    ]);
    const page = renderProxyPage(problem, 'text/html');
    expect(page.status).toBe(404);
    expect(page.body).not.toContain('<script>');
    expect(page.body).toContain('&lt;script&gt;.x.localhost');
    expect(page.body).toContain('<a href="http://b.a.localhost:1/">');
  });

  it('says how to make a route when there is none', () => {
    const page = renderProxyPage(unknownService('a.b.localhost', 'b:a', []), undefined);
    expect(page.body).toContain('Nothing is routable yet');
  });
});
