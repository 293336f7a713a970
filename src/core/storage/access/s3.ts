/**
 * S3 access test with the real protocol: ListObjectsV2, PutObject, DeleteObject, each signed with AWS Signature
 * Version 4 by `aws4` (small, dependency-free, the signer the AWS SDK v2 era tools use). Path-style addressing for
 * S3-compatible hosts (what MinIO and the SDK's boto3 client use for them), virtual-hosted style on AWS.
 */
import aws4 from 'aws4';
import { randomBytes } from 'node:crypto';
import type { S3Resolution } from '../resolve';
import { splitHost } from '../rules';
import { send, xmlError, type HttpResponse } from './http';
import { networkOutcome, type AccessOutcome, type AccessReport, type AccessStep } from './outcome';

export interface ProbeOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

interface Endpoint { secure: boolean; hostname: string; port: number; hostHeader: string; pathPrefix: string; label: string }

function endpointOf(r: S3Resolution, region: string): Endpoint {
  if (r.host) {
    const h = splitHost(r.host);
    const port = h.port ?? (r.secure ? 443 : 80);
    return { secure: r.secure, hostname: h.name, port, hostHeader: h.port ? `${h.name}:${h.port}` : h.name, pathPrefix: `/${encodeURIComponent(r.bucket)}`, label: `${r.secure ? 'https' : 'http'}://${h.name}:${port}` };
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
  if (res.status === 400 && /http request was sent to an https|plain http request was sent/i.test(res.body)) {
    return { outcome: 'tls', message: `${server} expects TLS but the entry says secure: false. Set secure: true.` };
  }
  return { outcome: 'error', message: `${server} answered HTTP ${res.status}${code ? ` ${code}` : ''}${said} to the ${step} request.` };
}

export async function probeS3(r: S3Resolution, opts: ProbeOptions = {}): Promise<AccessReport> {
  const region = r.region || 'us-east-1';
  const ep = endpointOf(r, region);
  const target = `${ep.label}${ep.pathPrefix}/${r.prefix}`;
  const steps: AccessStep[] = [];
  if (!r.bucket) return { outcome: 'error', message: `The URI names no bucket; nothing to test.`, target, steps };
  if (!r.key || !r.secret) {
    return r.useCredentialsChain
      ? { outcome: 'not-testable', message: "This entry uses boto3's credentials chain (instance role, ~/.aws, environment); the extension does not emulate it, so it cannot test it.", target, steps }
      : { outcome: 'no-credentials', message: 'There is no key and secret to test with: the SDK would send this request unsigned.', target, steps };
  }
  const creds = { accessKeyId: r.key, secretAccessKey: r.secret, ...(r.token ? { sessionToken: r.token } : {}) };
  const objectKey = `${r.prefix ? `${r.prefix.replace(/\/+$/, '')}/` : ''}.clearml-access-test-${randomBytes(6).toString('hex')}`;
  const body = Buffer.from('ClearML Settings access test; safe to delete.\n');
  const requests: { name: AccessStep['name']; method: string; path: string; body?: Buffer }[] = [
    { name: 'list', method: 'GET', path: `${ep.pathPrefix}/?list-type=2&max-keys=1${r.prefix ? `&prefix=${encodeURIComponent(r.prefix)}` : ''}` },
    { name: 'write', method: 'PUT', path: `${ep.pathPrefix}/${encodeKey(objectKey)}`, body },
    { name: 'delete', method: 'DELETE', path: `${ep.pathPrefix}/${encodeKey(objectKey)}` },
  ];
  for (const q of requests) {
    const headers: Record<string, string> = { Host: ep.hostHeader, ...(q.body ? { 'Content-Type': 'text/plain', 'Content-Length': String(q.body.length) } : {}) };
    const signed = aws4.sign({ host: ep.hostHeader, method: q.method, path: q.path, service: 's3', region, headers, body: q.body ?? '' }, creds);
    let res: HttpResponse;
    try {
      res = await send({
        secure: ep.secure, hostname: ep.hostname, port: ep.port, method: q.method, path: q.path, body: q.body,
        headers: signed.headers as Record<string, string>, verify: r.verify, timeoutMs: opts.timeoutMs ?? 10000, signal: opts.signal,
      });
    } catch (e) {
      const n = networkOutcome(e, ep.label, ep.secure);
      steps.push({ name: q.name, ok: false, detail: n.detail });
      return { outcome: n.outcome, message: n.message, target, steps };
    }
    const ok = res.status >= 200 && res.status < 300;
    steps.push({ name: q.name, ok, detail: `HTTP ${res.status}${ok ? '' : ` ${xmlError(res.body).code ?? ''}`.trimEnd()}` });
    if (!ok) return { ...classify(res, r, region, q.name), target, steps };
  }
  return { outcome: 'ok', message: `Access works: listed "${r.bucket}", wrote and deleted a small test object on ${r.host ?? 'AWS S3'}.`, target, steps };
}
