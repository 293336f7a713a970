/**
 * Real storage servers for the access tests, all on 127.0.0.1 and started by the tests:
 * - s3rver (S3 protocol; its only account is S3RVER / S3RVER) behind a SigV4 checking front;
 * - azurite's blob service (Azure Blob protocol with Shared Key; account devstoreaccount1), telemetry disabled.
 */
import aws4 from 'aws4';
import { spawn, type ChildProcess } from 'node:child_process';
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

/**
 * s3rver answers the real S3 protocol and rejects unknown access keys and missing buckets, but it does NOT verify
 * SigV4 signatures (its V4 check is unimplemented: a wrong secret passes). So this front recomputes every request's
 * signature with the same signing library the extension uses (aws4) and the secret it knows for the key, and answers
 * 403 SignatureDoesNotMatch itself when they differ; everything else is passed through to s3rver unchanged.
 */
export async function startS3(buckets: string[]): Promise<Running> {
  // Loaded here so a missing devDependency fails only these tests, with its own message.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const S3rver = require('s3rver') as new (o: object) => { run(): Promise<AddressInfo>; close(): Promise<void> };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 's3rver-'));
  const s3 = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir, configureBuckets: buckets.map((name) => ({ name })) });
  const { port: s3Port } = await s3.run();
  const front = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const auth = String(req.headers.authorization ?? '');
      const m = /Credential=([^/]+)\/\d{8}\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]+)/.exec(auth);
      if (m && m[1] === S3_KEY) {
        const headers: Record<string, string> = {};
        for (const h of m[3].split(';')) headers[h] = String(req.headers[h] ?? '');
        // Every header the signer would add is already among the signed ones, so aws4 changes nothing and takes the
        // signing time from the request's own x-amz-date (with doNotModifyHeaders it would use the current time).
        const again = aws4.sign({ host: headers.host, method: req.method, path: req.url, service: 's3', region: m[2], headers, body: body.length ? body : '' }, { accessKeyId: S3_KEY, secretAccessKey: S3_SECRET });
        const expected = /Signature=([0-9a-f]+)/.exec(String(again.headers!.Authorization))?.[1];
        if (expected !== m[4]) {
          if (process.env.DEBUG) console.error('signature mismatch', req.method, req.url, JSON.stringify(headers));
          res.writeHead(403, { 'Content-Type': 'application/xml' });
          res.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided. Check your key and signing method.</Message></Error>');
          return;
        }
      }
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
