/**
 * Browser cloud-storage access entries ("WEB APP CLOUD ACCESS", clearml-api.md §2.4): validation, the web app's
 * endpoint normalisation, and conversion to the SDK's `sdk.aws.s3.credentials` entries. Pure; used by the
 * extension and (for instant feedback) by the webview.
 */
import type { ConfigObject, ConfigValue, S3CredentialEntry } from '../config';
import type { FieldErrors } from '../protocol/preferences';

export interface CloudEntryFields {
  Bucket: string;
  Key: string;
  Secret: string;
  Token: string;
  Region: string;
  Endpoint: string;
}

export interface CloudEntry extends CloudEntryFields { id: string }

/**
 * The web app's rule (s3-access.component.ts, addBucket): empty means AWS S3; a value starting with `http` is
 * kept; otherwise `https://` is prefixed when it ends in 443 and `http://` when it does not.
 */
export function normaliseEndpoint(raw: string): string {
  const value = raw.trim();
  if (!value) return '';
  if (value.startsWith('http')) return value;
  return value.endsWith('443') ? `https://${value}` : `http://${value}`;
}

/** The web app signs `azure://` URLs with the SAS token of the one entry whose bucket is "azure". */
export function isAzureEntry(bucket: string): boolean {
  return bucket.trim().toLowerCase() === 'azure';
}

/** `host[:port]` as the SDK and the web app compare it (without scheme). */
export function endpointAuthority(endpoint: string): string {
  return endpoint.replace(/^https?:\/\//i, '').split('/')[0] ?? '';
}

export function trimEntry<T extends CloudEntryFields>(entry: T): T {
  return {
    ...entry,
    Bucket: entry.Bucket.trim(),
    Key: entry.Key.trim(),
    Secret: entry.Secret.trim(),
    Token: entry.Token.trim(),
    Region: entry.Region.trim(),
    Endpoint: normaliseEndpoint(entry.Endpoint),
  };
}

const REGION = /^[a-z0-9-]+$/;
const BUCKET_CHARS = /^[^\s/\\:?#]+$/;

/**
 * Errors per field for an entry (already trimmed/normalised or not: it is normalised here). `others` are the
 * stored entries except the one being edited, for the uniqueness rules.
 */
export function validateCloudEntry(input: CloudEntryFields, others: readonly CloudEntryFields[] = []): FieldErrors {
  const entry = trimEntry(input);
  const errors: FieldErrors = {};
  if (!entry.Bucket) {
    errors.Bucket = 'Bucket is required (use "azure" for the Azure SAS entry).';
  } else if (!BUCKET_CHARS.test(entry.Bucket)) {
    errors.Bucket = 'Enter the bucket name only (no scheme, slash or spaces), e.g. my-bucket.';
  }

  if (isAzureEntry(entry.Bucket)) {
    if (!entry.Secret) errors.Secret = 'The Azure entry needs the SAS token in Secret / SAS.';
    for (const field of ['Key', 'Token', 'Region', 'Endpoint'] as const) {
      if (entry[field]) errors[field] = `Not used for Azure: the web UI only appends the SAS token to azure:// URLs. Leave ${field === 'Endpoint' ? 'Host' : field} empty.`;
    }
    if (others.some((o) => isAzureEntry(o.Bucket))) errors.Bucket = 'There is already an Azure entry; the web UI uses only one.';
    return errors;
  }

  if (entry.Secret && !entry.Key) errors.Key = 'A secret needs its access key.';
  if (entry.Key && !entry.Secret) errors.Secret = 'An access key needs its secret.';
  if (entry.Token && !(entry.Key && entry.Secret)) errors.Token = 'A session token is used together with a key and secret.';
  if (entry.Region && !REGION.test(entry.Region)) errors.Region = 'Region looks like us-east-2 (lowercase letters, digits and dashes).';

  if (entry.Endpoint) {
    let url: URL | undefined;
    try { url = new URL(entry.Endpoint); } catch { url = undefined; }
    if (!url || !/^https?:$/.test(url.protocol) || !url.hostname) {
      errors.Endpoint = `"${input.Endpoint.trim()}" is not a host: use host[:port] or http(s)://host[:port], or leave empty for AWS S3.`;
    } else if (url.pathname !== '/' && url.pathname !== '' || url.search || url.hash) {
      errors.Endpoint = 'The endpoint is a host, optionally with a port (e.g. minio.local:9000), without a path.';
    }
  }

  const self = `${entry.Bucket}\u0000${endpointAuthority(entry.Endpoint)}`;
  if (entry.Bucket && others.some((o) => `${o.Bucket.trim()}\u0000${endpointAuthority(normaliseEndpoint(o.Endpoint))}` === self)) {
    errors.Bucket = entry.Endpoint ? `There is already an entry for ${entry.Bucket} on ${endpointAuthority(entry.Endpoint)}.` : `There is already an entry for ${entry.Bucket} on AWS S3.`;
  }
  return errors;
}

export type S3Conversion = { entry: S3CredentialEntry } | { skipped: string };

/**
 * One browser entry as an SDK `sdk.aws.s3.credentials` item: bucket-scoped, with `host` (+ `secure`) for
 * S3-compatible endpoints. Azure SAS entries have no S3 equivalent and are skipped with the reason.
 */
export function toS3Credential(input: CloudEntryFields): S3Conversion {
  const e = trimEntry(input);
  if (isAzureEntry(e.Bucket)) return { skipped: 'the Azure SAS entry has no sdk.aws.s3 equivalent (the SDK reads Azure keys from sdk.azure.storage.containers)' };
  if (!e.Key || !e.Secret) return { skipped: `${e.Bucket} has no key and secret to export` };
  const entry: S3CredentialEntry = { bucket: e.Bucket, key: e.Key, secret: e.Secret };
  if (e.Token) entry.token = e.Token;
  if (e.Region) entry.region = e.Region;
  if (e.Endpoint) {
    entry.host = endpointAuthority(e.Endpoint);
    entry.secure = e.Endpoint.toLowerCase().startsWith('https://');
  }
  return { entry };
}

export function convertAll(entries: readonly CloudEntryFields[]): { entries: S3CredentialEntry[]; skipped: string[] } {
  const out: S3CredentialEntry[] = [];
  const skipped: string[] = [];
  for (const e of entries) {
    const r = toS3Credential(e);
    if ('entry' in r) out.push(r.entry); else skipped.push(r.skipped);
  }
  return { entries: out, skipped };
}

function isObject(v: ConfigValue | undefined): v is ConfigObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Adds the entries under `sdk.aws.s3.credentials` of a parsed configuration (a vault's data), replacing an
 * existing item for the same bucket and host; everything else is left as it was. Returns a new object.
 */
export function mergeS3Credentials(config: ConfigObject, entries: readonly S3CredentialEntry[]): ConfigObject {
  const result = structuredClone(config);
  let node: ConfigObject = result;
  for (const key of ['sdk', 'aws', 's3']) {
    const next = node[key];
    if (next === undefined) node[key] = {};
    else if (!isObject(next)) throw new Error(`cannot add credentials: ${['sdk', 'aws', 's3'].slice(0, ['sdk', 'aws', 's3'].indexOf(key) + 1).join('.')} is not an object`);
    node = node[key] as ConfigObject;
  }
  const existing = node.credentials;
  if (existing !== undefined && !Array.isArray(existing)) throw new Error('cannot add credentials: sdk.aws.s3.credentials is not a list');
  const list: ConfigValue[] = existing ? [...existing] : [];
  for (const entry of entries) {
    const item = Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== undefined)) as ConfigObject;
    const at = list.findIndex((x) => isObject(x) && x.bucket === entry.bucket && (x.host ?? undefined) === entry.host);
    if (at >= 0) list[at] = { ...(list[at] as ConfigObject), ...item };
    else list.push(item);
  }
  node.credentials = list;
  return result;
}
