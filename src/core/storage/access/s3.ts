/**
 * S3 access test with the real protocol: ListObjectsV2, PutObject, DeleteObject, each signed with AWS Signature
 * Version 4 by `aws4` (small, dependency-free, the signer the AWS SDK v2 era tools use). Path-style addressing for
 * S3-compatible hosts (what MinIO and the SDK's boto3 client use for them), virtual-hosted style on AWS.
 */
import aws4 from 'aws4';
import { randomBytes } from 'node:crypto';
import { BoundedReadError, MAX_CONFIG_FILE_BYTES, readBoundedRegularFile } from '../../config/bounded-read';
import type { S3Resolution } from '../resolve';
import { proxyFor, type ProxyEnv } from '../../net/proxy';
import { splitHost } from '../rules';
import { send, xmlError, type HttpResponse } from './http';
import { networkOutcome, type AccessOutcome, type AccessReport, type AccessStep } from './outcome';

export interface ProbeOptions {
  /** Wall-clock limit of the whole test (every request together), ms; default DEFAULT_TEST_MS. */
  timeoutMs?: number;
  /** Date.now() by which the whole test ends; set by the runner, else now + timeoutMs. */
  deadlineAt?: number;
  signal?: AbortSignal;
  /** Environment for the proxy choice (HTTP(S)_PROXY, NO_PROXY); default none: a direct connection. */
  env?: ProxyEnv;
}

/** 20 s for list + write + delete: a healthy store answers in well under a second. */
export const DEFAULT_TEST_MS = 20_000;

interface Endpoint { secure: boolean; hostname: string; port: number; hostHeader: string; pathPrefix: string; label: string }

function endpointOf(r: S3Resolution, region: string): Endpoint {
  if (r.host) {
    const h = splitHost(r.host);
    const port = h.port ?? (r.secure ? 443 : 80);
    // Node connects to the bare IPv6 address; the Host header and the label keep the brackets.
    return { secure: r.secure, hostname: h.name.replace(/^\[|\]$/g, ''), port, hostHeader: h.port ? `${h.name}:${h.port}` : h.name, pathPrefix: r.bucket ? `/${encodeURIComponent(r.bucket)}` : '', label: `${r.secure ? 'https' : 'http'}://${h.name}:${port}` };
  }
  const aws = region === 'us-east-1' ? 's3.amazonaws.com' : `s3.${region}.amazonaws.com`;
  if (r.bucket.includes('.')) return { secure: true, hostname: aws, port: 443, hostHeader: aws, pathPrefix: `/${encodeURIComponent(r.bucket)}`, label: `https://${aws}` };
  const host = `${r.bucket}.${aws}`;
  return { secure: true, hostname: host, port: 443, hostHeader: host, pathPrefix: '', label: `https://${host}` };
}

const encodeKey = (key: string) => key.split('/').map(encodeURIComponent).join('/');

function classify(res: HttpResponse, r: S3Resolution, region: string, step: AccessStep['name']): { outcome: AccessOutcome; message: string } {
  const { code, message } = xmlError(res.body);
  const server = r.host ?? 'AWS S3';
  const said = message ? ` (server: "${message}")` : '';
  switch (code) {
    case 'InvalidAccessKeyId':
      return { outcome: 'wrong-key', message: `Wrong key: ${server} does not know the access key "${r.key}"${said}. Check the entry's key.` };
    case 'SignatureDoesNotMatch':
      return { outcome: 'wrong-secret', message: `Wrong secret: ${server} knows the key "${r.key}" but the signature made with the secret does not match${said}. Check the entry's secret.` };
    case 'NoSuchBucket':
      return { outcome: 'bucket-missing', message: `Bucket missing: "${r.bucket}" does not exist on ${server}. Create it or fix the bucket name.` };
    case 'AccessDenied':
    case 'AllAccessDisabled':
      return { outcome: 'access-denied', message: `Access denied: the key "${r.key}" may not ${step === 'list' ? 'list' : step === 'write' ? 'write to' : 'delete in'} "${r.bucket}" on ${server}${said}. Grant it the permission in the bucket or user policy.` };
    case 'AuthorizationHeaderMalformed':
    case 'PermanentRedirect':
    case 'IllegalLocationConstraintException': {
      const actual = res.headers['x-amz-bucket-region'] ?? /expecting '([^']+)'/.exec(message ?? '')?.[1];
      return { outcome: 'region-mismatch', message: `Region mismatch: "${r.bucket}" is in ${actual ? `region ${String(actual)}` : 'another region'} but the entry signs for ${region}. Set region: ${actual ? String(actual) : '<the bucket\'s region>'}.` };
    }
  }
  if (res.status === 301 || (res.status === 400 && res.headers['x-amz-bucket-region'])) {
    const actual = res.headers['x-amz-bucket-region'];
    return { outcome: 'region-mismatch', message: `Region mismatch: "${r.bucket}" answers from ${actual ? `region ${String(actual)}` : 'another region'}, not ${region}. Set the entry's region.` };
  }
  if (res.status === 403) return { outcome: 'access-denied', message: `Access denied by ${server} (HTTP 403${code ? ` ${code}` : ''})${said}.` };
  if (res.status === 404) return { outcome: 'bucket-missing', message: `Bucket missing: ${server} answered 404${code ? ` ${code}` : ''} for "${r.bucket}".` };
  // MinIO (Go's net/http) answers a plain request on its TLS port with 400 "Client sent an HTTP request to an HTTPS
  // server."; nginx and AWS with "The plain HTTP request was sent to HTTPS port".
  if (res.status === 400 && /http request (was sent )?to an https|plain http request was sent/i.test(res.body)) {
    return { outcome: 'tls', message: `Wrong secure setting: ${server} speaks https, but the entry says secure: false, so the request went out as plain http (server: "${res.body.trim().split('\n')[0].slice(0, 120)}"). Set secure: true.` };
  }
  return { outcome: 'error', message: `${server} answered HTTP ${res.status}${code ? ` ${code}` : ''}${said} to the ${step} request.` };
}

export async function probeS3(r: S3Resolution, opts: ProbeOptions = {}): Promise<AccessReport> {
  const region = r.region || 'us-east-1';
  const ep = endpointOf(r, region);
  const target = `${ep.label}${ep.pathPrefix}/${r.prefix}`;
  const steps: AccessStep[] = [];
  // A host entry without a bucket (the MinIO entry of ClearML's own clearml.conf template) is tested with ListBuckets.
  if (!r.bucket && !r.host) return { outcome: 'error', message: `The URI names no bucket; nothing to test.`, target, steps };
  if (!r.key || !r.secret) {
    return r.useCredentialsChain
      ? { outcome: 'not-testable', message: "This entry uses boto3's credentials chain (instance role, ~/.aws, environment); the extension does not emulate it, so it cannot test it.", target, steps }
      : { outcome: 'no-credentials', message: 'There is no key and secret to test with: the SDK would send this request unsigned.', target, steps };
  }
  // helper.py _Boto3Driver._Container hands a string `verify` to boto3 as the CA bundle to trust
  const caFile = typeof r.verify === 'string' ? r.verify : undefined;
  let ca: Buffer | undefined;
  if (caFile && ep.secure) {
    try {
      // bounded, never blocking: a vault naming a FIFO or /dev/zero as the bundle must not hang or exhaust the host
      ca = await readBoundedRegularFile(caFile, MAX_CONFIG_FILE_BYTES);
    } catch (e) {
      const why = e instanceof BoundedReadError ? e.reason : (e as NodeJS.ErrnoException).code ?? 'error';
      return { outcome: 'tls', message: `The entry's verify names the CA bundle "${caFile}", which cannot be read here (${why}); boto3 fails the same way. Fix the path.`, target, steps };
    }
  }
  const creds = { accessKeyId: r.key, secretAccessKey: r.secret, ...(r.token ? { sessionToken: r.token } : {}) };
  const objectKey = `${r.prefix ? `${r.prefix.replace(/\/+$/, '')}/` : ''}.clearml-access-test-${randomBytes(6).toString('hex')}`;
  const body = Buffer.from('ClearML Settings access test; safe to delete.\n');
  const requests: { name: AccessStep['name']; method: string; path: string; body?: Buffer }[] = !r.bucket ? [{ name: 'list', method: 'GET', path: '/' }] : [
    { name: 'list', method: 'GET', path: `${ep.pathPrefix}/?list-type=2&max-keys=1${r.prefix ? `&prefix=${encodeURIComponent(r.prefix)}` : ''}` },
    { name: 'write', method: 'PUT', path: `${ep.pathPrefix}/${encodeKey(objectKey)}`, body },
    { name: 'delete', method: 'DELETE', path: `${ep.pathPrefix}/${encodeKey(objectKey)}` },
  ];
  const limitMs = opts.timeoutMs ?? DEFAULT_TEST_MS;
  const deadlineAt = opts.deadlineAt ?? Date.now() + limitMs;
  const proxy = proxyFor(`${ep.secure ? 'https' : 'http'}://${ep.hostHeader}/`, opts.env ?? {});
  let answer = '';
  for (const q of requests) {
    const headers: Record<string, string> = { Host: ep.hostHeader, ...(q.body ? { 'Content-Type': 'text/plain', 'Content-Length': String(q.body.length) } : {}) };
    const signed = aws4.sign({ host: ep.hostHeader, method: q.method, path: q.path, service: 's3', region, headers, body: q.body ?? '' }, creds);
    let res: HttpResponse;
    try {
      res = await send({
        secure: ep.secure, hostname: ep.hostname, port: ep.port, method: q.method, path: q.path, body: q.body,
        headers: signed.headers as Record<string, string>, verify: r.verify !== false, ca, timeoutMs: limitMs, deadlineAt, signal: opts.signal, proxy,
      });
    } catch (e) {
      const n = networkOutcome(e, ep.label, ep.secure, caFile);
      steps.push({ name: q.name, ok: false, detail: n.detail });
      return { outcome: n.outcome, message: n.message, target, steps };
    }
    const ok = res.status >= 200 && res.status < 300;
    steps.push({ name: q.name, ok, detail: `HTTP ${res.status}${ok ? '' : ` ${xmlError(res.body).code ?? ''}`.trimEnd()}` });
    if (!ok) return { ...classify(res, r, region, q.name), target, steps };
    answer = res.body;
  }
  if (!r.bucket) {
    const buckets = [...answer.matchAll(/<Bucket>\s*<Name>([^<]*)<\/Name>/g)].map((m) => m[1]);
    const shown = buckets.slice(0, 5).map((b) => `"${b}"`).join(', ');
    return {
      outcome: 'ok', target, steps,
      message: `Access works: the key lists the buckets on ${r.host} (${buckets.length}${shown ? `: ${shown}${buckets.length > 5 ? ', …' : ''}` : ''}). The entry names no bucket, so nothing was written; test an upload address such as s3://${r.host}/${buckets[0] ?? '<bucket>'}/models to check writes.`,
    };
  }
  return { outcome: 'ok', message: `Access works: listed "${r.bucket}", wrote and deleted a small test object on ${r.host ?? 'AWS S3'}.`, target, steps };
}
