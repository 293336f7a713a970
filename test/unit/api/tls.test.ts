/**
 * TLS and proxy behaviour against real HTTPS servers whose certificates are generated at test time with the
 * `openssl` CLI (skipped, with the reason printed, when it is missing).
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../../server/index';
import { ClearMLApiError, ClearMLClient } from '../../../src/core/api/index';
import { DEMO } from './helpers';
import { startRecordingProxy } from './recordingProxy';

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const OPENSSL = hasOpenssl();
const SKIP = OPENSSL ? false : 'openssl CLI not found: cannot generate test certificates';
if (!OPENSSL) console.log(`# tls tests skipped: ${SKIP}`);

interface Pem { key: string; cert: string; certPath: string }

function run(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
}

/** Self-signed cert for 127.0.0.1 (or `san`), optionally valid only in the past. */
function selfSigned(dir: string, name: string, san: string, expired = false): Pem {
  const d = join(dir, name);
  mkdirSync(join(d, 'db'), { recursive: true });
  run(d, ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'key.pem', '-out', 'req.csr', '-subj', '/CN=clearml-test']);
  writeFileSync(join(d, 'db', 'index.txt'), '');
  writeFileSync(join(d, 'db', 'serial'), '01\n');
  writeFileSync(join(d, 'ca.cnf'), [
    '[ca]', 'default_ca = d', '[d]', 'database = db/index.txt', 'serial = db/serial', 'new_certs_dir = db', 'default_md = sha256',
    'policy = p', 'x509_extensions = ext', '[p]', 'commonName = supplied', '[ext]', `subjectAltName = ${san}`, 'basicConstraints = critical,CA:TRUE',
  ].join('\n'));
  const dates = expired ? ['-startdate', '20200101000000Z', '-enddate', '20200102000000Z'] : ['-days', '2'];
  run(d, ['ca', '-batch', '-config', 'ca.cnf', '-selfsign', '-keyfile', 'key.pem', '-in', 'req.csr', '-out', 'cert.pem', '-notext', ...dates]);
  return { key: readFileSync(join(d, 'key.pem'), 'utf8'), cert: readFileSync(join(d, 'cert.pem'), 'utf8'), certPath: join(d, 'cert.pem') };
}

/**
 * A corporate setup: a private root CA (self-signed) signs the server's leaf for 127.0.0.1. `cert` is the chain the
 * server sends, leaf then root, as TLS-inspecting proxies and private PKIs do; `rootPath` is the bundle to trust.
 */
function privateChain(dir: string): Pem & { rootPath: string; leafOnly: string } {
  const d = join(dir, 'private-ca');
  mkdirSync(d, { recursive: true });
  run(d, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'root.key', '-out', 'root.pem', '-days', '2', '-subj', '/CN=Corp Root CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  run(d, ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/CN=clearml-api']);
  writeFileSync(join(d, 'leaf.ext'), 'subjectAltName = IP:127.0.0.1\nbasicConstraints = CA:FALSE\n');
  run(d, ['x509', '-req', '-in', 'leaf.csr', '-CA', 'root.pem', '-CAkey', 'root.key', '-CAcreateserial', '-out', 'leaf.pem', '-days', '2', '-extfile', 'leaf.ext']);
  const leaf = readFileSync(join(d, 'leaf.pem'), 'utf8');
  const root = readFileSync(join(d, 'root.pem'), 'utf8');
  return { key: readFileSync(join(d, 'leaf.key'), 'utf8'), cert: leaf + root, certPath: join(d, 'leaf.pem'), rootPath: join(d, 'root.pem'), leafOnly: leaf };
}

/** An HTTPS front that forwards every request to the local ClearML server (so login etc. work over TLS). */
async function httpsFront(pem: Pem, target: RunningServer): Promise<{ url: string; server: HttpsServer }> {
  const server = createHttpsServer({ key: pem.key, cert: pem.cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void fetch(`${target.url}${req.url ?? '/'}`, {
        method: req.method, body: chunks.length ? Buffer.concat(chunks) : undefined,
        headers: Object.fromEntries(Object.entries(req.headers).filter(([k, v]) => typeof v === 'string' && !['host', 'connection', 'content-length'].includes(k))) as Record<string, string>,
      }).then(async (r) => {
        res.writeHead(r.status, { 'Content-Type': r.headers.get('content-type') ?? 'application/json' });
        res.end(Buffer.from(await r.arrayBuffer()));
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { server, url: `https://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** Minimal CONNECT proxy that records the targets it tunnelled to. */
async function connectProxy(): Promise<{ url: string; server: HttpServer; tunnels: string[]; close(): Promise<void> }> {
  const tunnels: string[] = [];
  const sockets = new Set<Socket>();
  const server = createHttpServer();
  server.on('connect', (req, client: Socket, head: Buffer) => {
    tunnels.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    sockets.add(client);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const close = (): Promise<void> => {
    for (const s of sockets) s.destroy();
    return closeServer(server);
  };
  return { server, tunnels, close, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function closeServer(s: HttpServer | HttpsServer): Promise<void> {
  return new Promise((r) => { s.close(() => r()); s.closeAllConnections(); });
}

function tlsError(pattern: RegExp) {
  return (e: unknown): boolean => {
    assert.ok(e instanceof ClearMLApiError, String(e));
    assert.equal(e.kind, 'tls', e.message);
    assert.equal(e.code, 0);
    assert.match(e.message, pattern);
    return true;
  };
}

const mk = (apiServer: string, extra: Partial<ConstructorParameters<typeof ClearMLClient>[0]> = {}): ClearMLClient =>
  new ClearMLClient({ apiServer, accessKey: DEMO.signIn.accessKey, secretKey: DEMO.signIn.secretKey, retry: { retries: 0 }, timeoutMs: 5_000, ...extra });

describe('TLS', { skip: SKIP }, () => {
  let dir: string;
  let api: RunningServer;
  let selfSignedFront: { url: string; server: HttpsServer };
  let wrongHostFront: { url: string; server: HttpsServer };
  let expiredFront: { url: string; server: HttpsServer };
  let selfPem: Pem;
  let wrongHostPem: Pem;
  let expiredPem: Pem;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'clearml-tls-'));
    selfPem = selfSigned(dir, 'self', 'IP:127.0.0.1');
    wrongHostPem = selfSigned(dir, 'wronghost', 'DNS:api.example.test');
    expiredPem = selfSigned(dir, 'expired', 'IP:127.0.0.1', true);
    api = await startServer({ port: 0, edition: 'hosted' });
    selfSignedFront = await httpsFront(selfPem, api);
    wrongHostFront = await httpsFront(wrongHostPem, api);
    expiredFront = await httpsFront(expiredPem, api);
  });
  after(async () => {
    await Promise.all([closeServer(selfSignedFront.server), closeServer(wrongHostFront.server), closeServer(expiredFront.server)]);
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('self-signed certificate → plain-language error naming both fixes', async () => {
    await assert.rejects(mk(selfSignedFront.url).getCurrentUser(), tlsError(
      /^Cannot connect securely to 127\.0\.0\.1:\d+: the server uses a self-signed certificate\. .*api\.verify_certificate: false.*CLEARML_API_HOST_VERIFY_CERT=0.*CA bundle/));
  });

  test('verifyCertificate: false accepts it; a CA bundle that contains it accepts it too', async () => {
    assert.equal((await mk(selfSignedFront.url, { verifyCertificate: false }).getCurrentUser()).id, DEMO.user.id);
    assert.equal((await mk(selfSignedFront.url, { caBundlePath: selfPem.certPath }).getCurrentUser()).id, DEMO.user.id);
    // the bundle's text read by the caller (the extension reads it asynchronously), winning over a path
    assert.equal((await mk(selfSignedFront.url, { caBundle: selfPem.cert, caBundlePath: '/nonexistent/ca.pem' }).getCurrentUser()).id, DEMO.user.id);
    await assert.rejects(mk(selfSignedFront.url, { caBundle: wrongHostPem.cert }).debugPing(), tlsError(/(unknown certificate authority|self-signed certificate)\. /));
  });

  test('CLEARML_API_HOST_VERIFY_CERT=0 applies when the option is not given', async () => {
    const saved = process.env.CLEARML_API_HOST_VERIFY_CERT;
    process.env.CLEARML_API_HOST_VERIFY_CERT = '0';
    try {
      assert.equal((await mk(selfSignedFront.url).debugPing()).msg, 'ClearML server');
      await assert.rejects(mk(selfSignedFront.url, { verifyCertificate: true }).debugPing(), tlsError(/self-signed/));
    } finally {
      if (saved === undefined) delete process.env.CLEARML_API_HOST_VERIFY_CERT;
      else process.env.CLEARML_API_HOST_VERIFY_CERT = saved;
    }
  });

  test('certificate for another host name → says so and how to fix', async () => {
    await assert.rejects(mk(wrongHostFront.url, { caBundlePath: wrongHostPem.certPath }).debugPing(), tlsError(/the certificate does not name this host\. Use the host name the certificate was issued for/));
  });

  test('expired certificate → says it expired', async () => {
    await assert.rejects(mk(expiredFront.url, { caBundlePath: expiredPem.certPath }).debugPing(), tlsError(/the server's certificate has expired\. Ask the server administrator to renew it/));
  });

  test('certificate from an unknown CA (wrong bundle) → unknown certificate authority', async () => {
    await assert.rejects(mk(selfSignedFront.url, { caBundlePath: wrongHostPem.certPath }).debugPing(), tlsError(/(unknown certificate authority|self-signed certificate)\. /));
  });

  test('a chain ending in a private root (corporate CA, TLS-inspecting proxy) is named as such, not as a generic failure; the root as bundle accepts it', async () => {
    const chain = privateChain(dir);
    const withRoot = await httpsFront(chain, api);
    const leafOnly = await httpsFront({ ...chain, cert: chain.leafOnly }, api);
    try {
      await assert.rejects(mk(withRoot.url).debugPing(), tlsError(
        /^Cannot connect securely to 127\.0\.0\.1:\d+: the certificate chain contains a self-signed certificate \(a private CA or a TLS-inspecting proxy\)\. If you trust this server/));
      await assert.rejects(mk(leafOnly.url).debugPing(), tlsError(/: the certificate is signed by an unknown certificate authority\. If you trust this server/));
      assert.equal((await mk(withRoot.url, { caBundlePath: chain.rootPath }).getCurrentUser()).id, DEMO.user.id);
      assert.equal((await mk(leafOnly.url, { caBundlePath: chain.rootPath }).getCurrentUser()).id, DEMO.user.id);
    } finally {
      await Promise.all([closeServer(withRoot.server), closeServer(leafOnly.server)]);
    }
  });

  test('https:// to a plain-HTTP port → TLS handshake failure that suggests http://', async () => {
    await assert.rejects(mk(api.url.replace('http://', 'https://')).debugPing(), tlsError(/TLS handshake failed — the port may not speak HTTPS \(try http:\/\/\)/));
  });

  test('proxy: an https API server is tunnelled (CONNECT), a plain-http one is sent to the proxy as an absolute URL, as python-requests does', async () => {
    const forwarding = await startRecordingProxy();
    try {
      assert.equal((await mk(api.url, { proxy: forwarding.url }).getCurrentUser()).id, DEMO.user.id);
      assert.ok(forwarding.requests.includes(`POST ${api.url}/auth.login`), forwarding.requests.join('\n'));
      assert.ok(!forwarding.requests.some((r) => r.startsWith('CONNECT')));
    } finally {
      await forwarding.close();
    }
    const proxy = await connectProxy();
    try {
      assert.equal((await mk(selfSignedFront.url, { proxy: proxy.url, caBundlePath: selfPem.certPath }).getCurrentUser()).id, DEMO.user.id);
      await assert.rejects(mk(selfSignedFront.url, { proxy: proxy.url }).debugPing(), tlsError(/self-signed/));
      const targets = new Set(proxy.tunnels);
      assert.ok(targets.has(new URL(selfSignedFront.url).host));
    } finally {
      await proxy.close();
    }
  });
});
