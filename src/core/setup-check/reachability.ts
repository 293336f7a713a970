/**
 * Live checks: api-reachable (debug.ping as the SDK sends it), api-credentials (auth.login), web-reachable and
 * files-reachable (GET). On failure, nearby addresses (the web UI's /api, the usual ports, api./app./files. names)
 * are probed too, and only those that really answer are offered as fixes.
 */
import { deriveFilesHost, deriveWebHost } from '../config/discovery';
import { classifyFailure, describeAnswer, envelopeOf, isAbort, isTlsCause, type Envelope, type Failure } from './classify';
import { fixSetting, maskKey, settingName, verifyOffFix, type CheckContext, type Field } from './context';
import { probe, proxyFor, type ProbeResult } from './probe';
import type { Finding, Fix } from './types';

export class CheckAborted extends Error {
  constructor() {
    super('The setup check was cancelled');
    this.name = 'AbortError';
  }
}

export function hostOf(url: string): string {
  try { return new URL(url).host; } catch { return url; }
}

function base(url: string): string {
  return url.replace(/\/+$/, '');
}

async function send(ctx: CheckContext, url: string, method: string, extra: { body?: string; headers?: Record<string, string>; site?: boolean } = {}): Promise<ProbeResult> {
  const { site, ...rest } = extra;
  const r = await probe({ url, method, ...rest, timeoutMs: ctx.timeoutMs, signal: ctx.options.signal, tls: site ? ctx.siteTls : ctx.tls, proxy: proxyFor(url, ctx.env) });
  if (isAbort(r)) throw new CheckAborted();
  return r;
}

/** debug.ping the way the SDK calls every endpoint: its default method (GET) with a JSON body. */
export function ping(ctx: CheckContext, api: string, method = ctx.method): Promise<ProbeResult> {
  return send(ctx, `${base(api)}/debug.ping`, method, { body: '{}', headers: { 'Content-Type': 'application/json' } });
}

const answersAsClearml = (r: ProbeResult): boolean => r.ok && envelopeOf(r) !== undefined;
const answersAtAll = (r: ProbeResult): boolean => r.ok && r.status < 500;

/** Whether `url` works for the field: answers debug.ping as ClearML (API), or answers at all (web UI, files server). */
export async function addressAnswers(ctx: CheckContext, field: Field, url: string): Promise<boolean> {
  return field === 'apiServer' ? answersAsClearml(await ping(ctx, url)) : answersAtAll(await send(ctx, base(url) + '/', 'GET', { site: true }));
}

function tlsNote(ctx: CheckContext): string {
  return 'api.verify_certificate covers only the API calls: uploads to the files server and to S3/GCS/Azure storage verify certificates on their own (REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE, and sdk.aws.s3 "verify"/"secure" per bucket)'
    + (ctx.tls.caProblem ? `; ${ctx.tls.caProblem}` : '');
}

function tlsAdvice(ctx: CheckContext, f: Failure, host: string, site: boolean): string {
  const off = site ? ' (api.verify_certificate does not help here: it covers only API calls)' : ', or set api.verify_certificate: false in clearml.conf (insecure)';
  if (f.cause === 'tls-hostname') return `Use the host name the certificate was issued for in the address, or add a certificate for ${host}${site ? '' : off}.`;
  if (f.cause === 'tls-expired') return `Ask the server administrator to renew the certificate${site ? '' : off}.`;
  const bundle = ctx.tls.caSource ? `The CA bundle in ${ctx.tls.caSource} does not contain its CA; add it there` : 'Save its CA certificate and point REQUESTS_CA_BUNDLE at it';
  return `${bundle}${off}.`;
}

/** Message + detail + causes for a network failure of `url` configured by `setting`. */
function unreachable(ctx: CheckContext, r: Extract<ProbeResult, { ok: false }>, url: string, setting: string, role: string, site = false): { failure: Failure; message: string; detail: string } {
  const failure = classifyFailure(r);
  const host = hostOf(url);
  const via = proxyFor(url, ctx.env);
  const proxyNote = via ? ` (through the proxy ${hostOf(via)} from HTTP(S)_PROXY; if ${host} is internal, add it to NO_PROXY)` : '';
  const what = isTlsCause(failure.cause) ? `${failure.what}, so the SDK refuses to connect (CERTIFICATE_VERIFY_FAILED). ${tlsAdvice(ctx, failure, host, site)}` : `${failure.what}. Check ${setting}.`;
  const detail = `${failure.detail}${via ? `; proxy ${hostOf(via)}` : ''}${isTlsCause(failure.cause) ? `; ${tlsNote(ctx)}` : ''}`;
  return { failure, message: `The ${role} ${host}${proxyNote} ${what}`, detail };
}

function unique(values: (string | undefined)[], except: string): string[] {
  const seen = new Set<string>([base(except)]);
  const out: string[] = [];
  for (const v of values) {
    if (!v) continue;
    const b = base(v);
    if (!seen.has(b)) { seen.add(b); out.push(b); }
  }
  return out;
}

function withPort(url: string, port: string): string | undefined {
  try {
    const u = new URL(url);
    u.port = port;
    return base(`${u.protocol}//${u.host}${u.pathname}`);
  } catch {
    return undefined;
  }
}

function rename(url: string, from: string, to: string): string | undefined {
  return url.includes(`://${from}.`) ? url.replace(`://${from}.`, `://${to}.`) : undefined;
}

/** Addresses a ClearML API is commonly found at, near a wrong one. */
export function apiCandidates(api: string): string[] {
  let u: URL;
  try { u = new URL(api); } catch { return []; }
  const path = u.pathname.replace(/\/+$/, '');
  return unique([
    path === '' ? `${u.protocol}//${u.host}/api` : undefined,
    u.port === '8080' || u.port === '8081' ? withPort(api, '8008') : undefined,
    u.port === '30080' || u.port === '30081' ? withPort(api, '30008') : undefined,
    rename(api, 'app', 'api'), rename(api, 'files', 'api'), rename(api, 'demoapp', 'demoapi'),
    u.port === '' && u.protocol === 'http:' ? withPort(api, '8008') : undefined,
  ], api);
}

async function verified(candidates: string[], works: (url: string) => Promise<boolean>): Promise<string[]> {
  const ok = await Promise.all(candidates.map(works));
  return candidates.filter((_, i) => ok[i]);
}

export interface ApiOutcome { finding: Finding; ok: boolean }

export async function apiReachable(ctx: CheckContext): Promise<ApiOutcome> {
  const api = ctx.setup.apiServer!;
  const setting = settingName(ctx, 'apiServer');
  const host = hostOf(api);
  const r = await ping(ctx, api);
  const methodText = ctx.method === 'GET' ? 'GET with a JSON body, as the SDK sends it' : `${ctx.method}, from ${ctx.methodSource}`;
  if (r.ok) {
    const env = envelopeOf(r);
    if (env) {
      const unverified = api.startsWith('https:') && !ctx.tls.verify ? ` The certificate is not verified (api.verify_certificate is false).` : '';
      return {
        ok: true,
        finding: {
          check: 'api-reachable', status: 'ok', message: `The API server ${host} answers as ClearML (debug.ping in ${r.ms} ms).${unverified}`,
          detail: `${methodText}; HTTP ${r.status}${ctx.tls.caSource ? `; CA bundle ${ctx.tls.caSource}` : ''}${api.startsWith('https:') ? `; ${tlsNote(ctx)}` : ''}`,
        },
      };
    }
    if (ctx.method === 'GET' && (r.status === 411 || r.status === 405 || r.status === 400)) {
      // A proxy that refuses a GET with a body lets the same call through as PUT.
      const again = await ping(ctx, api, 'PUT');
      if (answersAsClearml(again)) {
        const viaEnv = ctx.methodSource?.startsWith('CLEARML_') || ctx.methodSource?.startsWith('TRAINS_');
        const fix: Fix = viaEnv ? { kind: 'set-env', name: ctx.methodSource!, value: 'PUT', label: `Set ${ctx.methodSource}=PUT` }
          : { kind: 'set', path: 'api.http.default_method', value: 'put', label: 'Send API calls as PUT (api.http.default_method: "put")' };
        return {
          ok: false,
          finding: {
            check: 'api-reachable', status: 'error', cause: 'proxy-411',
            message: `Something between this machine and ${host} (a proxy) refuses GET requests with a body, which is how the ClearML SDK sends every call; the same call as PUT works. Set api.http.default_method: "put" in clearml.conf (or CLEARML_API_DEFAULT_REQ_METHOD=PUT).`,
            detail: `GET ${base(api)}/debug.ping with a JSON body → ${describeAnswer(r)}; PUT → HTTP ${again.ok ? again.status : '?'} ClearML`,
            fixes: [fix],
          },
        };
      }
    }
    const fixes = await candidateFixes(ctx, api);
    if (r.status >= 500) {
      return {
        ok: false,
        finding: { check: 'api-reachable', status: 'error', cause: 'http-error', message: `The API server ${host} answers HTTP ${r.status} without a ClearML response: the server or a proxy in front of it is failing. Check the server, or ${setting}.`, detail: describeAnswer(r), fixes },
      };
    }
    const looksLikeWeb = /html/i.test(r.contentType) || /^\s*</.test(r.body);
    return {
      ok: false,
      finding: {
        check: 'api-reachable', status: 'error', cause: 'not-clearml',
        message: `${api} answers, but not as a ClearML API server (${looksLikeWeb ? 'it returns an HTML page, probably the web UI' : 'another kind of service'}). ${setting} must be the API address: port 8008, https://api.<domain>, or <web UI>/api.${fixes.length ? ` ${fixes.length === 1 ? 'This address answers' : 'These addresses answer'} as ClearML: ${fixes.map((f) => (f as { value: string }).value).join(', ')}.` : ''}`,
        detail: `debug.ping → ${describeAnswer(r)}`,
        fixes,
      },
    };
  }
  const { failure, message, detail } = unreachable(ctx, r, api, setting, 'API server');
  const fixes: Fix[] = isTlsCause(failure.cause) ? [verifyOffFix(ctx)] : await candidateFixes(ctx, api);
  const found = !isTlsCause(failure.cause) && fixes.length ? ` A ClearML API answers at ${fixes.map((f) => (f as { value: string }).value).join(', ')}.` : '';
  return { ok: false, finding: { check: 'api-reachable', status: 'error', cause: failure.cause, message: message + found, detail, fixes: fixes.length ? fixes : undefined } };
}

async function candidateFixes(ctx: CheckContext, api: string): Promise<Fix[]> {
  const good = await verified(apiCandidates(api), async (url) => answersAsClearml(await ping(ctx, url)));
  return good.map((url) => fixSetting(ctx, 'apiServer', url, `Use ${url} (answers as ClearML)`));
}

function decodeClaims(token: unknown): { user?: string; company?: string } {
  if (typeof token !== 'string') return {};
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { identity?: { user_name?: string; company_name?: string } };
    return { user: payload.identity?.user_name, company: payload.identity?.company_name };
  } catch {
    return {};
  }
}

export async function apiCredentials(ctx: CheckContext, apiOk: boolean): Promise<Finding> {
  const { setup } = ctx;
  if (!setup.accessKey || !setup.secretKey) {
    const missing = [!setup.accessKey && 'api.credentials.access_key (CLEARML_API_ACCESS_KEY)', !setup.secretKey && 'api.credentials.secret_key (CLEARML_API_SECRET_KEY)'].filter(Boolean).join(' and ');
    return {
      check: 'api-credentials', status: 'error', cause: 'missing',
      message: `No credentials: ${missing} ${setup.accessKey && setup.secretKey ? '' : 'is not set'}. Create credentials and write them to clearml.conf.`,
      fixes: [{ kind: 'create-credentials', label: 'Create credentials and write them to clearml.conf' }],
    };
  }
  if (!apiOk || !setup.apiServer) return { check: 'api-credentials', status: 'skipped', message: 'Not checked: the API server does not answer.' };
  const api = setup.apiServer;
  const host = hostOf(api);
  const keySource = setup.sources.accessKey?.startsWith('env:') ? setup.sources.accessKey.slice(4) : `api.credentials.access_key${setup.sources.accessKey ? ` in ${setup.sources.accessKey}` : ''}`;
  const basic = Buffer.from(`${setup.accessKey}:${setup.secretKey}`).toString('base64');
  const r = await send(ctx, `${base(api)}/auth.login`, ctx.method, { body: '{}', headers: { 'Content-Type': 'application/json', Authorization: `Basic ${basic}` } });
  const key = maskKey(setup.accessKey);
  if (!r.ok) {
    const f = classifyFailure(r);
    return { check: 'api-credentials', status: 'error', cause: f.cause, message: `Signing in to ${host} failed: the server ${f.what}.`, detail: f.detail };
  }
  const env: Envelope | undefined = envelopeOf(r);
  if (!env) return { check: 'api-credentials', status: 'error', cause: 'http-error', message: `auth.login on ${host} returned something that is not a ClearML answer.`, detail: describeAnswer(r) };
  const code = `${env.meta.result_code}/${env.meta.result_subcode ?? 0}`;
  const detail = `auth.login → ${code} ${env.meta.result_msg ?? ''}`.trim();
  if (env.meta.result_code === 200) {
    const who = decodeClaims(env.data?.token);
    return { check: 'api-credentials', status: 'ok', message: `The access key ${key} signs in to ${host}${who.user ? ` as ${who.user}` : ''}${who.company ? ` (${who.company})` : ''}.`, detail };
  }
  if (env.meta.result_code === 401 && [20, 21, 22].includes(env.meta.result_subcode ?? 0)) {
    return {
      check: 'api-credentials', status: 'error', cause: 'auth-unknown-key',
      message: `${host} does not know the access key ${key} (${keySource}), or its secret key is wrong. The key may belong to another ClearML server, or this server's database was reset. Create new credentials on ${host} and write them to clearml.conf.`,
      detail, fixes: [{ kind: 'create-credentials', label: `Create new credentials on ${host} and write them to clearml.conf` }],
    };
  }
  return {
    check: 'api-credentials', status: 'error', cause: 'auth-other',
    message: `${host} refused the access key ${key} (${keySource}): ${env.meta.result_msg ?? `HTTP ${env.meta.result_code}`}. Ask the server administrator, or create new credentials.`,
    detail, fixes: [{ kind: 'create-credentials', label: `Create new credentials on ${host} and write them to clearml.conf` }],
  };
}

function siteCandidates(ctx: CheckContext, field: Field): string[] {
  const { apiServer, webServer } = ctx.setup;
  if (field === 'webServer') return [apiServer && deriveWebHost(apiServer), apiServer && rename(apiServer, 'api', 'app')].filter((x): x is string => !!x);
  return [webServer && deriveFilesHost(webServer), apiServer && withPort(apiServer, '8081'), apiServer && rename(apiServer, 'api', 'files')].filter((x): x is string => !!x);
}

export async function siteReachable(ctx: CheckContext, field: 'webServer' | 'filesServer'): Promise<Finding> {
  const check = field === 'webServer' ? 'web-reachable' : 'files-reachable';
  const role = field === 'webServer' ? 'web UI' : 'files server';
  const url = ctx.setup[field];
  if (!url) return { check, status: 'skipped', message: `No ${role} address to check.` };
  const setting = settingName(ctx, field);
  const host = hostOf(url);
  const r = await send(ctx, base(url) + '/', 'GET', { site: true });
  if (r.ok && r.status < 500) return { check, status: 'ok', message: `The ${role} ${host} answers (HTTP ${r.status} in ${r.ms} ms).`, detail: `${setting}; ${describeAnswer(r)}` };
  const fixes = (await verified(unique(siteCandidates(ctx, field), url), async (c) => answersAtAll(await send(ctx, base(c) + '/', 'GET', { site: true }))))
    .map((c) => fixSetting(ctx, field, c, `Use ${c} (answers)`));
  const severity = field === 'webServer' ? 'warning' : 'error';
  const impact = field === 'webServer' ? 'Links to the web UI will not open' : 'Artifacts, models and debug samples cannot be uploaded or shown';
  if (r.ok) {
    return { check, status: severity, cause: 'http-error', message: `The ${role} ${host} answers HTTP ${r.status}: it or a proxy in front of it is failing. ${impact}. Check ${setting}.`, detail: describeAnswer(r), fixes: fixes.length ? fixes : undefined };
  }
  const { failure, message, detail } = unreachable(ctx, r, url, setting, role, true);
  const found = fixes.length ? ` ${fixes.map((f) => (f as { value: string }).value).join(', ')} answer${fixes.length === 1 ? 's' : ''}.` : '';
  return { check, status: severity, cause: failure.cause, message: `${message} ${impact}.${found}`, detail, fixes: fixes.length ? fixes : undefined };
}
