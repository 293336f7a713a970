/**
 * One bounded HTTP request as the ClearML SDK would make it (python-requests: GET with a JSON body by default,
 * the CA bundle from REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE, HTTP(S)_PROXY unless NO_PROXY matches), returning
 * either the first bytes of the answer or the raw error code. Classification happens elsewhere.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { httpsProxyAgentClass } from '../vendor';

export interface TlsSettings {
  /** api.verify_certificate / CLEARML_API_HOST_VERIFY_CERT. */
  verify: boolean;
  /** PEM text of the CA bundle that replaces the default roots (as requests does). */
  ca?: string;
  /** The variable and path the bundle came from, for messages. */
  caSource?: string;
}

export interface ProbeRequest {
  url: string;
  method: string;
  body?: string;
  headers?: Record<string, string>;
  timeoutMs: number;
  signal?: AbortSignal;
  tls: TlsSettings;
  /** Forward proxy for this URL (already matched against NO_PROXY). */
  proxy?: string;
}

export type ProbeResult =
  | { ok: true; status: number; contentType: string; server?: string; body: string; ms: number }
  | { ok: false; code: string; message: string; ms: number };

/** How much of an answer is kept: enough for a ClearML envelope, never a whole web page. */
const MAX_BODY = 64 * 1024;

export const TIMEOUT_CODE = 'PROBE_TIMEOUT';
export const ABORT_CODE = 'PROBE_ABORTED';

export function probe(req: ProbeRequest): Promise<ProbeResult> {
  const started = Date.now();
  const ms = (): number => Date.now() - started;
  return new Promise<ProbeResult>((resolve) => {
    let settled = false;
    const finish = (r: ProbeResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
      resolve(r);
    };
    const fail = (code: string, message: string): void => finish({ ok: false, code, message, ms: ms() });
    let target: URL;
    try {
      target = new URL(req.url);
    } catch {
      fail('ERR_INVALID_URL', `"${req.url}" is not a URL`);
      return;
    }
    const secure = target.protocol === 'https:';
    const tlsOptions: { rejectUnauthorized: boolean; ca?: string } = { rejectUnauthorized: req.tls.verify, ...(req.tls.ca ? { ca: req.tls.ca } : {}) };
    const headers: Record<string, string> = { 'User-Agent': 'clearml-settings-setup-check', Accept: 'application/json, */*', ...req.headers };
    if (req.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(req.body));
    let options: https.RequestOptions;
    let transport: typeof http | typeof https = secure ? https : http;
    if (req.proxy && !secure) {
      // A plain-HTTP target goes to the proxy with the absolute URL, as requests does; the proxy sees the body.
      const p = new URL(req.proxy);
      transport = p.protocol === 'https:' ? https : http;
      options = { host: p.hostname, port: p.port || (p.protocol === 'https:' ? 443 : 80), path: target.href, method: req.method, headers: { ...headers, Host: target.host } };
    } else {
      options = { ...(secure ? tlsOptions : {}), method: req.method, headers, agent: req.proxy ? new (httpsProxyAgentClass())(req.proxy, secure ? tlsOptions : {}) : false };
    }
    let request: http.ClientRequest;
    const onAbort = (): void => { request?.destroy(); fail(ABORT_CODE, 'cancelled'); };
    const timer = setTimeout(() => { request?.destroy(); fail(TIMEOUT_CODE, `no answer within ${req.timeoutMs} ms`); }, req.timeoutMs);
    if (req.signal?.aborted) { onAbort(); return; }
    req.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      request = req.proxy && !secure ? transport.request(options) : transport.request(target, options);
    } catch (e) {
      fail((e as NodeJS.ErrnoException).code ?? 'ERR_REQUEST', (e as Error).message);
      return;
    }
    request.on('error', (e: NodeJS.ErrnoException) => fail(e.code ?? 'ERR_REQUEST', e.message));
    request.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const done = (): void => {
        res.destroy();
        const server = res.headers.server;
        finish({ ok: true, status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), server: server ? String(server) : undefined, body: Buffer.concat(chunks).toString('utf8'), ms: ms() });
      };
      res.on('data', (c: Buffer) => {
        chunks.push(c);
        size += c.length;
        if (size >= MAX_BODY) done();
      });
      res.on('end', done);
      res.on('error', done);
    });
    request.end(req.body);
  });
}

/** requests' proxy choice (HTTPS_PROXY / HTTP_PROXY unless NO_PROXY excludes the host): one rule for every request. */
export { proxyFor } from '../net/proxy';
