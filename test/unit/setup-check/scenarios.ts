/**
 * Real local servers for the setup-check scenarios, all on 127.0.0.1: the ClearML API server, a web UI that
 * serves HTML and proxies /api like the real nginx, a files server, a forward proxy that answers 411 to a GET with
 * a body, a server that accepts and never answers, a refused port, and HTTPS fronts with openssl-made certificates
 * (self-signed, from an unknown CA, expired, for another host name). Shared by the unit, integration and e2e
 * tests and the bench.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO } from '../../../server/demo';
import { startServer, type RunningServer } from '../../../server/index';

export { DEMO };

export interface Closable { url: string; close(): Promise<void> }

function track(server: Server | ReturnType<typeof createNetServer>): () => Promise<void> {
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  return () => new Promise<void>((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); });
}

async function listen(server: Server | ReturnType<typeof createNetServer>): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return (server.address() as AddressInfo).port;
}

/** Forwards one request to `target` (method, path, headers, body) and pipes the answer back. */
function forward(req: IncomingMessage, res: ServerResponse, target: string, path: string): void {
  const t = new URL(target);
  const out = httpRequest({ host: t.hostname, port: t.port, path, method: req.method, headers: { ...req.headers, host: t.host } }, (up) => {
    res.writeHead(up.statusCode ?? 502, up.headers);
    up.pipe(res);
  });
  out.on('error', () => { res.writeHead(502); res.end(); });
  req.pipe(out);
}

const WEB_PAGE = '<!doctype html><html><head><title>ClearML</title></head><body><app-root></app-root></body></html>';

/** A web UI: HTML everywhere, /api/* proxied to the API server with the prefix stripped (the real nginx does this). */
export async function startWebUi(api?: string): Promise<Closable> {
  const server = createHttpServer((req, res) => {
    if (api && req.url?.startsWith('/api/')) { forward(req, res, api, req.url.slice(4)); return; }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', server: 'nginx' });
    res.end(WEB_PAGE);
  });
  const close = track(server);
  return { url: `http://127.0.0.1:${await listen(server)}`, close };
}

/** A files server: answers GET / like the real one (a short text). */
export async function startFilesServer(): Promise<Closable> {
  const server = createHttpServer((_req, res) => { res.writeHead(200, { 'Content-Type': 'text/plain' }); res.end('ClearML files server'); });
  const close = track(server);
  return { url: `http://127.0.0.1:${await listen(server)}`, close };
}

/** A forward HTTP proxy (HTTP_PROXY) that refuses a GET with a body with 411 and forwards everything else. */
export async function startProxy411(): Promise<Closable & { seen: string[] }> {
  const seen: string[] = [];
  const server = createHttpServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    if (req.method === 'GET' && hasBody) {
      res.writeHead(411, { 'Content-Type': 'text/html', server: 'squid' });
      res.end('<html><body><h1>411 Length Required</h1></body></html>');
      return;
    }
    const target = new URL(req.url ?? '/');
    forward(req, res, target.origin, target.pathname + target.search);
  });
  const close = track(server);
  return { url: `http://127.0.0.1:${await listen(server)}`, seen, close };
}

/**
 * A ClearML-looking API that echoes the credentials it receives back in its answers, the way careless servers and
 * proxies do: debug.ping answers as ClearML (or, with `htmlPing`, an HTML page quoting every request header); auth.login
 * refuses with a result_msg quoting the Authorization header, the decoded `key:secret`, the secret URL-encoded and a
 * Bearer form of it.
 */
export async function startEchoServer(options: { htmlPing?: boolean; plainLogin?: boolean } = {}): Promise<Closable> {
  const server = createHttpServer((req, res) => {
    const auth = String(req.headers.authorization ?? '');
    const basic = /^Basic (.+)$/.exec(auth)?.[1] ?? '';
    const decoded = Buffer.from(basic, 'base64').toString('utf8');
    const secret = decoded.slice(decoded.indexOf(':') + 1);
    req.resume();
    if (req.url?.startsWith('/debug.ping')) {
      if (options.htmlPing) {
        res.writeHead(200, { 'Content-Type': 'text/html' });
        res.end(`<html><body>Request headers: ${JSON.stringify(req.headers)} decoded ${decoded}</body></html>`);
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ meta: { result_code: 200, result_subcode: 0, result_msg: 'OK' }, data: {} }));
      return;
    }
    const echo = `Authorization: ${auth} | decoded ${decoded} | secret_key=${secret} | url ${encodeURIComponent(secret)} | Bearer ${Buffer.from(secret).toString('base64')}`;
    if (options.plainLogin) {
      res.writeHead(401, { 'Content-Type': 'text/plain' });
      res.end(`Unauthorized. ${echo}`);
      return;
    }
    res.writeHead(401, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ meta: { result_code: 401, result_subcode: 0, result_msg: `Invalid credentials. ${echo}` }, data: {} }));
  });
  const close = track(server);
  return { url: `http://127.0.0.1:${await listen(server)}`, close };
}

/**
 * A plain-HTTP front on a fixed address (e.g. 127.8.0.8:30008, a loopback address of its own so that the usual
 * ClearML ports are free) forwarding every request to `target`.
 */
export async function startFrontAt(host: string, port: number, target: string): Promise<Closable> {
  const server = createHttpServer((req, res) => forward(req, res, target, req.url ?? '/'));
  const close = track(server);
  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(port, host, () => resolve()); });
  return { url: `http://${host}:${port}`, close };
}

/** Accepts connections and never answers. */
export async function startStalledServer(): Promise<Closable> {
  const server = createNetServer(() => undefined);
  const close = track(server);
  return { url: `http://127.0.0.1:${await listen(server)}`, close };
}

/** A port nothing listens on (bound once by the OS, then released). */
export async function refusedUrl(): Promise<string> {
  const server = createNetServer();
  const port = await listen(server);
  await new Promise<void>((r) => server.close(() => r()));
  return `http://127.0.0.1:${port}`;
}

export function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export interface Pem { key: string; cert: string; certPath: string }

export interface Certificates {
  dir: string;
  /** CA that signs `leaf`, `expired` and `wrongHost`; its certificate file is what REQUESTS_CA_BUNDLE points at. */
  caPath: string;
  selfSigned: Pem;
  leaf: Pem;
  expired: Pem;
  wrongHost: Pem;
  /** Leaf + intermediate + a private root nobody trusts (what a TLS-inspecting proxy presents); `cert` is the whole chain. */
  privateRootChain: Pem;
  /** The private root alone, for REQUESTS_CA_BUNDLE. */
  privateRootPath: string;
}

/** One CA and four server certificates, and a private-root chain, made with the openssl CLI (EC keys: fast). */
export function makeCertificates(): Certificates {
  const dir = mkdtempSync(join(tmpdir(), 'clearml-setup-certs-'));
  const ssl = (args: string[]): void => { execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' }); };
  const key = (name: string): void => ssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-out', `${name}.key`]);
  const pem = (name: string): Pem => ({ key: readFileSync(join(dir, `${name}.key`), 'utf8'), cert: readFileSync(join(dir, `${name}.pem`), 'utf8'), certPath: join(dir, `${name}.pem`) });
  key('ca');
  ssl(['req', '-x509', '-new', '-key', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=clearml-test-ca', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  key('self');
  ssl(['req', '-x509', '-new', '-key', 'self.key', '-out', 'self.pem', '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1']);
  mkdirSync(join(dir, 'db'));
  writeFileSync(join(dir, 'db', 'index.txt'), '');
  writeFileSync(join(dir, 'db', 'serial'), '01\n');
  const sign = (name: string, san: string, dates: string[], issuer = 'ca', isCa = false): Pem => {
    key(name);
    ssl(['req', '-new', '-key', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`]);
    writeFileSync(join(dir, `${name}.cnf`), [
      '[ca]', 'default_ca = d', '[d]', 'database = db/index.txt', 'serial = db/serial', 'new_certs_dir = db', 'default_md = sha256',
      'policy = p', 'x509_extensions = ext', 'unique_subject = no', '[p]', 'commonName = supplied', '[ext]',
      ...(isCa ? ['basicConstraints = critical,CA:TRUE', 'keyUsage = critical,keyCertSign,cRLSign'] : [`subjectAltName = ${san}`, 'basicConstraints = CA:FALSE']),
    ].join('\n'));
    ssl(['ca', '-batch', '-config', `${name}.cnf`, '-cert', `${issuer}.pem`, '-keyfile', `${issuer}.key`, '-in', `${name}.csr`, '-out', `${name}.pem`, '-notext', ...dates]);
    return pem(name);
  };
  const leaf = sign('leaf', 'IP:127.0.0.1', ['-days', '2']);
  const expired = sign('expired', 'IP:127.0.0.1', ['-startdate', '20200101000000Z', '-enddate', '20200102000000Z']);
  const wrongHost = sign('wronghost', 'DNS:api.example.test', ['-days', '2']);
  // A TLS-inspecting corporate proxy: private root → intermediate → leaf, and the server sends all three.
  key('corproot');
  ssl(['req', '-x509', '-new', '-key', 'corproot.key', '-out', 'corproot.pem', '-days', '2', '-subj', '/CN=corp-private-root', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  const intermediate = sign('corpintermediate', '', ['-days', '2'], 'corproot', true);
  const corpLeaf = sign('corpleaf', 'IP:127.0.0.1', ['-days', '2'], 'corpintermediate');
  const chainPath = join(dir, 'corpchain.pem');
  writeFileSync(chainPath, corpLeaf.cert + intermediate.cert + readFileSync(join(dir, 'corproot.pem'), 'utf8'));
  const privateRootChain: Pem = { key: corpLeaf.key, cert: readFileSync(chainPath, 'utf8'), certPath: chainPath };
  return { dir, caPath: join(dir, 'ca.pem'), selfSigned: pem('self'), leaf, expired, wrongHost, privateRootChain, privateRootPath: join(dir, 'corproot.pem') };
}

/** An HTTPS front with `pem` that forwards every request to `target` (so debug.ping and auth.login work over TLS). */
export async function startHttpsFront(pem: Pem, target: string): Promise<Closable> {
  const server = createHttpsServer({ key: pem.key, cert: pem.cert }, (req, res) => forward(req, res, target, req.url ?? '/'));
  const close = track(server);
  return { url: `https://127.0.0.1:${await listen(server)}`, close };
}

export function startClearml(): Promise<RunningServer> {
  return startServer({ port: 0, edition: 'opensource' });
}

export interface Home { dir: string; conf: string; write(text: string): void; remove(): void }

/** A fresh home directory; `write` puts a clearml.conf in it. */
export function makeHome(): Home {
  const dir = mkdtempSync(join(tmpdir(), 'clearml-setup-home-'));
  const conf = join(dir, 'clearml.conf');
  return { dir, conf, write: (text) => writeFileSync(conf, text), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** clearml.conf text as clearml-init writes it. */
export function confText(o: { api: string; web?: string; files?: string; accessKey?: string; secretKey?: string; extra?: string }): string {
  return [
    'api {',
    `  web_server: ${o.web ?? 'http://127.0.0.1:1'}`,
    `  api_server: ${o.api}`,
    ...(o.files ? [`  files_server: ${o.files}`] : []),
    '  credentials {',
    `    "access_key" = "${o.accessKey ?? DEMO.signIn.accessKey}"`,
    `    "secret_key" = "${o.secretKey ?? DEMO.signIn.secretKey}"`,
    '  }',
    ...(o.extra ? [o.extra] : []),
    '}',
    '',
  ].join('\n');
}

/** The servers of a healthy local setup: API, web UI (proxying /api) and files server. */
export interface HealthySetup { api: RunningServer; web: Closable; files: Closable; conf(extra?: Partial<Parameters<typeof confText>[0]>): string; close(): Promise<void> }

export async function startHealthySetup(): Promise<HealthySetup> {
  const api = await startClearml();
  const web = await startWebUi(api.url);
  const files = await startFilesServer();
  return {
    api, web, files,
    conf: (extra = {}) => confText({ api: api.url, web: web.url, files: files.url, ...extra }),
    close: async () => { await Promise.all([web.close(), files.close()]); await api.close(); },
  };
}
