/**
 * One HTTP attempt of one ClearML call: POST <api>/<service>.<action> with a JSON body, envelope parsing, and the
 * translation of every failure (HTTP result codes, non-JSON bodies, TLS, connection, timeout, cancellation) into
 * a ClearMLApiError whose message says what happened and what to do. No retries and no session logic here.
 */
import type { AxiosInstance, AxiosResponse } from 'axios';
import * as http from 'node:http';
import * as https from 'node:https';
import type { HttpsProxyAgent } from 'https-proxy-agent';
import { checkServerIdentity, type PeerCertificate } from 'node:tls';
import { BoundedReadError, MAX_CONFIG_FILE_BYTES, readBoundedRegularFileSync } from '../config/bounded-read';
import { ClearMLApiError } from './errors';
import { TENANT_HEADER } from './hosted-endpoints';
import type { Redactor } from './redact';
import { axiosLib, httpsProxyAgentClass } from '../vendor';
import { proxyFor, proxyLabel, type ProxyEnv } from '../net/proxy';

export interface TransportOptions {
  apiServer: string;
  verifyCertificate: boolean;
  caBundlePath?: string;
  /** CA bundle text (PEM) already read; wins over caBundlePath. */
  caBundle?: string;
  /**
   * Forward proxy, http(s)://[user:password@]host:port. Unset: the one python-requests would pick from `env`
   * (HTTP(S)_PROXY unless NO_PROXY excludes the API server, see src/core/net/proxy.ts); null: never a proxy.
   */
  proxy?: string | null;
  /** Environment for the proxy choice; default process.env. */
  env?: ProxyEnv;
  clientName: string;
  workerId?: string;
  /** Largest response (after decompression) and request body accepted, bytes; default MAX_MESSAGE_BYTES. */
  maxMessageBytes?: number;
}

/** 32 MB: far above any settings response (a large vault is well under 1 MB), far below what hurts the extension host. */
export const MAX_MESSAGE_BYTES = 32 * 1024 * 1024;

export interface Envelope<T = unknown> {
  meta: {
    id?: string;
    trx?: string;
    endpoint?: { name?: string; requested_version?: string; actual_version?: string };
    result_code: number;
    result_subcode?: number;
    result_msg?: string;
    error_data?: Record<string, unknown>;
  };
  data: T;
}

export interface AttemptOptions {
  /** Full header value, e.g. "Bearer …" or "Basic …"; omitted for unauthenticated calls. */
  authorization?: string;
  signal?: AbortSignal;
  timeoutMs: number;
  trx: string;
  /** Workspace (company id) this call acts in: the X-Clearml-Tenant header. */
  tenant?: string;
}

export interface AttemptResult<T> { data: T; envelope: Envelope<T>; status: number; retryAfterMs?: number }

const TLS_CODES: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the server uses a self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'the certificate chain contains a self-signed certificate (a private CA or a TLS-inspecting proxy)',
  CERT_HAS_EXPIRED: "the server's certificate has expired",
  CERT_NOT_YET_VALID: "the server's certificate is not valid yet (check the clock)",
  ERR_TLS_CERT_ALTNAME_INVALID: "the certificate does not name this host",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the certificate is signed by an unknown certificate authority',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the certificate is signed by an unknown certificate authority',
  UNABLE_TO_GET_ISSUER_CERT: 'the certificate is signed by an unknown certificate authority',
  CERT_SIGNATURE_FAILURE: 'the certificate signature is invalid',
  CERT_UNTRUSTED: 'the certificate is not trusted',
};

const TLS_FIX = 'If you trust this server, set api.verify_certificate: false in clearml.conf (or CLEARML_API_HOST_VERIFY_CERT=0); '
  + 'better, point the extension at the CA bundle that signed it (caBundlePath / REQUESTS_CA_BUNDLE).';

/** Codes of connection-level failures that are safe to retry for idempotent calls. */
export const RETRYABLE_TRANSPORT_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ERR_SOCKET_CONNECTION_TIMEOUT', 'ECONNABORTED_SOCKET']);

export class TransportError extends ClearMLApiError {
  constructor(base: ClearMLApiError, readonly transportCode?: string) {
    super(base.message, base.endpoint, base.code, base.subcode, base.serverMessage, base.trx, base.kind);
  }
}

/**
 * HttpsProxyAgent takes the TLS options of the tunnelled (API server) connection from each request's options,
 * which axios does not fill; inject ours so verifyCertificate / caBundlePath also apply behind a proxy.
 * (Defined on first use: the agent's package loads lazily, see src/core/vendor.)
 */
function tlsProxyAgent(proxy: string, tls: https.AgentOptions): HttpsProxyAgent<string> {
  const Base = httpsProxyAgentClass();
  class TlsProxyAgent extends Base<string> {
    override connect(req: http.ClientRequest, opts: Parameters<HttpsProxyAgent<string>['connect']>[1]): ReturnType<HttpsProxyAgent<string>['connect']> {
      if (!opts.secureEndpoint) return super.connect(req, opts);
      const host = opts.host ?? '';
      return super.connect(req, {
        ...opts,
        rejectUnauthorized: tls.rejectUnauthorized,
        ca: tls.ca,
        // The agent drops `host` for IP targets, which would make Node check the name "localhost".
        checkServerIdentity: (_name: string, cert: PeerCertificate) => checkServerIdentity(host, cert),
      });
    }
  }
  return new TlsProxyAgent(proxy, { keepAlive: true });
}

export class Transport {
  private readonly http: AxiosInstance;
  readonly base: string;
  private readonly maxBytes: number;
  /** The proxy every call of this transport goes through, if any. */
  readonly proxy?: string;

  constructor(private readonly opts: TransportOptions, private readonly redactor: Redactor) {
    this.base = opts.apiServer.replace(/\/+$/, '');
    this.maxBytes = opts.maxMessageBytes ?? MAX_MESSAGE_BYTES;
    this.proxy = opts.proxy === null ? undefined : opts.proxy ?? proxyFor(this.base, opts.env ?? process.env);
    let proxyUrl: URL | undefined;
    if (this.proxy) {
      try {
        proxyUrl = new URL(this.proxy);
        redactor.addSecret(decodeURIComponent(proxyUrl.password));
      } catch {
        throw new Error(`The proxy "${redactor.redact(this.proxy)}" is not a URL (expected http://[user:password@]host:port)`);
      }
    }
    const tls: https.AgentOptions = { rejectUnauthorized: opts.verifyCertificate, keepAlive: true };
    if (opts.caBundle !== undefined) tls.ca = opts.caBundle;
    else if (opts.caBundlePath) {
      try {
        // bounded and never blocking: a FIFO or device named as the bundle is refused, not waited on
        tls.ca = readBoundedRegularFileSync(opts.caBundlePath, MAX_CONFIG_FILE_BYTES).toString('utf8');
      } catch (e) {
        const why = e instanceof BoundedReadError ? e.code ?? e.reason : (e as NodeJS.ErrnoException).code ?? (e as Error).message;
        throw new Error(`Cannot read the CA bundle ${opts.caBundlePath}: ${why}`);
      }
    }
    const httpAgent: http.Agent = new http.Agent({ keepAlive: true });
    let httpsAgent: http.Agent = new https.Agent(tls);
    // As requests does: an https API server through a CONNECT tunnel (TLS options apply to the tunnelled connection),
    // a plain-http one as an absolute-URL request to the proxy (many proxies refuse CONNECT to ports other than 443).
    const tunnelled = proxyUrl && this.base.startsWith('https:');
    if (tunnelled) httpsAgent = tlsProxyAgent(this.proxy!, tls);
    this.http = axiosLib().create({
      httpAgent,
      httpsAgent,
      // Proxy decided by us (proxyFor, with NO_PROXY as requests reads it), never silently by axios from the environment.
      proxy: proxyUrl && !tunnelled ? {
        protocol: proxyUrl.protocol.replace(/:$/, ''),
        host: proxyUrl.hostname.replace(/^\[|\]$/g, ''),
        port: Number(proxyUrl.port) || (proxyUrl.protocol === 'https:' ? 443 : 80),
        ...(proxyUrl.username ? { auth: { username: decodeURIComponent(proxyUrl.username), password: decodeURIComponent(proxyUrl.password) } } : {}),
      } : false,
      responseType: 'text',
      transformResponse: [(d: unknown) => d],
      validateStatus: () => true,
      maxRedirects: 0,
      decompress: true,
      // axios stops reading (and frees the socket) as soon as the limit is crossed.
      maxContentLength: this.maxBytes,
      maxBodyLength: this.maxBytes,
    });
  }

  url(endpoint: string): string {
    return `${this.base}/${endpoint}`;
  }

  async attempt<T>(endpoint: string, body: object, opts: AttemptOptions): Promise<AttemptResult<T>> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; controller.abort(); }, opts.timeoutMs);
    const onAbort = (): void => controller.abort();
    if (opts.signal?.aborted) controller.abort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      Accept: 'application/json',
      'X-Clearml-Client': this.opts.clientName,
      'X-Clearml-Trx': opts.trx,
    };
    if (this.opts.workerId) headers['X-Clearml-Worker'] = this.opts.workerId;
    if (opts.authorization) headers.Authorization = opts.authorization;
    if (opts.tenant) headers[TENANT_HEADER] = opts.tenant;
    let res: AxiosResponse<string>;
    try {
      res = await this.http.post<string>(this.url(endpoint), JSON.stringify(body), { headers, signal: controller.signal });
    } catch (e) {
      if (opts.signal?.aborted) throw this.fail(endpoint, opts.trx, 0, 0, 'cancelled', 'cancelled', `${endpoint} was cancelled`);
      if (timedOut) {
        throw this.fail(endpoint, opts.trx, 0, 0, 'timeout', `no answer within ${opts.timeoutMs} ms`,
          `${endpoint} timed out after ${Math.round(opts.timeoutMs / 100) / 10} s waiting for ${this.base} — the server is slow or unreachable; try again or raise clearml.requestTimeoutSeconds`, 'ETIMEDOUT');
      }
      throw this.transportFailure(endpoint, opts.trx, e);
    } finally {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
    }
    return this.parse<T>(endpoint, opts.trx, res);
  }

  private parse<T>(endpoint: string, trx: string, res: AxiosResponse<string>): AttemptResult<T> {
    const text = typeof res.data === 'string' ? res.data : String(res.data ?? '');
    const contentType = String(res.headers['content-type'] ?? '');
    let envelope: Envelope<T> | undefined;
    if (!/html/i.test(contentType) && !/^\s*</.test(text)) {
      try {
        const parsed = JSON.parse(text) as Envelope<T>;
        if (parsed && typeof parsed === 'object' && parsed.meta && typeof parsed.meta.result_code === 'number') envelope = parsed;
      } catch {
        envelope = undefined;
      }
    }
    const retryAfter = Number(res.headers['retry-after']);
    const retryAfterMs = Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter * 1000 : undefined;
    if (!envelope && res.status >= 300 && res.status < 400 && res.headers.location) {
      // Not followed on purpose: a 301/302 turns POST into GET and would hide a wrong api_server.
      const where = String(res.headers.location);
      const what = `the server redirects to ${where}`;
      throw this.fail(endpoint, trx, res.status, 0, 'not-json', what, `HTTP ${res.status} from ${endpoint} (${this.url(endpoint)}): ${what} — set api_server to the final address (e.g. https:// instead of http://)`);
    }
    if (!envelope && res.status === 407) {
      const what = 'the proxy requires authentication';
      throw this.fail(endpoint, trx, 407, 0, 'not-json', what, `HTTP 407 from the proxy for ${endpoint}: ${what} — put the user name and password in the proxy URL (http://user:password@host:port)`);
    }
    if (!envelope) {
      const what = /html/i.test(contentType) || /^\s*</.test(text)
        ? 'the server returned HTML, not a ClearML API response'
        : text.trim() === ''
          ? 'the server returned an empty body, not a ClearML API response'
          : `the server returned ${contentType || 'an unknown content type'} that is not a ClearML API response (starts with "${text.trim().slice(0, 60)}")`;
      const hint = ' — check api_server points at the API (port 8008 or /api), not the web UI';
      const err = this.fail(endpoint, trx, res.status, 0, 'not-json', what, `HTTP ${res.status} from ${endpoint} (${this.url(endpoint)}): ${what}${hint}`);
      throw Object.assign(err, { retryAfterMs });
    }
    const meta = envelope.meta;
    const code = meta.result_code;
    if (code !== 200) {
      const sub = meta.result_subcode ?? 0;
      const msg = meta.result_msg ?? `HTTP ${res.status}`;
      const err = this.fail(endpoint, meta.trx ?? trx, code, sub, 'http', msg, `${endpoint} failed (${code}/${sub}): ${msg}`);
      throw Object.assign(err, { retryAfterMs });
    }
    if (envelope.data === null || typeof envelope.data !== 'object' || Array.isArray(envelope.data)) {
      const what = `the server answered OK without a data object (data: ${envelope.data === null ? 'null' : Array.isArray(envelope.data) ? 'a list' : typeof envelope.data})`;
      throw this.fail(endpoint, meta.trx ?? trx, res.status, 0, 'not-json', what, `${endpoint} (${this.url(endpoint)}): ${what} — the server or a proxy in front of it is not answering like a ClearML API server`);
    }
    return { data: envelope.data, envelope, status: res.status, retryAfterMs };
  }

  private transportFailure(endpoint: string, trx: string, e: unknown): ClearMLApiError {
    const err = e as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException; reason?: string };
    const code = err.code ?? err.cause?.code ?? '';
    const host = safeHost(this.base);
    const mb = `${Math.round((this.maxBytes / 1024 / 1024) * 10) / 10} MB`;
    if (/maxContentLength size of .* exceeded/i.test(err.message ?? '')) {
      return this.fail(endpoint, trx, 0, 0, 'too-large', `the response is larger than ${mb}`,
        `${endpoint}: the answer from ${host} is larger than ${mb}, so it was not read — a settings response is never that large; check that api_server points at the ClearML API server`);
    }
    if (/larger than maxBodyLength/i.test(err.message ?? '')) {
      return this.fail(endpoint, trx, 0, 0, 'too-large', `the request is larger than ${mb}`, `${endpoint}: the request is larger than ${mb}, so it was not sent`);
    }
    if (TLS_CODES[code]) {
      const what = TLS_CODES[code];
      const fix = code === 'ERR_TLS_CERT_ALTNAME_INVALID'
        ? `Use the host name the certificate was issued for in api_server, or ${TLS_FIX[0].toLowerCase()}${TLS_FIX.slice(1)}`
        : code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID'
          ? `Ask the server administrator to renew it. ${TLS_FIX}`
          : TLS_FIX;
      return this.fail(endpoint, trx, 0, 0, 'tls', `${what} (${code})`, `Cannot connect securely to ${host}: ${what}. ${fix}`, code);
    }
    if (code === 'EPROTO' || /wrong version number|ssl routines/i.test(err.message ?? '')) {
      return this.fail(endpoint, trx, 0, 0, 'tls', `TLS handshake failed (${code || 'EPROTO'})`,
        `Cannot connect securely to ${host}: the TLS handshake failed — the port may not speak HTTPS (try http://) or a proxy is interfering.`, code);
    }
    const describe: Record<string, string> = {
      ECONNREFUSED: `connection refused — is the ClearML API server running at ${this.base}, and is api_server correct?`,
      ENOTFOUND: `host ${host} not found — check api_server in clearml.conf`,
      EAI_AGAIN: `DNS lookup for ${host} failed temporarily`,
      ECONNRESET: 'the connection was reset by the server or a proxy',
      ETIMEDOUT: 'the connection timed out',
      EHOSTUNREACH: `host ${host} is unreachable`,
      ENETUNREACH: 'the network is unreachable',
      EPIPE: 'the connection was closed while sending',
    };
    const reason = describe[code] ?? (/socket hang up/i.test(err.message ?? '') ? 'the server closed the connection without answering (socket hang up)' : (err.message || 'unknown network error'));
    const via = this.proxy ? ` (via proxy ${proxyLabel(this.proxy)}; check the proxy setting too)` : '';
    return this.fail(endpoint, trx, 0, 0, 'transport', reason, `Cannot reach ${this.base} (${endpoint})${via}: ${reason}`, code || (/socket hang up/i.test(err.message ?? '') ? 'ECONNRESET' : undefined));
  }

  private fail(endpoint: string, trx: string, code: number, sub: number, kind: ClearMLApiError['kind'], serverMessage: string, message: string, transportCode?: string): TransportError {
    const r = (s: string): string => this.redactor.redact(s);
    return new TransportError(new ClearMLApiError(r(message), endpoint, code, sub, r(serverMessage), trx, kind), transportCode);
  }
}

function safeHost(base: string): string {
  try {
    return new URL(base).host;
  } catch {
    return base;
  }
}
