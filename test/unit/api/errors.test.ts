/** Error paths of the client: typed HTTP errors, non-JSON bodies, connection failures, cancellation, timeout. */
import { test, describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { startServer, type RunningServer } from '../../../server/index';
import { ClearMLApiError, ClearMLClient } from '../../../src/core/api/index';
import { DEMO, client } from './helpers';

let srv: RunningServer;

function isApiError(check: (e: ClearMLApiError) => boolean) {
  return (e: unknown): boolean => {
    if (!(e instanceof ClearMLApiError)) throw e;
    if (!check(e)) throw new Error(`unexpected error: ${JSON.stringify({ message: e.message, kind: e.kind, code: e.code, subcode: e.subcode, serverMessage: e.serverMessage })}`);
    return true;
  };
}

async function plainServer(handler: (url: string) => { status: number; type: string; body: string }): Promise<{ url: string; close(): Promise<void>; server: Server }> {
  const server = createServer((req, res) => {
    let b = '';
    req.on('data', (c: Buffer) => { b += c.toString(); });
    req.on('end', () => {
      const r = handler(`${req.url ?? ''} ${b}`);
      res.writeHead(r.status, { 'Content-Type': r.type });
      res.end(r.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise<void>((r) => { server.close(() => r()); server.closeAllConnections(); }) };
}

describe('client errors', () => {
  beforeEach(async () => { srv = await startServer({ port: 0, edition: 'hosted' }); });
  afterEach(async () => { await srv.close(); });

  test('HTTP errors carry endpoint, code, subcode, server message and trx; message names all of them', async () => {
    const c = client(srv);
    await assert.rejects(c.editCredentialLabel(DEMO.unknownKey.accessKey, 'x'), isApiError((e) =>
      e.kind === 'http' && e.endpoint === 'auth.edit_credentials' && e.code === 400 && e.subcode === 75
      && /^Access key not found \(invalid user or invalid access key\)/.test(e.serverMessage)
      && e.message.startsWith('auth.edit_credentials failed (400/75): Access key not found')
      && /^vscode-[0-9a-f]{16}$/.test(e.trx ?? '') && e.name === 'ClearMLApiError'));
    await assert.rejects(c.revokeCredentials(DEMO.unknownKey.accessKey), isApiError((e) => e.code === 400 && e.subcode === 300));
    await assert.rejects(c.call('users.set_preferences', { preferences: { $x: 1 } }), isApiError((e) => e.code === 400 && e.subcode === 16));
    await assert.rejects(c.call('users.update', {}), isApiError((e) => e.code === 400 && e.subcode === 12));
    await assert.rejects(c.call('nosuch.endpoint'), isApiError((e) => e.code === 404 && e.serverMessage === 'Unable to find endpoint for name nosuch.endpoint and version 2.34'));
  });

  test('502 HTML page from a proxy → kind not-json with a message that says what came back and what to check', async () => {
    const c = client(srv, { retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 2 } });
    await c.claims();
    srv.faults.set('users.get_current_user', { html502: true });
    await assert.rejects(c.getCurrentUser(), isApiError((e) => e.kind === 'not-json' && e.code === 502
      && e.message.startsWith(`HTTP 502 from users.get_current_user (${srv.url}/users.get_current_user): the server returned HTML, not a ClearML API response`)
      && e.message.includes('check api_server points at the API (port 8008 or /api), not the web UI')));
  });

  test('api_server pointing at the web UI (200 + index.html) → not-json, not retried', async () => {
    const web = await plainServer(() => ({ status: 200, type: 'text/html', body: '<!doctype html><html><body><app-root></app-root></body></html>' }));
    try {
      const c = new ClearMLClient({ apiServer: web.url, accessKey: 'k', secretKey: 's', retry: { baseDelayMs: 1 } });
      await assert.rejects(c.debugPing(), isApiError((e) => e.kind === 'not-json' && e.code === 200 && /returned HTML/.test(e.message) && /not the web UI/.test(e.message)));
    } finally {
      await web.close();
    }
  });

  test('JSON that is not a ClearML envelope, and empty bodies, are reported as such', async () => {
    const other = await plainServer((req) => (req.includes('login') ? { status: 200, type: 'application/json', body: '' } : { status: 200, type: 'application/json', body: '{"status":"ok"}' }));
    try {
      const c = new ClearMLClient({ apiServer: other.url, accessKey: 'k', secretKey: 's' });
      await assert.rejects(c.debugPing(), isApiError((e) => e.kind === 'not-json' && /starts with "\{"status":"ok"\}"/.test(e.message)));
      await assert.rejects(c.getCurrentUser(), isApiError((e) => e.kind === 'not-json' && e.endpoint === 'auth.login' && /empty body/.test(e.message)));
    } finally {
      await other.close();
    }
  });

  test('a redirect (http → https) is not followed and says where to point api_server', async () => {
    const redirecting = createServer((req, res) => { res.writeHead(301, { Location: `https://api.example.test${req.url ?? ''}`, 'Content-Type': 'text/html' }); res.end('<html>Moved</html>'); });
    await new Promise<void>((r) => redirecting.listen(0, '127.0.0.1', () => r()));
    try {
      const url = `http://127.0.0.1:${(redirecting.address() as AddressInfo).port}`;
      const c = new ClearMLClient({ apiServer: url, accessKey: 'k', secretKey: 's' });
      await assert.rejects(c.debugPing(), isApiError((e) => e.kind === 'not-json' && e.code === 301
        && e.message === `HTTP 301 from debug.ping (${url}/debug.ping): the server redirects to https://api.example.test/debug.ping — set api_server to the final address (e.g. https:// instead of http://)`));
    } finally {
      await new Promise<void>((r) => { redirecting.close(() => r()); redirecting.closeAllConnections(); });
    }
  });

  test('connection refused → kind transport, plain message, retried then reported', async () => {
    const port = srv.port;
    await srv.close();
    const c = new ClearMLClient({ apiServer: `http://127.0.0.1:${port}`, accessKey: 'k', secretKey: 's', retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 2 } });
    await assert.rejects(c.debugPing(), isApiError((e) => e.kind === 'transport' && e.code === 0
      && e.message === `Cannot reach http://127.0.0.1:${port} (debug.ping): connection refused — is the ClearML API server running at http://127.0.0.1:${port}, and is api_server correct?`));
    srv = await startServer({ port: 0, edition: 'hosted' });
  });

  test('proxy requiring authentication (407) and a proxy that is down are named as the problem', async () => {
    // A plain-http API server is asked through the proxy with an absolute URL (as python-requests does), an https one
    // through CONNECT: this proxy refuses both.
    const proxy = createServer((_req, res) => { res.writeHead(407, { 'Proxy-Authenticate': 'Basic realm="corp"' }); res.end(); });
    proxy.on('connect', (_req, socket: Socket) => {
      socket.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="corp"\r\nContent-Length: 0\r\n\r\n');
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    try {
      const c = new ClearMLClient({ apiServer: srv.url, accessKey: 'k', secretKey: 's', proxy: proxyUrl, retry: { retries: 0 } });
      await assert.rejects(c.debugPing(), isApiError((e) => e.code === 407 && /proxy requires authentication — put the user name and password in the proxy URL/.test(e.message)));
    } finally {
      await new Promise<void>((r) => { proxy.close(() => r()); proxy.closeAllConnections(); });
    }
    const down = new ClearMLClient({ apiServer: srv.url, accessKey: 'k', secretKey: 's', proxy: 'http://user:pr0xy-passw0rd@127.0.0.1:1', retry: { retries: 0 } });
    await assert.rejects(down.debugPing(), isApiError((e) => e.kind === 'transport' && e.message.includes('(via proxy 127.0.0.1:1; check the proxy setting too)') && !e.message.includes('pr0xy-passw0rd')));
    assert.throws(() => new ClearMLClient({ apiServer: srv.url, accessKey: 'k', secretKey: 's', proxy: 'not a url' }), /The proxy "not a url" is not a URL/);
  });

  test('unknown host → host not found', async () => {
    const c = new ClearMLClient({ apiServer: 'http://clearml-api.invalid', accessKey: 'k', secretKey: 's', retry: { retries: 0 } });
    await assert.rejects(c.debugPing(), isApiError((e) => e.kind === 'transport' && /host clearml-api\.invalid not found|DNS lookup/.test(e.message)));
  });

  test('bad api_server values are refused at construction with the expected form', () => {
    assert.throws(() => new ClearMLClient({ apiServer: 'localhost:8008', accessKey: 'k', secretKey: 's' }), /http:\/\/ or https:\/\/|not a URL/);
    assert.throws(() => new ClearMLClient({ apiServer: 'not a url', accessKey: 'k', secretKey: 's' }), /is not a URL \(expected e\.g\. https:\/\/api\.clear\.ml/);
    assert.throws(() => new ClearMLClient({ apiServer: 'http://x', accessKey: 'k', secretKey: 's', caBundlePath: '/nonexistent/ca.pem' }), /Cannot read the CA bundle \/nonexistent\/ca\.pem: ENOENT/);
  });

  test('AbortSignal cancels an in-flight slow call promptly (kind cancelled)', async () => {
    const c = client(srv);
    await c.claims();
    srv.faults.set('auth.get_credentials', { latencyMs: 20_000 });
    const ac = new AbortController();
    const started = Date.now();
    const pending = c.getCredentials({ signal: ac.signal });
    await waitForCall(srv, 'auth.get_credentials');
    ac.abort();
    await assert.rejects(pending, isApiError((e) => e.kind === 'cancelled' && e.endpoint === 'auth.get_credentials' && e.message === 'auth.get_credentials was cancelled'));
    assert.ok(Date.now() - started < 10_000, 'did not wait for the server');
  });

  test('an already-aborted signal sends nothing', async () => {
    const c = client(srv);
    await c.claims();
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(c.getCredentials({ signal: ac.signal }), isApiError((e) => e.kind === 'cancelled'));
    assert.equal(srv.state.counters.calls['auth.get_credentials'], undefined);
  });

  test('cancel during retry backoff stops the retries', async () => {
    const c = client(srv, { retry: { retries: 5, baseDelayMs: 2_000, maxDelayMs: 4_000 } });
    await c.claims();
    srv.faults.set('auth.get_credentials', { error: { code: 503 } });
    const ac = new AbortController();
    const pending = c.getCredentials({ signal: ac.signal });
    await waitForCall(srv, 'auth.get_credentials');
    ac.abort();
    await assert.rejects(pending, isApiError((e) => e.kind === 'cancelled'));
    assert.equal(srv.state.counters.calls['auth.get_credentials'], 1);
  });

  test('per-call timeout → kind timeout naming the endpoint, the time and the setting', async () => {
    const c = client(srv, { timeoutMs: 150, retry: { retries: 0 } });
    await c.claims();
    srv.faults.set('users.get_current_user', { latencyMs: 20_000 });
    const started = Date.now();
    await assert.rejects(c.getCurrentUser(), isApiError((e) => e.kind === 'timeout' && e.code === 0
      && e.message.startsWith('users.get_current_user timed out after 0.2 s') && /clearml\.requestTimeoutSeconds/.test(e.message)));
    assert.ok(Date.now() - started < 10_000, 'gave up long before the server answered');
    await assert.rejects(c.getCurrentUser({ timeoutMs: 100 }), isApiError((e) => e.kind === 'timeout' && /after 0\.1 s/.test(e.message)));
  });
});

async function waitForCall(s: RunningServer, endpoint: string): Promise<void> {
  const deadline = Date.now() + 3_000;
  while (!s.state.counters.calls[endpoint]) {
    if (Date.now() > deadline) throw new Error(`server never saw ${endpoint}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
