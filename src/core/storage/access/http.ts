/**
 * One plain HTTP(S) exchange for the access test: bounded by a deadline on the wall clock (not by socket idleness: a
 * server trickling a byte a second never goes idle), body capped, TLS verification on by default, through the proxy
 * the SDK would use (src/core/net/proxy.ts decides; this module only connects).
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { Duplex } from 'node:stream';
import * as tls from 'node:tls';

export interface HttpRequest {
  secure: boolean;
  hostname: string;
  port: number;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** false = do not verify the server certificate (the entry's `verify: false`). */
  verify?: boolean;
  /** CA bundle to trust instead of the system's (the entry's `verify: "/path/ca.pem"`). */
  ca?: Buffer;
  /** Wall-clock limit, ms: of this exchange alone, or with `deadlineAt` the whole access test's (for the message). */
  timeoutMs: number;
  /** Date.now() by which the answer must be complete: one deadline shared by every request of one access test. */
  deadlineAt?: number;
  signal?: AbortSignal;
  /** Forward proxy, http://[user:password@]host:port, already matched against NO_PROXY. */
  proxy?: string;
}

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

const MAX_BODY = 64 * 1024;

/** How a request ends when its deadline passes (networkOutcome words it as "did not answer in time"). */
export class DeadlineError extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(readonly limitMs: number) {
    super(`no complete answer within ${Math.round(limitMs / 100) / 10} s`);
    this.name = 'DeadlineError';
  }
}

const isIp = (host: string): boolean => /^[\d.]+$|:/.test(host);
const bracketed = (host: string): string => (host.includes(':') ? `[${host}]` : host);

function proxyAuthorization(proxy: URL): Record<string, string> {
  if (!proxy.username) return {};
  const pair = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
  return { 'Proxy-Authorization': `Basic ${Buffer.from(pair).toString('base64')}` };
}

function proxyEndpoint(proxy: URL): { lib: typeof http | typeof https; hostname: string; port: number } {
  const secure = proxy.protocol === 'https:';
  return { lib: secure ? https : http, hostname: proxy.hostname.replace(/^\[|\]$/g, ''), port: Number(proxy.port) || (secure ? 443 : 80) };
}

/** A CONNECT tunnel to host:port through the proxy, as requests opens one for an https target. */
function tunnel(proxy: URL, host: string, port: number, signal: AbortSignal): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const authority = `${bracketed(host)}:${port}`;
    const p = proxyEndpoint(proxy);
    const c = p.lib.request({ hostname: p.hostname, port: p.port, method: 'CONNECT', path: authority, headers: { Host: authority, ...proxyAuthorization(proxy) }, agent: false, signal });
    c.on('connect', (res, socket) => {
      if (res.statusCode === 200) { resolve(socket); return; }
      socket.destroy();
      reject(Object.assign(new Error(`the proxy ${proxy.host} refused the tunnel to ${authority} (HTTP ${res.statusCode})`), { code: 'EPROXY' }));
    });
    c.on('error', reject);
    c.end();
  });
}

export async function send(req: HttpRequest): Promise<HttpResponse> {
  // One controller for the deadline and the caller's cancellation; the deadline's own error says which one it was.
  const deadlineAt = req.deadlineAt ?? Date.now() + req.timeoutMs;
  const cut = new AbortController();
  let deadlinePassed = false;
  const timer = setTimeout(() => { deadlinePassed = true; cut.abort(); }, Math.max(0, deadlineAt - Date.now()));
  const onCancel = (): void => cut.abort();
  if (req.signal?.aborted) cut.abort();
  req.signal?.addEventListener('abort', onCancel, { once: true });
  try {
    return await exchange(req, cut.signal);
  } catch (e) {
    if (deadlinePassed) throw new DeadlineError(req.timeoutMs);
    throw e;
  } finally {
    clearTimeout(timer);
    req.signal?.removeEventListener('abort', onCancel);
  }
}

async function exchange(req: HttpRequest, signal: AbortSignal): Promise<HttpResponse> {
  const proxy = req.proxy ? new URL(req.proxy) : undefined;
  const tlsOptions = { rejectUnauthorized: req.verify !== false, ...(req.ca ? { ca: req.ca } : {}), servername: isIp(req.hostname) ? undefined : req.hostname };
  let lib: typeof http | typeof https = req.secure ? https : http;
  let options: https.RequestOptions;
  if (proxy && req.secure) {
    const socket = await tunnel(proxy, req.hostname, req.port, signal);
    options = { hostname: req.hostname, port: req.port, path: req.path, headers: req.headers, createConnection: () => tls.connect({ socket, ...tlsOptions }) };
  } else if (proxy) {
    // A plain-http target goes to the proxy as an absolute URL, as requests sends it (the proxy sees the request).
    const p = proxyEndpoint(proxy);
    lib = p.lib;
    options = { hostname: p.hostname, port: p.port, path: `http://${bracketed(req.hostname)}:${req.port}${req.path}`, headers: { ...req.headers, ...proxyAuthorization(proxy) } };
  } else {
    options = { hostname: req.hostname, port: req.port, path: req.path, headers: req.headers, ...(req.secure ? tlsOptions : {}) };
  }
  return new Promise((resolve, reject) => {
    const r = lib.request({ ...options, method: req.method, signal, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => { if (size < MAX_BODY) { chunks.push(c); size += c.length; } });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8').slice(0, MAX_BODY) }));
      res.on('error', reject);
    });
    r.on('error', reject);
    r.end(req.body);
  });
}

/** The first `<Code>` and `<Message>` of an S3 or Azure XML error body. */
export function xmlError(body: string): { code?: string; message?: string } {
  const code = /<Code>([^<]*)<\/Code>/.exec(body)?.[1];
  const message = /<Message>([^<]*)<\/Message>/.exec(body)?.[1]?.split('\n')[0];
  return { code, message };
}
