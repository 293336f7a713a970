/**
 * The storage rules, from the SDK's code and its maintainers' answers (clearml-setup-problems.md rows 7-8):
 * host entries keep their port even for 443 and `secure` matches the scheme (clearml #498); bucket entries are not
 * mixed with the credentials chain (clearml-server #219); every upload URI resolves to an entry, or the SDK quietly
 * sends the upload to AWS (clearml #763); keys the SDK does not accept are flagged (Azure SAS, clearml #1453).
 */
import type { Env } from '../config';
import type { FindingCause } from '../setup-check/types';
import {
  AZURE_ENTRY_KEYS, describeEntry, GCS_ENTRY_KEYS, listPathOf, S3_ENTRY_KEYS,
  type AzureEntry, type GcsEntry, type LooseBool, type Provider, type S3Entry, type StorageModel,
} from './model';
import { parseStorageUri, resolveUri, s3EntryUsable, s3Prefix, type Resolution } from './resolve';

export type Severity = 'error' | 'warning' | 'info';

export type RuleId =
  | 'list-malformed' | 'unknown-key' | 'azure-sas' | 'missing-field' | 's3-no-credentials' | 's3-partial-keys'
  | 'host-scheme' | 'host-no-port' | 'secure-mismatch' | 'secure-default' | 'duplicate-entry' | 'bucket-form'
  | 'region-form' | 'chain-with-keys' | 'chain-with-entries' | 'global-unknown-key' | 'uri-entry' | 'uri-fallback'
  | 'uri-no-entry' | 'uri-no-port' | 'uri-form' | 'loose-bool' | 'verify-word' | 'region-not-inherited'
  | 'gcs-credentials-not-inherited' | 'gcs-subdir-case';

export interface StorageIssue {
  rule: RuleId;
  severity: Severity;
  cause?: FindingCause;
  message: string;
  /** The entry the issue is about (provider + index in its list), for the editor. */
  entry?: { provider: Provider; index: number };
  field?: string;
  /** The URI setting the issue is about (sdk.development.default_output_uri, api.files_server). */
  setting?: string;
  resolution?: Resolution;
}

export interface ValidateOptions {
  /** The SDK reads AWS_*, GOOGLE_APPLICATION_CREDENTIALS and AZURE_STORAGE_* as defaults. */
  env?: Env;
}

const SAS_KEY = /sas|signature|connection_string/i;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

function at(model: StorageModel, provider: Provider, index: number): string {
  const src = model.sourceOf(listPathOf(provider));
  return `${listPathOf(provider)} item ${index + 1}${src ? ` (${src})` : ''}`;
}

/** host without scheme and port split: `minio:9000` → {name: minio, port: 9000}. */
export function splitHost(host: string): { scheme?: string; name: string; port?: number } {
  // The name is a bracketed IPv6 literal ([fd00::10], kept with its brackets as boto3's endpoint_url needs) or has no ':'.
  const m = /^(?:([a-z]+):\/\/)?(\[[0-9a-f:.%a-z]*\]|[^/:[\]]*)(?::(\d+))?(\/.*)?$/i.exec(host.trim());
  if (!m) return { name: host };
  return { scheme: m[1]?.toLowerCase(), name: m[2], port: m[3] ? Number(m[3]) : undefined };
}

const FALSE_WORD = /^\s*(false|no|off|0|n)?\s*$/i;
const BOOL_WORD = /^\s*(true|false|yes|no|on|off|0|1|y|n)\s*$/i;

/**
 * A bool field written as a string or number. The trap: bucket_config.py has no converter, so `secure: "false"` and
 * `secure: no` are non-empty strings, true to Python; the SDK then talks https (or drops the keys for the chain).
 */
function looseBoolIssue(head: string, b: LooseBool, entry: StorageIssue['entry']): StorageIssue {
  const intended = typeof b.written === 'string' ? !FALSE_WORD.test(b.written) : b.sdkReads;
  const written = typeof b.written === 'string' ? JSON.stringify(b.written) : JSON.stringify(b.written);
  const trap = intended !== b.sdkReads;
  return {
    rule: 'loose-bool', severity: trap ? 'error' : 'warning', field: b.field, ...(entry ? { entry } : {}),
    message: `${head}: ${b.field}: ${written} reads as ${b.sdkReads} to the SDK${trap ? ' (it keeps the text and Python counts every non-empty string as true)' : ''}: write ${b.field}: ${intended}.`,
  };
}

type EntryRef<P extends Provider> = { provider: P; index: number };

/** What the SDK refuses when one entry of a provider's list is not an object. */
const REFUSED_LIST: Record<Provider, string> = {
  s3: 'the whole S3 credentials list',
  gcs: 'the Google Storage credentials list',
  azure: 'the Azure containers list',
};

/** Runs a provider's entry rules on each entry with its place; an entry that is not an object is that one issue. */
function eachEntry<P extends Provider, E extends { index: number; malformed?: string }>(
  model: StorageModel, provider: P, entries: readonly E[], out: StorageIssue[],
  rules: (model: StorageModel, e: E, where: string, entry: EntryRef<P>, out: StorageIssue[]) => void,
): void {
  for (const e of entries) {
    const where = at(model, provider, e.index);
    const entry: EntryRef<P> = { provider, index: e.index };
    if (e.malformed) out.push({ rule: 'list-malformed', severity: 'error', message: `${where}: not an object; the SDK refuses ${REFUSED_LIST[provider]}.`, entry });
    else rules(model, e, where, entry, out);
  }
}

function s3EntryRules(model: StorageModel, e: S3Entry, where: string, entry: EntryRef<'s3'>, out: StorageIssue[]): void {
  for (const b of e.looseBools) out.push(looseBoolIssue(`${where} (${describeEntry(e)})`, b, entry));
  if (typeof e.verify === 'string' && BOOL_WORD.test(e.verify)) {
    out.push({ rule: 'verify-word', severity: 'error', field: 'verify', entry, message: `${where} (${describeEntry(e)}): verify: ${JSON.stringify(e.verify)} is not a yes/no to the SDK: it hands the text to boto3 as the path of a CA bundle file, and every TLS connection fails. Write verify: ${FALSE_WORD.test(e.verify) ? 'false' : 'true'} (or the path of the CA bundle).` });
  }
  if (!e.host && !e.region && model.s3.global.region) {
    out.push({ rule: 'region-not-inherited', severity: 'warning', field: 'region', entry, message: `${where} (${describeEntry(e)}) has no region, and the SDK does not use sdk.aws.s3.region ("${model.s3.global.region}") for an entry: boto3 takes AWS_DEFAULT_REGION or its own default. Write region: "${model.s3.global.region}" in the entry if the bucket is there.` });
  }
  for (const k of e.unknownKeys) {
    out.push({ rule: 'unknown-key', severity: 'error', field: k, entry, message: `${where} (${describeEntry(e)}): "${k}" is not an S3 entry key; the SDK fails on it (TypeError) and no S3 access works. Allowed: ${S3_ENTRY_KEYS.join(', ')}.` });
  }
  if (!e.key && !e.secret && !e.useCredentialsChain) {
    out.push({ rule: 's3-no-credentials', severity: 'error', field: 'key', entry, message: `${where} (${describeEntry(e)}) has no key and secret and no use_credentials_chain: the SDK ignores it ("Invalid bucket configurations detected"). Add the key and secret.` });
  } else if (!e.useCredentialsChain && (!e.key || !e.secret)) {
    out.push({ rule: 's3-partial-keys', severity: 'error', field: e.key ? 'secret' : 'key', entry, message: `${where} (${describeEntry(e)}) has a ${e.key ? 'key without its secret' : 'secret without its key'}: the SDK ignores the entry.` });
  }
  if (e.key && e.secret && e.useCredentialsChain) {
    out.push({ rule: 'chain-with-keys', severity: 'warning', field: 'use_credentials_chain', entry, message: `${where} (${describeEntry(e)}) sets a key and secret and use_credentials_chain: true; boto3 then ignores the key. Keep one of them.` });
  }
  if (!e.bucket && !e.host) {
    out.push({ rule: 'missing-field', severity: 'error', field: 'bucket', entry, message: `${where}: neither bucket nor host is set, so the entry matches every s3:// URI by accident. Set the bucket (AWS) or host:port (MinIO and other S3-compatible servers).` });
  }
  if (e.bucket && /^[a-z0-9]+:\/\/|^\/|\s/i.test(e.bucket)) {
    out.push({ rule: 'bucket-form', severity: 'error', field: 'bucket', entry, message: `${where}: bucket "${e.bucket}" must be the bucket name only (no scheme, leading slash or spaces), e.g. my-bucket.` });
  } else if (e.bucket.includes('/')) {
    // StorageHelper._resolve_base_url takes conf.bucket as written: boto3 gets "data/team-a" as the bucket name.
    const [name, ...rest] = e.bucket.split('/');
    out.push({ rule: 'bucket-form', severity: 'error', field: 'bucket', entry, message: `${where}: bucket "${e.bucket}" is used by the SDK as the bucket name as written, path and all, and boto3 refuses it (a bucket name has no "/"): every upload there fails. Write bucket: "${name}" and put "${rest.join('/')}" in the URI's path (s3://${e.host ? `${e.host}/` : ''}${name}/${rest.join('/')}/…).` });
  }
  if (e.region && !REGION.test(e.region)) {
    out.push({ rule: 'region-form', severity: 'warning', field: 'region', entry, message: `${where}: region "${e.region}" does not look like an AWS region (us-east-1, eu-west-2, …).` });
  }
  if (e.host) {
    const h = splitHost(e.host);
    if (h.scheme) {
      const secure = h.scheme === 'https';
      out.push({
        rule: 'host-scheme', severity: 'error', field: 'host', entry, cause: secure !== e.secure ? 'storage-secure-mismatch' : undefined,
        message: `${where}: host "${e.host}" must be host:port without ${h.scheme}://; the SDK builds the URL from secure (${e.secure ? 'https' : 'http'}). Write host: "${h.name}${h.port ? `:${h.port}` : ''}" and secure: ${secure}.`,
      });
    }
    if (h.port === undefined) {
      out.push({
        rule: 'host-no-port', severity: 'error', field: 'host', entry, cause: 'storage-no-port',
        message: `${where}: host "${e.host}" has no port. The SDK only treats s3://host:port/… URIs as this server, otherwise it reads "${h.name}" as an AWS bucket. Keep the port even for 443 (e.g. ${h.name}:${e.secure ? 443 : 9000}).`,
      });
    } else if (h.port === 443 && !e.secure) {
      out.push({ rule: 'secure-mismatch', severity: 'error', field: 'secure', entry, cause: 'storage-secure-mismatch', message: `${where}: host ${e.host} is the https port but secure is false, so the SDK speaks plain http to a TLS port. Set secure: true.` });
    } else if (h.port === 80 && e.secure) {
      out.push({ rule: 'secure-mismatch', severity: 'error', field: 'secure', entry, cause: 'storage-secure-mismatch', message: `${where}: host ${e.host} is the plain http port but secure is ${e.secureSet ? 'true' : 'not set (the SDK defaults to true)'}, so the SDK tries TLS. Set secure: false.` });
    } else if (h.port !== 443 && !e.secureSet && !h.scheme) {
      out.push({ rule: 'secure-default', severity: 'warning', field: 'secure', entry, cause: 'storage-secure-mismatch', message: `${where}: secure is not set, so the SDK connects to ${e.host} with https (its default). MinIO and most local S3 servers serve plain http: set secure: false for them, or secure: true to say TLS is intended.` });
    }
  }
}

function gcsEntryRules(model: StorageModel, e: GcsEntry, where: string, entry: EntryRef<'gcs'>, out: StorageIssue[]): void {
  for (const k of e.unknownKeys) {
    out.push({ rule: 'unknown-key', severity: 'error', field: k, entry, message: `${where} (${describeEntry(e)}): "${k}" is not a Google Storage entry key; the SDK fails on it (TypeError). Allowed: ${GCS_ENTRY_KEYS.join(', ')}.${/key|secret|hmac/i.test(k) ? ' The SDK uses a service-account JSON file (credentials_json), not HMAC keys.' : ''}` });
  }
  if (!e.bucket) out.push({ rule: 'missing-field', severity: 'error', field: 'bucket', entry, message: `${where}: bucket is required; the SDK fails on an entry without it.` });
  if (!e.credentialsJson && model.gcs.global.credentialsJson) {
    out.push({ rule: 'gcs-credentials-not-inherited', severity: 'warning', field: 'credentials_json', entry, message: `${where} (${describeEntry(e)}) has no credentials_json, and the SDK does not use sdk.google.storage.credentials_json for an entry: it uses Google's application default credentials of the machine. Write credentials_json in the entry.` });
  }
  if (e.subdir && e.subdir !== e.subdir.toLowerCase()) {
    out.push({ rule: 'gcs-subdir-case', severity: 'warning', field: 'subdir', entry, message: `${where} (${describeEntry(e)}): the SDK compares the lower-cased URI with subdir "${e.subdir}" as written, so this entry never matches. Write subdir in lower case (and use lower-case paths).` });
  }
  if (e.bucket && /^gs:\/\/|\//i.test(e.bucket)) out.push({ rule: 'bucket-form', severity: 'error', field: 'bucket', entry, message: `${where}: bucket "${e.bucket}" must be the bucket name only; put a path in subdir.` });
}

function azureEntryRules(_model: StorageModel, e: AzureEntry, where: string, entry: EntryRef<'azure'>, out: StorageIssue[]): void {
  for (const k of e.unknownKeys) {
    if (SAS_KEY.test(k)) {
      out.push({ rule: 'azure-sas', severity: 'error', field: k, entry, message: `${where}: "${k}" is not supported: ClearML's Azure storage takes account_name + account_key only (SAS tokens are not supported yet, clearml #1453), and the unknown key makes the SDK fail (TypeError).` });
    } else {
      out.push({ rule: 'unknown-key', severity: 'error', field: k, entry, message: `${where}: "${k}" is not an Azure container key; the SDK fails on it (TypeError). Allowed: ${AZURE_ENTRY_KEYS.join(', ')}.` });
    }
  }
  if (!e.accountName) out.push({ rule: 'missing-field', severity: 'error', field: 'account_name', entry, message: `${where}: account_name is required.` });
  else if (/[./:]/.test(e.accountName)) out.push({ rule: 'bucket-form', severity: 'error', field: 'account_name', entry, message: `${where}: account_name "${e.accountName}" must be the storage account name only (the part before .blob.core.windows.net).` });
  if (!e.accountKey) out.push({ rule: 'missing-field', severity: 'error', field: 'account_key', entry, message: `${where}: account_key is required (the account's access key; ClearML does not take SAS tokens).` });
}

function duplicates(model: StorageModel, out: StorageIssue[]): void {
  const seen = new Map<string, number>();
  for (const e of model.s3.entries) {
    if (e.malformed) continue;
    const k = s3Prefix(e);
    const first = seen.get(k);
    if (first === undefined) seen.set(k, e.index);
    else out.push({ rule: 'duplicate-entry', severity: 'warning', entry: { provider: 's3', index: e.index }, message: `${at(model, 's3', e.index)} repeats ${describeEntry(e)} of item ${first + 1}; the SDK uses only item ${first + 1}.` });
  }
}

function globalRules(model: StorageModel, out: StorageIssue[]): void {
  const g = model.s3.global;
  const src = (p: string) => { const s = model.sourceOf(p); return s ? ` (${s})` : ''; };
  if (model.s3.listMalformed) out.push({ rule: 'list-malformed', severity: 'error', message: `${model.s3.listMalformed}${src('sdk.aws.s3.credentials')}: the SDK expects a list of { bucket/host, key, secret } objects.` });
  if (model.gcs.listMalformed) out.push({ rule: 'list-malformed', severity: 'error', message: `${model.gcs.listMalformed}${src('sdk.google.storage.credentials')}.` });
  if (model.azure.listMalformed) out.push({ rule: 'list-malformed', severity: 'error', message: `${model.azure.listMalformed}${src('sdk.azure.storage.containers')}.` });
  if (!g.useCredentialsChain && (!!g.key !== !!g.secret)) {
    out.push({ rule: 's3-partial-keys', severity: 'error', field: g.key ? 'secret' : 'key', message: `sdk.aws.s3 has a ${g.key ? 'key without its secret' : 'secret without its key'}${src(g.key ? 'sdk.aws.s3.key' : 'sdk.aws.s3.secret')}: uploads to buckets without their own entry fail.` });
  }
  if (g.useCredentialsChain && g.key && g.secret) {
    out.push({ rule: 'chain-with-keys', severity: 'warning', field: 'use_credentials_chain', message: `sdk.aws.s3 sets both key/secret and use_credentials_chain: true${src('sdk.aws.s3.use_credentials_chain')}; with the chain on, boto3 ignores the global key. Keep one of them.` });
  }
  const keyed = model.s3.entries.filter((e) => !e.malformed && e.key && e.secret);
  if (g.useCredentialsChain && keyed.length) {
    out.push({ rule: 'chain-with-entries', severity: 'warning', field: 'use_credentials_chain', message: `sdk.aws.s3.use_credentials_chain is true${src('sdk.aws.s3.use_credentials_chain')} next to ${keyed.length} bucket entr${keyed.length === 1 ? 'y' : 'ies'} with keys. ClearML's maintainers advise to specify only the bucket-specific entries and not use the credentials chain (clearml-server #219).` });
  }
  for (const b of g.looseBools) out.push(looseBoolIssue(`sdk.aws.s3${src(`sdk.aws.s3.${b.field}`)}`, b, undefined));
  for (const k of g.unknownKeys) out.push({ rule: 'global-unknown-key', severity: 'warning', field: k, message: `sdk.aws.s3.${k}${src(`sdk.aws.s3.${k}`)} is not an SDK setting and is ignored.` });
  for (const k of model.gcs.global.unknownKeys) out.push({ rule: 'global-unknown-key', severity: 'warning', field: k, message: `sdk.google.storage.${k}${src(`sdk.google.storage.${k}`)} is not an SDK setting and is ignored.` });
  for (const k of model.azure.unknownKeys) {
    out.push({ rule: SAS_KEY.test(k) ? 'azure-sas' : 'global-unknown-key', severity: 'warning', field: k, message: `sdk.azure.storage.${k}${src(`sdk.azure.storage.${k}`)} is not an SDK setting and is ignored${SAS_KEY.test(k) ? ' (ClearML does not support SAS tokens for Azure yet, clearml #1453; use account_name + account_key entries under containers)' : ''}.` });
  }
}

function uriRules(model: StorageModel, env: Env, out: StorageIssue[]): void {
  for (const { setting, uri } of model.uris) {
    const src = model.sourceOf(setting);
    const head = `${setting}${src ? ` (${src})` : ''}`;
    const p = parseStorageUri(uri);
    const r = resolveUri(model, uri, env);
    if (!p || !r) continue;
    if (r.provider === 's3') {
      const entryPort = r.entry?.host ? splitHost(r.entry.host).port : undefined;
      if (r.entry?.host && entryPort !== p.port) {
        // the SDK matches by plain string prefix, so s3://host:9000/… also starts with an entry's portless s3://host
        out.push({ rule: 'uri-no-port', severity: 'error', cause: 'storage-no-port', setting, resolution: r, message: `${head}: ${uri} matches ${at(model, 's3', r.entry.index)} only by text prefix; that entry's host "${r.entry.host}" has no port, so the SDK connects to port ${r.entry.secure ? 443 : 80} instead of ${p.port ?? 'the URI\'s'}. Write host: "${p.netloc}" in the entry.` });
        continue;
      }
      if (r.entry) { out.push({ rule: 'uri-entry', severity: 'info', setting, resolution: r, message: `${head}: ${r.summary}` }); continue; }
      const portless = p.port === undefined ? model.s3.entries.find((e) => e.host && splitHost(e.host).name.toLowerCase() === p.hostname) : undefined;
      if (portless) {
        out.push({ rule: 'uri-no-port', severity: 'error', cause: 'storage-no-port', setting, resolution: r, message: `${head}: ${uri} has no port, so the SDK reads "${p.hostname}" as an AWS bucket name instead of the server of ${at(model, 's3', portless.index)}. Write the URI with the port, e.g. s3://${portless.host.replace(/^[a-z]+:\/\//i, '')}/${p.segments.join('/')}.` });
      } else if (r.host) {
        out.push({ rule: 'uri-no-entry', severity: 'error', cause: 'storage-no-entry', setting, resolution: r, message: `${head}: ${r.summary} Add an sdk.aws.s3.credentials entry with host "${r.host}" (and secure matching the server).` });
      } else if (r.fallback === 'none') {
        out.push({ rule: 'uri-no-entry', severity: 'error', cause: 'storage-no-entry', setting, resolution: r, message: `${head}: ${r.summary} Add an entry for bucket "${r.bucket}" or set sdk.aws.s3.key/secret.` });
      } else {
        out.push({ rule: 'uri-fallback', severity: 'info', setting, resolution: r, message: `${head}: ${r.summary}` });
      }
    } else if (r.provider === 'gcs') {
      if (!r.bucket) out.push({ rule: 'uri-form', severity: 'error', setting, message: `${head}: ${uri} names no bucket (expected gs://bucket/path).` });
      else out.push({ rule: r.via === 'application-default' ? 'uri-no-entry' : r.via === 'entry' ? 'uri-entry' : 'uri-fallback', severity: r.via === 'application-default' ? 'warning' : 'info', cause: r.via === 'application-default' ? 'storage-no-entry' : undefined, setting, resolution: r, message: `${head}: ${r.summary}` });
    } else {
      if (!r.container) out.push({ rule: 'uri-form', severity: 'error', setting, message: `${head}: ${uri} is missing a container name (expected azure://<account>.blob.core.windows.net/<container>/path).` });
      else if (r.via === 'none') out.push({ rule: 'uri-no-entry', severity: 'error', cause: 'storage-no-entry', setting, resolution: r, message: `${head}: ${r.summary} Add an entry under sdk.azure.storage.containers.` });
      else out.push({ rule: r.via === 'entry' ? 'uri-entry' : 'uri-fallback', severity: 'info', setting, resolution: r, message: `${head}: ${r.summary}` });
    }
  }
}

export function validateStorage(model: StorageModel, options: ValidateOptions = {}): StorageIssue[] {
  const out: StorageIssue[] = [];
  globalRules(model, out);
  eachEntry(model, 's3', model.s3.entries, out, s3EntryRules);
  duplicates(model, out);
  eachEntry(model, 'gcs', model.gcs.entries, out, gcsEntryRules);
  eachEntry(model, 'azure', model.azure.entries, out, azureEntryRules);
  uriRules(model, options.env ?? {}, out);
  return out;
}

/** Whether the SDK would use this entry at all (for the editor's badges). */
export { s3EntryUsable };
