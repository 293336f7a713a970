/**
 * Local ClearML API server (node:http only) that follows the open-source server's transport contract:
 * `<base>/[v<maj>.<min>/]<service>.<action>`, JSON envelope {meta, data}, HTTP status = meta.result_code,
 * Basic/Bearer auth with HS256 JWTs carrying the real claim set. The edition decides which endpoints exist.
 *
 * Tests start it in-process: `const srv = await startServer({ port: 0, edition: 'hosted' })`, sign in with
 * DEMO credentials (server/demo.ts), steer failures through `srv.faults`, read counters from `srv.state`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { API_VERSION, DEFAULT_EXPIRATION_SEC, DEFAULT_MAX_CREDENTIALS, SERVER_VERSION, buildEndpoints, invalidPreferenceKey, type CallContext, type EndpointDef } from './services';
import { ApiFailure, apiError, errors } from './errors';
import { FaultInjector, type FaultSpec } from './faults';
import { isoNow } from './ids';
import { findForbiddenKey, forbiddenKeyError, forbiddenSegment } from './safeKeys';
import { signToken, verifyToken, type Identity } from './jwt';
import type { Edition } from './model';
import { ServerState, type Seed } from './state';
import { isWebUiPath, sendWebUiStandIn } from './webUi';

export { DEMO } from './demo';
export { ServerState } from './state';
export { FaultInjector, type FaultSpec } from './faults';
export type { Edition } from './model';

export interface ServerOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  edition: Edition;
  /** JSON file the state persists to (atomic writes); omitted = in memory only. */
  dataFile?: string;
  /** Used when dataFile is missing or not given. Default 'demo'. */
  seed?: Seed;
  /** Lifetime of issued tokens; default 30 days like the real server (overridable later via faults.tokenLifetimeSec). */
  tokenLifetimeSec?: number;
  /** Enables POST /__test/<action> (faults, seeding, counters) for tests running in another process. */
  enableTestControl?: boolean;
  /** Emulates servers before 2.2.0 (API < 2.33): '.' rejected in every preferences key, even top-level. */
  legacyPreferenceKeys?: boolean;
  /** Hosted: how many app credentials one user may hold (auth.get_credentials max_credentials); default 10. */
  maxCredentials?: number;
  /** Receives one line per request (method, path, result, duration); never headers or bodies. */
  log?: (line: string) => void;
}

export interface RunningServer {
  url: string;
  port: number;
  state: ServerState;
  faults: FaultInjector;
  edition: Edition;
  /** The last requests (endpoint, body, tenant header, client header) for tests that assert what a client sent. */
  journal: RecordedCall[];
  close(): Promise<void>;
}

/** One request as received; never the Authorization header. */
export interface RecordedCall { endpoint: string; body: Record<string, unknown>; tenant?: string; client?: string }

const JOURNAL_LIMIT = 1000;
const TENANT_HEADERS = ['x-clearml-tenant', 'x-trains-tenant', 'x-allegro-tenant'];

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return (Array.isArray(v) ? v[0] : v) || undefined;
}

const PATH_RE = /^\/?(?:v(\d+)\.(\d+)\/)?([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_]*)\/?$/;
const MAX_BODY = 10 * 1024 * 1024;

function versionLess(a: string, b: string): boolean {
  const [a1, a2] = a.split('.').map(Number);
  const [b1, b2] = b.split('.').map(Number);
  return a1 < b1 || (a1 === b1 && a2 < b2);
}

/** Query-string args merged into the body like request_handlers._apply_multi_dict. */
function mergeQuery(body: Record<string, unknown>, params: URLSearchParams): void {
  const coerce = (v: string): unknown => {
    if (/^(true|True|TRUE)$/.test(v)) return true;
    if (/^(false|False|FALSE)$/.test(v)) return false;
    if (/^-?\d+$/.test(v)) return Number(v);
    if (/^-?\d+\.\d+$/.test(v)) return Number(v);
    return v;
  };
  const keys = new Set(params.keys());
  for (const rawKey of keys) {
    const all = params.getAll(rawKey).map(coerce);
    const isList = rawKey.endsWith('[]') || all.length > 1;
    const key = rawKey.replace(/\[\]$/, '');
    if (forbiddenSegment(key)) throw forbiddenKeyError(key);
    const value = isList ? all : all[0];
    const parts = key.split('.');
    let node = body;
    for (let i = 0; i < parts.length - 1; i++) {
      if (typeof node[parts[i]] !== 'object' || node[parts[i]] === null) node[parts[i]] = {};
      node = node[parts[i]] as Record<string, unknown>;
    }
    node[parts[parts.length - 1]] = value;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new ApiFailure(413, 0, 'Request entity too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** A syntactically plausible envelope of `bytes` bytes, written in chunks so the server never holds it whole. */
function streamOversize(res: ServerResponse, bytes: number): void {
  const head = '{"meta":{"result_code":200,"result_subcode":0,"result_msg":"OK"},"data":{"padding":"';
  const tail = '"}}';
  const padding = Math.max(0, bytes - head.length - tail.length);
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': head.length + padding + tail.length, server: 'clearml' });
  res.write(head);
  const chunk = 'x'.repeat(64 * 1024);
  let left = padding;
  const pump = (): void => {
    while (left > 0) {
      if (res.destroyed) return;
      const n = Math.min(left, chunk.length);
      left -= n;
      if (!res.write(n === chunk.length ? chunk : chunk.slice(0, n))) {
        res.once('drain', pump);
        return;
      }
    }
    if (!res.destroyed) res.end(tail);
  };
  pump();
}

const HTML_502 = `<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n</body>\r\n</html>\r\n`;

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const edition = opts.edition;
  if (!['opensource', 'enterprise', 'hosted'].includes(edition)) throw new Error(`unknown edition "${String(edition)}" (expected opensource, enterprise or hosted)`);
  const state = ServerState.open(opts.dataFile, opts.seed ?? 'demo');
  const faults = new FaultInjector(opts.tokenLifetimeSec);
  const endpoints = buildEndpoints();
  const log = opts.log ?? (() => undefined);
  const journal: RecordedCall[] = [];
  const featureSet = edition === 'opensource' ? 'basic' : 'advanced';

  const issueToken = (identity: Identity, expirationSec?: number): string => {
    const now = Math.floor(Date.now() / 1000);
    const lifetime = faults.tokenLifetimeSec ?? expirationSec ?? DEFAULT_EXPIRATION_SEC;
    return signToken({
      identity, exp: now + lifetime, iat: now, session_id: randomBytes(16).toString('hex'), env: 'local', auth_type: 'Bearer',
      api_version: API_VERSION, server_version: SERVER_VERSION, server_build: 'local', feature_set: featureSet,
    }, state.data.tokenSecret);
  };

  const identityFor = (userId: string, companyId: string): Identity => {
    const user = state.user(userId);
    const company = state.company(companyId);
    return { user: userId, company: companyId, role: state.membership(userId, companyId)?.role ?? 'user', user_name: user?.name ?? '', company_name: company?.name ?? '' };
  };

  type Auth = { identity: Identity; authType: 'Basic' | 'Bearer'; sessionId?: string };
  const authenticate = (req: IncomingMessage, required: boolean): Auth | undefined => {
    const header = req.headers.authorization;
    if (!header) {
      if (required) throw errors.noCredentials();
      return undefined;
    }
    const space = header.indexOf(' ');
    const scheme = space < 0 ? header : header.slice(0, space);
    const value = space < 0 ? '' : header.slice(space + 1).trim();
    if (scheme.toLowerCase() === 'basic') {
      let decoded: string;
      try {
        decoded = Buffer.from(value, 'base64').toString('utf8');
      } catch {
        throw errors.malformedCredentials();
      }
      const colon = decoded.indexOf(':');
      if (!value || colon < 0) throw errors.malformedCredentials();
      const key = decoded.slice(0, colon);
      const secret = decoded.slice(colon + 1);
      const cred = state.credential(key);
      if (!cred || cred.secretKey !== secret) throw errors.invalidCredentials();
      if (cred.expires && Date.parse(cred.expires) <= Date.now()) throw apiError(401, 22, 'credentials expired', { expire: cred.expires });
      cred.lastUsed = isoNow();
      const worker = req.headers['x-clearml-worker'] ?? req.headers['x-trains-worker'];
      const realIp = req.headers['x-real-ip'] ?? req.socket.remoteAddress ?? '';
      cred.lastUsedFrom = String((Array.isArray(worker) ? worker[0] : worker) || realIp);
      state.markDirty();
      return { identity: identityFor(cred.userId, cred.companyId), authType: 'Basic' };
    }
    if (scheme.toLowerCase() === 'bearer') {
      const result = verifyToken(value, state.data.tokenSecret, Math.floor(Date.now() / 1000));
      if (!result.ok) throw errors.invalidJwt(result.reason);
      if (state.data.revokedSessions.includes(result.payload.session_id)) throw errors.revokedToken();
      const { identity } = result.payload;
      if (!state.user(identity.user) || !state.membership(identity.user, identity.company)) throw errors.invalidJwt('Identity no longer valid');
      return { identity, authType: 'Bearer', sessionId: result.payload.session_id };
    }
    throw errors.badAuthType();
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = Date.now();
    const callId = randomBytes(16).toString('hex');
    const trxHeader = req.headers['x-clearml-trx'] ?? req.headers['x-trains-trx'];
    const trx = (Array.isArray(trxHeader) ? trxHeader[0] : trxHeader) || callId;
    const url = new URL(req.url ?? '/', 'http://localhost');
    let endpointName = url.pathname.replace(/^\//, '');
    let requestedVersion = API_VERSION;
    const actualVersion = '1.0';
    state.counters.requests++;

    const send = (code: number, subcode: number, msg: string, data: unknown, errorData: Record<string, unknown> = {}): void => {
      const payload = JSON.stringify({
        meta: {
          id: callId, trx, endpoint: { name: endpointName, requested_version: requestedVersion, actual_version: actualVersion },
          result_code: code, result_subcode: subcode, result_msg: msg, error_stack: null, error_data: errorData,
        },
        data,
      });
      res.writeHead(code, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(payload), server: 'clearml' });
      res.end(payload);
      log(`${req.method} ${url.pathname} ${code}/${subcode} ${Date.now() - started}ms`);
    };

    try {
      if (req.method === 'OPTIONS') {
        res.writeHead(200, { 'Access-Control-Allow-Origin': '*' });
        res.end();
        return;
      }
      if (req.headers['content-encoding']) {
        res.writeHead(415, { 'Content-Type': 'text/plain' });
        res.end('Content encoding is not supported');
        log(`${req.method} ${url.pathname} 415`);
        return;
      }
      if (url.pathname.startsWith('/__test/')) {
        if (!opts.enableTestControl) throw errors.endpointNotFound(endpointName, requestedVersion);
        const raw = await readBody(req);
        const result = testControl(url.pathname.slice('/__test/'.length), raw ? (JSON.parse(raw) as Record<string, unknown>) : {}, state, faults);
        const payload = JSON.stringify(result);
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(payload);
        return;
      }
      if ((req.method === 'GET' || req.method === 'HEAD') && isWebUiPath(url.pathname)) {
        sendWebUiStandIn(res, url, req.method);
        log(`${req.method} ${url.pathname} 200 web UI stand-in`);
        return;
      }
      const m = PATH_RE.exec(url.pathname);
      if (!m) throw new ApiFailure(400, 0, `Invalid request path ${url.pathname}`);
      endpointName = `${m[3]}.${m[4]}`;
      if (m[1] !== undefined) requestedVersion = `${Number(m[1])}.${Number(m[2])}`;
      state.counters.calls[endpointName] = (state.counters.calls[endpointName] ?? 0) + 1;
      const def: EndpointDef | undefined = endpoints[endpointName];
      if (!def || !def.editions.includes(edition) || versionLess(requestedVersion, def.minVersion)) {
        throw errors.endpointNotFound(endpointName, requestedVersion);
      }

      const fault = faults.decide(endpointName);
      if (fault.latencyMs > 0) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, fault.latencyMs);
          // A client that gives up (abort/timeout) must not keep the server busy.
          res.on('close', () => { clearTimeout(t); resolve(); });
        });
        if (res.destroyed || res.writableEnded) return;
      }
      if (fault.kind === 'drop') {
        req.socket.destroy();
        log(`${req.method} ${url.pathname} dropped (fault)`);
        return;
      }
      if (fault.kind === 'html502') {
        res.writeHead(502, { 'Content-Type': 'text/html', server: 'nginx/1.25.3' });
        res.end(HTML_502);
        log(`${req.method} ${url.pathname} 502 html (fault)`);
        return;
      }
      if (fault.kind === 'error') throw new ApiFailure(fault.code, fault.subcode, fault.message);
      if (fault.kind === 'data') {
        send(200, 0, 'OK', fault.data);
        return;
      }
      if (fault.kind === 'oversize') {
        streamOversize(res, fault.bytes);
        log(`${req.method} ${url.pathname} 200 oversize ${fault.bytes} bytes (fault)`);
        return;
      }

      const raw = await readBody(req);
      let body: Record<string, unknown> = {};
      if (raw.trim()) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(raw);
        } catch (e) {
          throw new ApiFailure(400, 0, `Invalid request body: ${(e as Error).message}`);
        }
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ApiFailure(400, 0, 'Invalid request body: expected a JSON object');
        body = parsed as Record<string, unknown>;
      }
      mergeQuery(body, url.searchParams);
      const forbidden = findForbiddenKey(body);
      if (forbidden) throw forbiddenKeyError(forbidden);

      const tenant = TENANT_HEADERS.map((h) => header(req, h)).find(Boolean);
      journal.push({ endpoint: endpointName, body: structuredClone(body), tenant, client: header(req, 'x-clearml-client') ?? header(req, 'x-trains-client') });
      if (journal.length > JOURNAL_LIMIT) journal.splice(0, journal.length - JOURNAL_LIMIT);
      const auth = def.authorize === false ? undefined : authenticate(req, def.authorize === true);
      // Hosted: a member acts in the workspace named by the tenant header; a stranger is refused. A key's login
      // always lands in the key's own workspace. Other editions ignore the header, like the open-source server.
      if (auth && tenant && edition === 'hosted' && endpointName !== 'auth.login' && tenant !== auth.identity.company) {
        if (!state.membership(auth.identity.user, tenant)) throw apiError(403, 20, 'not a member of the requested workspace', { tenant });
        auth.identity = identityFor(auth.identity.user, tenant);
      }
      if (opts.legacyPreferenceKeys && endpointName === 'users.set_preferences') {
        const prefs = body.preferences;
        if (prefs && typeof prefs === 'object') {
          const dotted = Object.keys(prefs).find((k) => k.includes('.'));
          if (dotted) throw invalidPreferenceKey(dotted);
        }
      }
      const ctx: CallContext = {
        state, edition, body, identity: auth?.identity, authType: auth?.authType, sessionId: auth?.sessionId,
        maxCredentials: opts.maxCredentials ?? DEFAULT_MAX_CREDENTIALS, issueToken, identityFor,
        revokeSession: (sid: string) => { if (!state.data.revokedSessions.includes(sid)) state.data.revokedSessions.push(sid); },
      };
      const changesBefore = state.changeCount;
      const data = def.handler(ctx);
      if (def.mutates) state.markDirty();
      // A write is acknowledged only once it is on disk (a crash right after the reply loses nothing).
      if (state.changeCount > changesBefore) await state.persisted();
      send(200, 0, 'OK', data);
    } catch (e) {
      if (e instanceof ApiFailure) {
        send(e.code, e.subcode, e.message, {}, e.errorData);
      } else {
        send(500, 0, `General server error (${(e as Error).message})`, {});
      }
    }
  };

  const sockets = new Set<Socket>();
  // In-process users (tests, the extension host) must never see an unhandled rejection from a request.
  const server = createServer((req, res) => { handle(req, res).catch(() => res.destroy()); });
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => { server.off('error', reject); resolve(); });
  });
  const port = (server.address() as AddressInfo).port;
  const host = opts.host ?? '127.0.0.1';
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    state,
    faults,
    edition,
    journal,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      await state.flush();
    },
  };
}

/** Test-only control surface (enabled with --enable-test-control). */
function testControl(action: string, body: Record<string, unknown>, state: ServerState, faults: FaultInjector): unknown {
  switch (action) {
    case 'faults.set':
      faults.set(String(body.endpoint ?? '*'), (body.fault ?? {}) as FaultSpec);
      return { ok: true, faults: faults.list() };
    case 'faults.clear':
      faults.clear(body.endpoint === undefined ? undefined : String(body.endpoint));
      return { ok: true };
    case 'token_lifetime':
      faults.tokenLifetimeSec = typeof body.seconds === 'number' ? body.seconds : undefined;
      return { ok: true };
    case 'seed.members':
      return { ok: true, ids: state.addMembers(String(body.company), Number(body.count)) };
    case 'seed.credentials':
      return { ok: true, credentials: state.addCredentials(String(body.user), String(body.company), Number(body.count)).map((c) => c.accessKey) };
    case 'counters':
      return { ok: true, counters: state.counters };
    case 'counters.reset':
      state.resetCounters();
      return { ok: true };
    default:
      return { ok: false, error: `unknown test action ${action}` };
  }
}
