/**
 * Which entry the SDK uses for a storage URI, following `bucket_config.py`: S3 and GCS entries become URI prefixes
 * (`s3://host:port/bucket`, `s3://bucket`, `gs://bucket/subdir`), sorted in reverse order, and the first prefix the
 * lower-cased URI starts with wins; Azure takes the first container entry of the URI's account. Without a match
 * the SDK falls back to the global keys (S3), the default credentials file (GCS) or the AZURE_STORAGE_* variables.
 */
import type { Env } from '../config';
import { describeEntry, type AzureEntry, type GcsEntry, type Provider, type S3Entry, type StorageEntry, type StorageModel } from './model';

export interface ParsedStorageUri {
  provider: Provider;
  /** host[:port] as written, lower-cased. */
  netloc: string;
  hostname: string;
  port?: number;
  segments: string[];
}

export function providerOfUri(uri: string): Provider | undefined {
  const m = /^(s3|gs|azure):\/\//i.exec(uri.trim());
  if (!m) return undefined;
  const scheme = m[1].toLowerCase();
  return scheme === 's3' ? 's3' : scheme === 'gs' ? 'gcs' : 'azure';
}

export function parseStorageUri(uri: string): ParsedStorageUri | undefined {
  const provider = providerOfUri(uri);
  if (!provider) return undefined;
  const rest = uri.trim().replace(/^[a-z0-9]+:\/\//i, '');
  const slash = rest.indexOf('/');
  const netloc = (slash < 0 ? rest : rest.slice(0, slash)).toLowerCase();
  const path = slash < 0 ? '' : rest.slice(slash + 1);
  const portMatch = /^(.*):(\d+)$/.exec(netloc);
  return {
    provider,
    netloc,
    hostname: portMatch ? portMatch[1] : netloc,
    port: portMatch ? Number(portMatch[2]) : undefined,
    segments: path.split('/').filter((s) => s !== ''),
  };
}

export function s3Prefix(e: Pick<S3Entry, 'host' | 'bucket'>): string {
  if (e.host) return `s3://${e.host.toLowerCase()}${e.bucket ? `/${e.bucket.toLowerCase()}` : ''}`;
  return `s3://${e.bucket.toLowerCase()}`;
}

/**
 * GSBucketConfigurations._get_prefix_from_bucket_config: furl(scheme="gs", netloc=bucket, path=subdir). furl
 * lower-cases the host part, so bucket names match whatever their case; the subdir stays as written while the URI is
 * lower-cased, so a subdir with a capital letter never matches.
 */
export function gcsPrefix(e: Pick<GcsEntry, 'bucket' | 'subdir'>): string {
  return `gs://${e.bucket.toLowerCase()}${e.subdir ? `/${e.subdir}` : ''}`;
}

/** The SDK skips S3 entries with neither key + secret nor the credentials chain. */
export function s3EntryUsable(e: S3Entry): boolean {
  return !e.malformed && e.unknownKeys.length === 0 && ((!!e.key && !!e.secret) || e.useCredentialsChain);
}

function byPrefix<T>(items: { item: T; prefix: string }[], uri: string): T | undefined {
  const lower = uri.toLowerCase();
  const sorted = [...items].sort((a, b) => (a.prefix < b.prefix ? 1 : a.prefix > b.prefix ? -1 : 0));
  return sorted.find((x) => lower.startsWith(x.prefix))?.item;
}

/**
 * An entry's region is its own: get_config_by_uri returns the entry unchanged (only update_config_with_defaults, for
 * entries added at run time, fills in sdk.aws.s3.region) and helper.py passes `region_name=cfg.region or None`, so
 * boto3 falls back to its own default (AWS_DEFAULT_REGION), never to sdk.aws.s3.region.
 */
function entryRegion(entry: S3Entry, env: Env): string {
  return entry.region || env.AWS_DEFAULT_REGION || '';
}

export type S3Fallback = 'global-keys' | 'credentials-chain' | 'environment' | 'none';

export interface S3Resolution {
  provider: 's3';
  uri: string;
  entry?: S3Entry;
  fallback?: S3Fallback;
  /** host:port of an S3-compatible server; undefined = AWS S3. */
  host?: string;
  secure: boolean;
  /** false = no certificate check; a string is a CA bundle file. */
  verify?: boolean | string;
  bucket: string;
  /** Object key prefix inside the bucket. */
  prefix: string;
  key: string;
  secret: string;
  token: string;
  region: string;
  useCredentialsChain: boolean;
  /** In plain words: which entry, or what the SDK falls back to. */
  summary: string;
}

export interface GcsResolution {
  provider: 'gcs';
  uri: string;
  entry?: GcsEntry;
  bucket: string;
  prefix: string;
  credentialsJson: string;
  /** entry, the global credentials_json, GOOGLE_APPLICATION_CREDENTIALS, or Google's application default credentials. */
  via: 'entry' | 'global' | 'environment' | 'application-default';
  summary: string;
}

export interface AzureResolution {
  provider: 'azure';
  uri: string;
  entry?: AzureEntry;
  accountName: string;
  accountKey: string;
  container: string;
  prefix: string;
  via: 'entry' | 'environment' | 'none';
  /** https://<host> the URI names (the blob endpoint of the account). */
  endpointHost: string;
  summary: string;
}

export type Resolution = S3Resolution | GcsResolution | AzureResolution;

const where = (model: StorageModel, path: string) => {
  const s = model.sourceOf(path);
  return s ? ` (${s})` : '';
};

function resolveS3(model: StorageModel, uri: string, p: ParsedStorageUri, env: Env): S3Resolution {
  const usable = model.s3.entries.filter(s3EntryUsable);
  const entry = byPrefix(usable.map((item) => ({ item, prefix: s3Prefix(item) })), uri);
  if (entry) {
    // helper.py StorageHelper._resolve_base_url: the bucket is the entry's `bucket` as written ("data/team-a" stays
    // one name, which boto3 refuses), else the URI's first path segment.
    const bucket = entry.bucket || (entry.host ? p.segments[0] : p.netloc) || '';
    const skip = entry.bucket ? entry.bucket.split('/').length - (entry.host ? 0 : 1) : entry.host ? 1 : 0;
    const prefix = p.segments.slice(skip).join('/');
    return {
      provider: 's3', uri, entry, host: entry.host || undefined, secure: entry.secure, verify: entry.verify, bucket, prefix,
      key: entry.key, secret: entry.secret, token: entry.token, region: entryRegion(entry, env),
      useCredentialsChain: entry.useCredentialsChain,
      summary: `${uri} uses the entry ${describeEntry(entry)} (sdk.aws.s3.credentials item ${entry.index + 1}${where(model, 'sdk.aws.s3.credentials')}).`,
    };
  }
  const g = model.s3.global;
  const key = g.key || env.AWS_ACCESS_KEY_ID || '';
  const secret = g.secret || env.AWS_SECRET_ACCESS_KEY || '';
  const fallback: S3Fallback = g.useCredentialsChain ? 'credentials-chain' : g.key && g.secret ? 'global-keys' : key && secret ? 'environment' : 'none';
  const host = p.port !== undefined ? p.netloc : undefined;
  const bucket = host ? p.segments[0] ?? '' : p.netloc;
  const prefix = (host ? p.segments.slice(1) : p.segments).join('/');
  const target = host ? `the server ${host}` : `AWS S3 (bucket "${bucket}")`;
  const creds = fallback === 'credentials-chain' ? "boto3's credentials chain (sdk.aws.s3.use_credentials_chain)"
    : fallback === 'global-keys' ? `the global key sdk.aws.s3.key${where(model, 'sdk.aws.s3.key')}`
      : fallback === 'environment' ? 'the AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY variables' : 'no credentials at all';
  return {
    provider: 's3', uri, fallback, host, secure: g.secure, bucket, prefix, key, secret,
    token: g.token || env.AWS_SESSION_TOKEN || '', region: g.region || env.AWS_DEFAULT_REGION || '', useCredentialsChain: g.useCredentialsChain,
    summary: `No sdk.aws.s3.credentials entry matches ${uri}: the SDK goes to ${target} with ${creds}.`,
  };
}

function resolveGcs(model: StorageModel, uri: string, p: ParsedStorageUri, env: Env): GcsResolution {
  const entry = byPrefix(model.gcs.entries.filter((e) => !e.malformed && e.bucket).map((item) => ({ item, prefix: gcsPrefix(item) })), uri);
  const bucket = p.netloc;
  const prefix = p.segments.join('/');
  if (entry) {
    // get_config_by_uri returns the entry as written: without credentials_json, helper.py builds
    // storage.Client(credentials=None), i.e. Google's application default credentials, never the global credentials_json.
    const own = entry.credentialsJson;
    const defaults = env.GOOGLE_APPLICATION_CREDENTIALS ? `GOOGLE_APPLICATION_CREDENTIALS (${env.GOOGLE_APPLICATION_CREDENTIALS})` : "Google's application default credentials of this machine";
    const note = own ? '' : ` It has no credentials_json, so the SDK uses ${defaults}${model.gcs.global.credentialsJson ? ', not sdk.google.storage.credentials_json' : ''}.`;
    return {
      provider: 'gcs', uri, entry, bucket: entry.bucket, prefix,
      credentialsJson: own || env.GOOGLE_APPLICATION_CREDENTIALS || '', via: own ? 'entry' : env.GOOGLE_APPLICATION_CREDENTIALS ? 'environment' : 'application-default',
      summary: `${uri} uses the entry ${describeEntry(entry)} (sdk.google.storage.credentials item ${entry.index + 1}${where(model, 'sdk.google.storage.credentials')}).${note}`,
    };
  }
  if (model.gcs.global.credentialsJson) {
    return { provider: 'gcs', uri, bucket, prefix, credentialsJson: model.gcs.global.credentialsJson, via: 'global', summary: `No sdk.google.storage.credentials entry matches ${uri}: the SDK uses sdk.google.storage.credentials_json${where(model, 'sdk.google.storage.credentials_json')}.` };
  }
  if (env.GOOGLE_APPLICATION_CREDENTIALS) {
    return { provider: 'gcs', uri, bucket, prefix, credentialsJson: env.GOOGLE_APPLICATION_CREDENTIALS, via: 'environment', summary: `No sdk.google.storage entry matches ${uri}: the SDK uses GOOGLE_APPLICATION_CREDENTIALS (${env.GOOGLE_APPLICATION_CREDENTIALS}).` };
  }
  return { provider: 'gcs', uri, bucket, prefix, credentialsJson: '', via: 'application-default', summary: `No sdk.google.storage credentials cover ${uri}: the SDK falls back to Google's application default credentials of this machine.` };
}

function resolveAzure(model: StorageModel, uri: string, p: ParsedStorageUri, env: Env): AzureResolution {
  const accountName = p.hostname.split('.')[0];
  const container = p.segments[0] ?? '';
  const prefix = p.segments.slice(1).join('/');
  const base = { provider: 'azure' as const, uri, accountName, container, prefix, endpointHost: p.netloc };
  const entry = model.azure.entries.find((e) => !e.malformed && e.accountName === accountName && (!e.containerName || e.containerName === container));
  if (entry) {
    return { ...base, entry, accountKey: entry.accountKey || env.AZURE_STORAGE_KEY || '', via: 'entry', summary: `${uri} uses the entry ${describeEntry(entry)} (sdk.azure.storage.containers item ${entry.index + 1}${where(model, 'sdk.azure.storage.containers')}).` };
  }
  if (env.AZURE_STORAGE_ACCOUNT === accountName && env.AZURE_STORAGE_KEY) {
    return { ...base, accountKey: env.AZURE_STORAGE_KEY, via: 'environment', summary: `No sdk.azure.storage.containers entry matches ${uri}: the SDK uses AZURE_STORAGE_ACCOUNT / AZURE_STORAGE_KEY.` };
  }
  return { ...base, accountKey: '', via: 'none', summary: `No sdk.azure.storage.containers entry has account_name "${accountName}"${container ? ` and container "${container}"` : ''}: the SDK cannot reach ${uri}.` };
}

export function resolveUri(model: StorageModel, uri: string, env: Env = {}): Resolution | undefined {
  const p = parseStorageUri(uri);
  if (!p) return undefined;
  if (p.provider === 's3') return resolveS3(model, uri.trim(), p, env);
  if (p.provider === 'gcs') return resolveGcs(model, uri.trim(), p, env);
  return resolveAzure(model, uri.trim(), p, env);
}

/** The resolution of one configured entry on its own (the editor's "Test" button). */
export function resolutionOfEntry(_model: StorageModel, entry: StorageEntry, env: Env = {}): Resolution {
  if (entry.provider === 's3') {
    return {
      provider: 's3', uri: entry.host ? `s3://${entry.host}/${entry.bucket}` : `s3://${entry.bucket}`, entry, host: entry.host || undefined,
      secure: entry.secure, verify: entry.verify, bucket: entry.bucket, prefix: '',
      key: entry.key, secret: entry.secret, token: entry.token, region: entryRegion(entry, env),
      useCredentialsChain: entry.useCredentialsChain, summary: `Testing the entry ${describeEntry(entry)}.`,
    };
  }
  if (entry.provider === 'gcs') {
    return { provider: 'gcs', uri: `gs://${entry.bucket}/${entry.subdir}`, entry, bucket: entry.bucket, prefix: entry.subdir, credentialsJson: entry.credentialsJson, via: 'entry', summary: `Testing the entry ${describeEntry(entry)}.` };
  }
  const endpointHost = `${entry.accountName}.blob.core.windows.net`;
  return {
    provider: 'azure', uri: `azure://${endpointHost}/${entry.containerName}`, entry, accountName: entry.accountName, accountKey: entry.accountKey,
    container: entry.containerName, prefix: '', via: 'entry', endpointHost, summary: `Testing the entry ${describeEntry(entry)}.`,
  };
}
