/**
 * Azure Blob access test with the real protocol: List Blobs, Put Blob, Delete Blob, signed with the storage
 * account's Shared Key. The signature is one HMAC-SHA256 over a canonical string (learn.microsoft.com,
 * "Authorize with Shared Key"), done here with node:crypto: the official client (@azure/storage-blob) would add
 * several hundred kB to the package for these three requests.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { proxyFor } from '../../net/proxy';
import type { AzureResolution } from '../resolve';
import { send, xmlError, type HttpResponse } from './http';
import { networkOutcome, type AccessOutcome, type AccessReport, type AccessStep } from './outcome';
import { DEFAULT_TEST_MS, type ProbeOptions } from './s3';

const API_VERSION = '2021-08-06';

export interface AzureProbeOptions extends ProbeOptions {
  /**
   * Blob service endpoint of the account; default https://<host of the URI>. For emulators with path-style
   * addressing (http://127.0.0.1:10000/devstoreaccount1) the account name is part of the path.
   */
  endpoint?: string;
}

/** The Shared Key string-to-sign (service version 2015-02-21 and later: Content-Length empty when 0). */
export function sharedKeyStringToSign(method: string, url: URL, headers: Record<string, string>, account: string): string {
  const h = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  const len = h['content-length'] && h['content-length'] !== '0' ? h['content-length'] : '';
  const standard = [
    method.toUpperCase(), h['content-encoding'] ?? '', h['content-language'] ?? '', len, h['content-md5'] ?? '', h['content-type'] ?? '',
    '', h['if-modified-since'] ?? '', h['if-match'] ?? '', h['if-none-match'] ?? '', h['if-unmodified-since'] ?? '', h.range ?? '',
  ];
  const msHeaders = Object.keys(h).filter((k) => k.startsWith('x-ms-')).sort().map((k) => `${k}:${h[k].trim()}\n`).join('');
  const params = new Map<string, string[]>();
  for (const [k, v] of url.searchParams) params.set(k.toLowerCase(), [...(params.get(k.toLowerCase()) ?? []), v]);
  const query = [...params.keys()].sort().map((k) => `\n${k}:${params.get(k)!.sort().join(',')}`).join('');
  return `${standard.join('\n')}\n${msHeaders}/${account}${url.pathname}${query}`;
}

export function sharedKeyAuthorization(method: string, url: URL, headers: Record<string, string>, account: string, key: string): string {
  const sig = createHmac('sha256', Buffer.from(key, 'base64')).update(sharedKeyStringToSign(method, url, headers, account), 'utf8').digest('base64');
  return `SharedKey ${account}:${sig}`;
}

function classify(res: HttpResponse, r: AzureResolution, step: AccessStep['name']): { outcome: AccessOutcome; message: string } {
  const { code, message } = xmlError(res.body);
  const said = message ? ` (server: "${message}")` : '';
  // Azure says AuthenticationFailed for a bad signature; Azurite says AuthorizationFailure with the same words.
  if (code === 'AuthenticationFailed' || (code === 'AuthorizationFailure' && /failed to authenticate|signature/i.test(message ?? ''))) {
    return { outcome: 'wrong-secret', message: `Wrong account key: Azure rejected the Shared Key signature of account "${r.accountName}"${said}. Copy account_key again from the storage account's Access keys.` };
  }
  // AuthorizationFailure is not a bad signature: the account's firewall / virtual-network rules (or a disabled
  // Shared Key access) refuse the request before the key matters.
  if (code === 'AuthorizationFailure') {
    return { outcome: 'access-denied', message: `Not authorized, and not a wrong key: account "${r.accountName}" refused the ${step} request${said}. Usually the storage account's Networking settings (firewall, virtual-network rules, private endpoint only) do not admit this machine's address; allow it there, or check that Shared Key access is enabled.` };
  }
  if (code === 'ContainerNotFound') return { outcome: 'bucket-missing', message: `Container missing: "${r.container}" does not exist in account "${r.accountName}". Create it or fix container_name / the URI.` };
  if (code === 'AuthorizationPermissionMismatch' || code === 'AuthorizationResourceTypeMismatch' || res.status === 403) {
    return { outcome: 'access-denied', message: `Access denied: account "${r.accountName}" may not ${step} in "${r.container}"${said}.` };
  }
  if (code === 'InvalidResourceName' || code === 'ResourceNotFound' || code === 'AccountNotFound' || res.status === 404) {
    return { outcome: 'wrong-key', message: `Azure does not know this account or path (${code ?? `HTTP ${res.status}`})${said}. Check account_name.` };
  }
  return { outcome: 'error', message: `Azure answered HTTP ${res.status}${code ? ` ${code}` : ''}${said} to the ${step} request.` };
}

/** Azure's rule for storage account names (learn.microsoft.com, "Storage account name"). */
const ACCOUNT_NAME = /^[a-z0-9]{3,24}$/;

/** Blob endpoints of the public and sovereign Azure clouds: <account>.blob.<one of these>. */
const BLOB_SUFFIXES = ['core.windows.net', 'core.chinacloudapi.cn', 'core.usgovcloudapi.net', 'core.cloudapi.de'];

/**
 * The one place requests signed with the account key may go: the endpoint configured for the account (an emulator,
 * validated as a plain http(s) URL), else the account's own blob endpoint named by the URI. Anything else (another
 * host after an "@", a look-alike suffix, a port) is refused before a request is signed.
 */
export function azureEndpoint(r: Pick<AzureResolution, 'accountName' | 'endpointHost'>, configured?: string): { url: URL } | { refused: string } {
  if (!ACCOUNT_NAME.test(r.accountName)) {
    return { refused: `"${r.accountName}" is not an Azure storage account name (3 to 24 lower-case letters and digits); nothing was sent.` };
  }
  if (configured !== undefined) {
    let url: URL;
    try { url = new URL(configured); } catch { return { refused: `The blob endpoint "${configured}" configured for account "${r.accountName}" is not a URL; nothing was sent.` }; }
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password || url.search || url.hash) {
      return { refused: `The blob endpoint configured for account "${r.accountName}" must be a plain http(s)://host[:port][/path] URL; nothing was sent.` };
    }
    return { url };
  }
  const host = r.endpointHost.toLowerCase();
  if (host.includes('@')) {
    return { refused: `The URI's host "${r.endpointHost}" holds an "@": the part after it (${host.slice(host.lastIndexOf('@') + 1)}) would receive requests signed with the key of account "${r.accountName}". Write azure://${r.accountName}.blob.core.windows.net/<container>/…; nothing was sent.` };
  }
  if (!BLOB_SUFFIXES.some((suffix) => host === `${r.accountName}.blob.${suffix}`)) {
    return { refused: `The URI's host "${r.endpointHost}" is not the blob endpoint of account "${r.accountName}" (${r.accountName}.blob.core.windows.net): requests signed with the account key go nowhere else, so nothing was sent.` };
  }
  return { url: new URL(`https://${host}`) };
}

export async function probeAzure(r: AzureResolution, opts: AzureProbeOptions = {}): Promise<AccessReport> {
  const endpoint = azureEndpoint(r, opts.endpoint);
  if ('refused' in endpoint) return { outcome: 'error', message: endpoint.refused, target: `azure://${r.endpointHost}/${r.container}`, steps: [] };
  const base = endpoint.url;
  const root = base.pathname.replace(/\/+$/, '');
  const target = `${base.origin}${root}/${r.container}/${r.prefix}`;
  const steps: AccessStep[] = [];
  if (!r.container) return { outcome: 'error', message: 'The URI names no container; nothing to test.', target, steps };
  if (!r.accountKey) return { outcome: 'no-credentials', message: `There is no account_key for "${r.accountName}" to test with.`, target, steps };
  const blob = `${r.prefix ? `${r.prefix.replace(/\/+$/, '')}/` : ''}.clearml-access-test-${randomBytes(6).toString('hex')}`;
  const blobPath = `${root}/${encodeURIComponent(r.container)}/${blob.split('/').map(encodeURIComponent).join('/')}`;
  const body = Buffer.from('ClearML Settings access test; safe to delete.\n');
  const requests: { name: AccessStep['name']; method: string; url: URL; body?: Buffer; headers?: Record<string, string> }[] = [
    { name: 'list', method: 'GET', url: new URL(`${base.origin}${root}/${encodeURIComponent(r.container)}?restype=container&comp=list&maxresults=1${r.prefix ? `&prefix=${encodeURIComponent(r.prefix)}` : ''}`) },
    { name: 'write', method: 'PUT', url: new URL(`${base.origin}${blobPath}`), body, headers: { 'x-ms-blob-type': 'BlockBlob', 'Content-Type': 'text/plain', 'Content-Length': String(body.length) } },
    { name: 'delete', method: 'DELETE', url: new URL(`${base.origin}${blobPath}`) },
  ];
  const secure = base.protocol === 'https:';
  const limitMs = opts.timeoutMs ?? DEFAULT_TEST_MS;
  const deadlineAt = opts.deadlineAt ?? Date.now() + limitMs;
  // azure-storage-blob's transport is python-requests: its proxy choice, NO_PROXY included.
  const proxy = proxyFor(`${base.origin}/`, opts.env ?? {});
  for (const q of requests) {
    const headers: Record<string, string> = { 'x-ms-date': new Date().toUTCString(), 'x-ms-version': API_VERSION, ...(q.headers ?? {}) };
    headers.Authorization = sharedKeyAuthorization(q.method, q.url, headers, r.accountName, r.accountKey);
    let res: HttpResponse;
    try {
      res = await send({
        secure, hostname: q.url.hostname.replace(/^\[|\]$/g, ''), port: Number(q.url.port) || (secure ? 443 : 80), method: q.method, path: q.url.pathname + q.url.search,
        headers, body: q.body, timeoutMs: limitMs, deadlineAt, signal: opts.signal, proxy,
      });
    } catch (e) {
      const n = networkOutcome(e, base.origin, secure);
      steps.push({ name: q.name, ok: false, detail: n.detail });
      return { outcome: n.outcome, message: n.message, target, steps };
    }
    const ok = res.status >= 200 && res.status < 300;
    steps.push({ name: q.name, ok, detail: `HTTP ${res.status}${ok ? '' : ` ${xmlError(res.body).code ?? ''}`.trimEnd()}` });
    if (!ok) return { ...classify(res, r, q.name), target, steps };
  }
  return { outcome: 'ok', message: `Access works: listed "${r.container}", wrote and deleted a small test blob in account "${r.accountName}".`, target, steps };
}
