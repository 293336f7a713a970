/**
 * Real storage servers for the access tests, all on 127.0.0.1 and started by the tests:
 * - s3rver (S3 protocol; its only account is S3RVER / S3RVER) behind a front that checks the payload hash and the
 *   SigV4 signature independently of the signer under test;
 * - azurite's blob service (Azure Blob protocol with Shared Key; account devstoreaccount1), telemetry disabled.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { sharedKeyAuthorization } from '../../../src/core/storage/access/azure';

export const S3_KEY = 'S3RVER';
export const S3_SECRET = 'S3RVER';
export const AZURE_ACCOUNT = 'devstoreaccount1';
export const AZURE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

const root = path.resolve(__dirname, '../../../..');

export interface Running { port: number; stop(): Promise<void> }

function listen(server: http.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

const sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();

/** RFC 3986 encoding as SigV4 canonicalises query strings (everything but A-Z a-z 0-9 - _ . ~). */
const sigv4Encode = (s: string): string => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * SigV4 as S3 checks it, written from AWS's specification ("Signature Version 4 signing process", S3 flavour: the
 * path is not encoded twice) with node:crypto only, independently of the signer under test (aws4). The payload hash
 * in the canonical request is the SHA-256 of the bytes RECEIVED, never the request's own x-amz-content-sha256 header:
 * a request signed over another body fails here as it fails on S3 and MinIO.
 */
export function expectedSigV4(req: { method: string; url: string; headers: http.IncomingHttpHeaders }, body: Buffer, secret: string): { signature: string; key: string } | undefined {
  const auth = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(String(req.headers.authorization ?? ''));
  const amzDate = String(req.headers['x-amz-date'] ?? '');
  if (!auth || !amzDate.startsWith(auth[2])) return undefined;
  const [, key, day, region, signedHeaders] = auth;
  const [path, query = ''] = req.url.split('?');
  const canonicalQuery = query.split('&').filter((p) => p).map((p) => {
    const [k, v = ''] = p.split('=');
    return [sigv4Encode(decodeURIComponent(k)), sigv4Encode(decodeURIComponent(v))];
  }).sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0)).map(([k, v]) => `${k}=${v}`).join('&');
  const names = signedHeaders.split(';');
  const canonicalHeaders = names.map((h) => `${h}:${String(req.headers[h] ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
  const canonical = [req.method, path, canonicalQuery, canonicalHeaders, signedHeaders, sha256(body)].join('\n');
  const scope = `${day}/${region}/s3/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${secret}`, day), region), 's3'), 'aws4_request');
  return { signature: createHmac('sha256', signingKey).update(toSign, 'utf8').digest('hex'), key };
}

function s3Error(res: http.ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { 'Content-Type': 'application/xml' });
  res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`);
}

/**
 * s3rver answers the real S3 protocol and rejects unknown access keys and missing buckets, but it does NOT verify
 * SigV4 signatures (its V4 check is unimplemented: a wrong secret passes) nor the payload hash. So this front checks
 * what S3 checks, for the key it knows: x-amz-content-sha256 must be the SHA-256 of the body received
 * (XAmzContentSHA256Mismatch), and the signature must be the one expectedSigV4 computes over that body with the
 * secret (SignatureDoesNotMatch). Everything else is passed through to s3rver unchanged. `seen` records each
 * request's method, path and verdict, so a test can tell what reached the store.
 */
export async function startS3(buckets: string[]): Promise<Running & { seen: { method: string; url: string; verdict: string }[] }> {
  // Loaded here so a missing devDependency fails only these tests, with its own message.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const S3rver = require('s3rver') as new (o: object) => { run(): Promise<AddressInfo>; close(): Promise<void> };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 's3rver-'));
  const s3 = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir, configureBuckets: buckets.map((name) => ({ name })) });
  const { port: s3Port } = await s3.run();
  const seen: { method: string; url: string; verdict: string }[] = [];
  const front = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const record = (verdict: string): void => { seen.push({ method: req.method ?? '', url: req.url ?? '', verdict }); };
      const claimed = String(req.headers['x-amz-content-sha256'] ?? '');
      if (req.headers.authorization && claimed !== sha256(body)) {
        record('sha256-mismatch');
        s3Error(res, 400, 'XAmzContentSHA256Mismatch', 'The provided \'x-amz-content-sha256\' header does not match what was computed.');
        return;
      }
      const expected = expectedSigV4({ method: req.method ?? '', url: req.url ?? '', headers: req.headers }, body, S3_SECRET);
      if (req.headers.authorization && expected?.key === S3_KEY && /Signature=([0-9a-f]+)$/.exec(String(req.headers.authorization))?.[1] !== expected.signature) {
        record('signature-mismatch');
        s3Error(res, 403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.');
        return;
      }
      record('passed');
      const up = http.request({ host: '127.0.0.1', port: s3Port, method: req.method, path: req.url, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      up.on('error', () => { res.writeHead(502); res.end(); });
      up.end(body);
    });
  });
  const port = await listen(front);
  return {
    port,
    seen,
    stop: async () => {
      await new Promise<void>((r) => front.close(() => r()));
      await s3.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Azurite's blob service on 127.0.0.1, in memory, with --disableTelemetry (it would otherwise call an outside host). */
export async function startAzurite(containers: string[]): Promise<Running & { endpoint: string }> {
  const main = path.join(root, 'node_modules', 'azurite', 'dist', 'src', 'blob', 'main.js');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'azurite-'));
  const child: ChildProcess = spawn(process.execPath, [main, '--blobHost', '127.0.0.1', '--blobPort', '0', '--disableTelemetry', '--inMemoryPersistence'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`azurite did not start: ${out}`)), 60000);
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listens on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    });
    child.stderr!.on('data', (c: Buffer) => { out += c.toString(); });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`azurite exited with ${code}: ${out}`)); });
  });
  const endpoint = `http://127.0.0.1:${port}/${AZURE_ACCOUNT}`;
  for (const c of containers) {
    const url = new URL(`${endpoint}/${c}?restype=container`);
    const headers: Record<string, string> = { 'x-ms-date': new Date().toUTCString(), 'x-ms-version': '2021-08-06' };
    headers.Authorization = sharedKeyAuthorization('PUT', url, headers, AZURE_ACCOUNT, AZURE_KEY);
    const status = await new Promise<number>((resolve, reject) => {
      const r = http.request(url, { method: 'PUT', headers }, (res) => { res.resume(); resolve(res.statusCode ?? 0); });
      r.on('error', reject);
      r.end();
    });
    if (status !== 201) throw new Error(`creating container ${c} in azurite answered ${status}`);
  }
  return {
    port,
    endpoint,
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
