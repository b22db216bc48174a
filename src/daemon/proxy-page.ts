import type { RoutableService } from './proxy-route.js';

/** An answer the proxy gives itself: a status, and a page as HTML or JSON. */
export interface ProxyPage {
  status: number;
  contentType: string;
  body: string;
}

export interface ProxyProblem {
  status: 404 | 502 | 508;
  code: 'UNKNOWN_SERVICE' | 'UPSTREAM_UNREACHABLE' | 'PROXY_LOOP';
  title: string;
  message: string;
  /** One line of advice: what to run next. */
  hint: string;
  details: Record<string, unknown>;
  routes: RoutableService[];
}

/** JSON when the client asks for it and does not prefer HTML (browsers list text/html first). */
export function wantsJson(accept: string | undefined): boolean {
  if (accept === undefined) return false;
  const lower = accept.toLowerCase();
  return lower.includes('json') && !lower.includes('text/html');
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (char) =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char,
  );

function routeList(routes: RoutableService[]): string {
  if (routes.length === 0) {
    return '<p>Nothing is routable yet: claim a port for <code>project:service</code> (<code>pd up</code>, <code>pd run</code> or <code>pd claim</code>) and it appears here.</p>';
  }
  const items = routes.map(
    (route) =>
      `<li><a href="${escapeHtml(route.url)}">${escapeHtml(route.url)}</a> ` +
      `<small>${escapeHtml(route.identity)} on port ${route.port}</small></li>`,
  );
  return `<h2>Routable services</h2>\n<ul>\n${items.join('\n')}\n</ul>`;
}

function html(problem: ProxyProblem): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${problem.status} ${escapeHtml(problem.title)} - port-daddy</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:46rem;margin:3rem auto;padding:0 1rem;color:#222}code{background:#f3f3f3;padding:0 .2em}small{color:#666}</style>
</head>
<body>
<h1>${problem.status} ${escapeHtml(problem.title)}</h1>
<p>${escapeHtml(problem.message)}</p>
<p>${escapeHtml(problem.hint)}</p>
${routeList(problem.routes)}
<p><small>Served by the port-daddy proxy.</small></p>
</body>
</html>
`;
}

/** The page for a problem, in the format the client asked for. */
export function renderProxyPage(problem: ProxyProblem, accept: string | undefined): ProxyPage {
  if (wantsJson(accept)) {
    const { code, message, hint, details, routes } = problem;
    return {
      status: problem.status,
      contentType: 'application/json; charset=utf-8',
      body: JSON.stringify({ error: { code, message, details: { ...details, hint, routes } } }),
    };
  }
  return { status: problem.status, contentType: 'text/html; charset=utf-8', body: html(problem) };
}
