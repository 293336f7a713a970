/**
 * The three server addresses of a sign-in: derived from whichever one the user typed (as clearml-init and the web
 * UI derive them), and probed live, each with a finding that says whether it answers and, if not, why.
 */
import { buildContext, type CheckContext } from './context';
import { apiReachable, siteReachable } from './reachability';
import type { Finding } from './types';

export interface ServerUrls { apiServer: string; webServer: string; filesServer: string }

function parts(url: string): URL | undefined {
  try {
    const u = new URL(url.trim());
    return u.protocol === 'http:' || u.protocol === 'https:' ? u : undefined;
  } catch {
    return undefined;
  }
}

function variant(u: URL, role: 'api' | 'app' | 'files'): string {
  const copy = new URL(u.href);
  const ports = { api: ['8008', '30008'], app: ['8080', '30080'], files: ['8081', '30081'] }[role];
  const all = ['8008', '8080', '8081', '30008', '30080', '30081'];
  const i = all.indexOf(copy.port);
  if (i >= 0) copy.port = ports[i < 3 ? 0 : 1];
  const m = /^(api|app|files|demoapi|demoapp|demofiles)\./.exec(copy.hostname);
  if (m) copy.hostname = `${m[1].startsWith('demo') ? `demo${role}` : role}.${copy.hostname.slice(m[0].length)}`;
  const path = copy.pathname.replace(/\/+$/, '');
  // The web UI proxies the API under /api and the files under /files.
  const base = `${copy.protocol}//${copy.host}`;
  if (path === '/api' || path === '/files') return role === 'app' ? base : `${base}/${role}`;
  return base + path;
}

/** Which server a URL names, by its port, host prefix or path (API when nothing says otherwise). */
export function roleOf(url: string): 'api' | 'app' | 'files' {
  const u = parts(url);
  if (!u) return 'api';
  const path = u.pathname.replace(/\/+$/, '');
  if (path === '/api') return 'api';
  if (path === '/files') return 'files';
  if (['8080', '30080'].includes(u.port) || /^(demo)?app\./.test(u.hostname)) return 'app';
  if (['8081', '30081'].includes(u.port) || /^(demo)?files\./.test(u.hostname)) return 'files';
  return 'api';
}

/** The three addresses from any one of them; undefined when it is not an http(s) URL. */
export function deriveServerUrls(url: string): ServerUrls | undefined {
  const u = parts(url);
  if (!u) return undefined;
  return { apiServer: variant(u, 'api'), webServer: variant(u, 'app'), filesServer: variant(u, 'files') };
}

export interface ServerUrlsCheck { api: Finding; web: Finding; files: Finding; ok: boolean }

/** Probes the three in parallel (debug.ping on the API, GET on the others), honouring the TLS and proxy environment. */
export async function checkServerUrls(urls: ServerUrls, options: { env: Record<string, string | undefined>; homedir: string; timeoutMs?: number; signal?: AbortSignal }): Promise<ServerUrlsCheck> {
  const base = await buildContext(options);
  const ctx: CheckContext = {
    ...base,
    setup: { ...base.setup, apiServer: urls.apiServer, webServer: urls.webServer, filesServer: urls.filesServer, sources: {} },
  };
  const [api, web, files] = await Promise.all([apiReachable(ctx), siteReachable(ctx, 'webServer'), siteReachable(ctx, 'filesServer')]);
  return { api: api.finding, web, files, ok: api.ok && web.status === 'ok' && files.status === 'ok' };
}
