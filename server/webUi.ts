/**
 * The local server stands in for the ClearML web UI on the addresses the extension links to (settings pages,
 * invitation links), so "Open Settings in the ClearML Web UI" in the demo shows where a real server would take the
 * user instead of a JSON error. Text only; nothing from the request is echoed unescaped.
 */
import type { ServerResponse } from 'node:http';

const PAGES: Record<string, string> = {
  '/settings/profile': 'Settings → Profile: your name and AI gateway tokens',
  '/settings/workspace-configuration': 'Settings → Workspace: app credentials and the configuration vault',
  '/settings/users': 'Settings → Users & Invitations: workspace members and pending invitations',
  '/settings/webapp-configuration': 'Settings → Web App Configuration: browser storage access and preferences',
};

export function isWebUiPath(pathname: string): boolean {
  return pathname === '/' || pathname === '/settings' || pathname.startsWith('/settings/');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function sendWebUiStandIn(res: ServerResponse, url: URL, method: string): void {
  const page = url.pathname.replace(/\/+$/, '') || '/';
  const invite = url.searchParams.get('invite');
  const what = invite !== null
    ? `the invitation to join a workspace (invitation ${invite}); accepting it there adds you to the workspace`
    : PAGES[page] ?? (page === '/' ? 'the ClearML web UI home page' : `the web UI page ${page}`);
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>ClearML web UI (local stand-in)</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#222}code{background:#eee;padding:0 .2rem}</style></head>
<body><h1>Local ClearML server</h1>
<p>This is the local API server of the ClearML Settings extension (demo and tests). It has no web UI.</p>
<p>A real ClearML server would show <strong>${escapeHtml(what)}</strong> at <code>${escapeHtml(url.pathname + url.search)}</code>.</p>
</body></html>`;
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(body), 'X-Content-Type-Options': 'nosniff' });
  res.end(method === 'HEAD' ? undefined : body);
}
