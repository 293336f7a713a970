/**
 * Every storage setting the ClearML SDK reads (`sdk.aws.s3`, `sdk.google.storage`, `sdk.azure.storage`), taken from
 * an effective configuration with where each part was set. Field names and defaults follow the SDK's
 * `clearml/backend_config/bucket_config.py` (S3BucketConfig, GSBucketConfig, AzureContainerConfig).
 */
import type { ConfigObject, ConfigValue } from '../config';

export type Provider = 's3' | 'gcs' | 'azure';

/**
 * A boolean field written as something else than true/false (`secure: "false"`, `secure: no`, `multipart: 0`).
 * bucket_config.py declares these attrs fields `type=bool` without a converter, so the SDK keeps the value and later
 * tests it with Python truthiness: every non-empty string is true, "false" and "no" included.
 */
export interface LooseBool {
  field: string;
  /** The value as the configuration holds it. */
  written: ConfigValue;
  /** What the SDK makes of it. */
  sdkReads: boolean;
}

/** Keys each entry class accepts; the SDK builds entries with `Class(**entry)`, so any other key is a TypeError. */
export const S3_ENTRY_KEYS = ['bucket', 'subdir', 'host', 'key', 'secret', 'token', 'multipart', 'acl', 'secure', 'region', 'verify', 'use_credentials_chain', 'extra_args', 'profile'] as const;
export const S3_GLOBAL_KEYS = ['key', 'secret', 'region', 'token', 'use_credentials_chain', 'extra_args', 'credentials', 'profile', 'verify', 'secure', 'max_multipart_concurrency', 'multipart_chunksize', 'multipart_threshold', 'boto3'] as const;
export const GCS_ENTRY_KEYS = ['bucket', 'subdir', 'project', 'credentials_json', 'pool_connections', 'pool_maxsize'] as const;
export const GCS_GLOBAL_KEYS = ['project', 'credentials_json', 'credentials', 'pool_connections', 'pool_maxsize'] as const;
export const AZURE_ENTRY_KEYS = ['account_name', 'account_key', 'container_name'] as const;

export const S3_PATH = 'sdk.aws.s3';
export const S3_LIST_PATH = 'sdk.aws.s3.credentials';
export const GCS_PATH = 'sdk.google.storage';
export const GCS_LIST_PATH = 'sdk.google.storage.credentials';
export const AZURE_PATH = 'sdk.azure.storage';
export const AZURE_LIST_PATH = 'sdk.azure.storage.containers';

export interface S3Entry {
  provider: 's3';
  /** Position in `sdk.aws.s3.credentials`. */
  index: number;
  bucket: string;
  host: string;
  key: string;
  secret: string;
  token: string;
  region: string;
  multipart: boolean;
  /** The SDK's default is true: without `secure: false` it talks https to the host. */
  secure: boolean;
  secureSet: boolean;
  /** false = no certificate check; a string is the path of a CA bundle the SDK hands to boto3 (helper.py _Boto3Driver._Container). */
  verify?: boolean | string;
  useCredentialsChain: boolean;
  /** Boolean fields written as strings or numbers, read with Python truthiness. */
  looseBools: LooseBool[];
  /** Keys the SDK does not accept in an entry. */
  unknownKeys: string[];
  /** Not an object: the SDK refuses the whole list. */
  malformed?: string;
}

export interface GcsEntry {
  provider: 'gcs';
  index: number;
  bucket: string;
  subdir: string;
  project: string;
  credentialsJson: string;
  unknownKeys: string[];
  malformed?: string;
}

export interface AzureEntry {
  provider: 'azure';
  index: number;
  accountName: string;
  accountKey: string;
  containerName: string;
  unknownKeys: string[];
  malformed?: string;
}

export type StorageEntry = S3Entry | GcsEntry | AzureEntry;

export interface S3Global {
  key: string;
  secret: string;
  token: string;
  region: string;
  useCredentialsChain: boolean;
  /** `sdk.aws.s3.secure`: used for URIs no entry matches (S3BucketConfigurations.get_config_by_uri); default true. */
  secure: boolean;
  looseBools: LooseBool[];
  unknownKeys: string[];
}

export interface GcsGlobal {
  project: string;
  credentialsJson: string;
  unknownKeys: string[];
}

/** A storage URI the configuration itself uses for uploads. */
export interface UsedUri {
  /** Dotted setting: sdk.development.default_output_uri or api.files_server. */
  setting: string;
  uri: string;
}

export interface StorageModel {
  s3: { global: S3Global; entries: S3Entry[]; listMalformed?: string };
  gcs: { global: GcsGlobal; entries: GcsEntry[]; listMalformed?: string };
  azure: { entries: AzureEntry[]; unknownKeys: string[]; listMalformed?: string };
  uris: UsedUri[];
  /** Where a dotted path was set, e.g. `clearml.conf:42` or `vault "Team":3`; undefined when unknown. */
  sourceOf: (path: string) => string | undefined;
}

function isObject(v: ConfigValue | undefined): v is ConfigObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function getPath(config: ConfigObject, dotted: string): ConfigValue | undefined {
  let cur: ConfigValue | undefined = config;
  for (const seg of dotted.split('.')) {
    if (!isObject(cur)) return undefined;
    cur = cur[seg];
  }
  return cur;
}

/** The SDK's `_none_to_empty_string` and str() of scalars. */
function str(v: ConfigValue | undefined): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return '';
}

/**
 * Python truthiness of a value as the SDK tests it (bucket_config.py: `secure = attrib(type=bool, default=True)`, no
 * converter; helper.py then does `'https://' if cfg.secure else 'http://'`). An absent key takes the default; null is
 * None (false); every non-empty string is true, "false", "no" and "0" included.
 */
export function pythonTruthy(v: ConfigValue | undefined, dflt: boolean): boolean {
  if (v === undefined) return dflt;
  if (v === null) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') return v.length > 0;
  if (Array.isArray(v)) return v.length > 0;
  return Object.keys(v).length > 0;
}

/** Collects the bool fields of `o` that are not written as true/false, with what the SDK reads. */
function looseBools(o: ConfigObject, fields: Record<string, boolean>): LooseBool[] {
  const out: LooseBool[] = [];
  for (const [field, dflt] of Object.entries(fields)) {
    const v = o[field];
    if (v === undefined || typeof v === 'boolean') continue;
    out.push({ field, written: v, sdkReads: pythonTruthy(v, dflt) });
  }
  return out;
}

/** `verify` as helper.py uses it: true/false, or a string that boto3 takes as the path of a CA bundle. */
function verifyOf(v: ConfigValue | undefined): boolean | string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v === '' ? false : v;
  return pythonTruthy(v, true);
}

const stripBucket = (b: string) => b.replace(/^["']+|["']+$/g, '').replace(/\/+$/, '');

function unknown(o: ConfigObject, allowed: readonly string[]): string[] {
  return Object.keys(o).filter((k) => !allowed.includes(k));
}

function listAt(config: ConfigObject, path: string): { items: ConfigValue[]; malformed?: string } {
  const v = getPath(config, path);
  if (v === undefined || v === null) return { items: [] };
  if (!Array.isArray(v)) return { items: [], malformed: `${path} is not a list` };
  return { items: v };
}

function readS3(config: ConfigObject): StorageModel['s3'] {
  const s3 = getPath(config, S3_PATH);
  const o = isObject(s3) ? s3 : {};
  const global: S3Global = {
    key: str(o.key), secret: str(o.secret), token: str(o.token), region: str(o.region),
    useCredentialsChain: pythonTruthy(o.use_credentials_chain, false), secure: pythonTruthy(o.secure, true),
    looseBools: looseBools(o, { use_credentials_chain: false, secure: true }), unknownKeys: unknown(o, S3_GLOBAL_KEYS),
  };
  const { items, malformed } = listAt(config, S3_LIST_PATH);
  const entries = items.map((item, index): S3Entry => {
    const e = isObject(item) ? item : {};
    return {
      provider: 's3', index,
      bucket: stripBucket(str(e.bucket)), host: str(e.host), key: str(e.key), secret: str(e.secret), token: str(e.token), region: str(e.region),
      multipart: pythonTruthy(e.multipart, true), secure: pythonTruthy(e.secure, true), secureSet: e.secure !== undefined,
      verify: verifyOf(e.verify), useCredentialsChain: pythonTruthy(e.use_credentials_chain, false),
      looseBools: looseBools(e, { secure: true, multipart: true, use_credentials_chain: false }), unknownKeys: unknown(e, S3_ENTRY_KEYS),
      malformed: isObject(item) ? undefined : `item ${index + 1} of ${S3_LIST_PATH} is not an object`,
    };
  });
  return { global, entries, listMalformed: malformed };
}

function readGcs(config: ConfigObject): StorageModel['gcs'] {
  const gs = getPath(config, GCS_PATH);
  const o = isObject(gs) ? gs : {};
  const global: GcsGlobal = { project: str(o.project), credentialsJson: str(o.credentials_json), unknownKeys: unknown(o, GCS_GLOBAL_KEYS) };
  const { items, malformed } = listAt(config, GCS_LIST_PATH);
  const entries = items.map((item, index): GcsEntry => {
    const e = isObject(item) ? item : {};
    return {
      provider: 'gcs', index, bucket: str(e.bucket), subdir: stripBucket(str(e.subdir)), project: str(e.project), credentialsJson: str(e.credentials_json),
      unknownKeys: unknown(e, GCS_ENTRY_KEYS), malformed: isObject(item) ? undefined : `item ${index + 1} of ${GCS_LIST_PATH} is not an object`,
    };
  });
  return { global, entries, listMalformed: malformed };
}

function readAzure(config: ConfigObject): StorageModel['azure'] {
  const az = getPath(config, AZURE_PATH);
  const o = isObject(az) ? az : {};
  const { items, malformed } = listAt(config, AZURE_LIST_PATH);
  const entries = items.map((item, index): AzureEntry => {
    const e = isObject(item) ? item : {};
    return {
      provider: 'azure', index, accountName: str(e.account_name), accountKey: str(e.account_key), containerName: str(e.container_name),
      unknownKeys: unknown(e, AZURE_ENTRY_KEYS), malformed: isObject(item) ? undefined : `item ${index + 1} of ${AZURE_LIST_PATH} is not an object`,
    };
  });
  return { entries, unknownKeys: unknown(o, ['containers', 'max_connections']), listMalformed: malformed };
}

export const URI_SETTINGS = ['sdk.development.default_output_uri', 'api.files_server'] as const;

function usedUris(config: ConfigObject): UsedUri[] {
  const out: UsedUri[] = [];
  for (const setting of URI_SETTINGS) {
    const v = str(getPath(config, setting)).trim();
    if (/^(s3|gs|azure):\/\//i.test(v)) out.push({ setting, uri: v });
  }
  return out;
}

export function readStorage(config: ConfigObject, sourceOf: (path: string) => string | undefined = () => undefined): StorageModel {
  return { s3: readS3(config), gcs: readGcs(config), azure: readAzure(config), uris: usedUris(config), sourceOf };
}

/** The dotted path of an entry's list (for provenance and messages). */
export function listPathOf(provider: Provider): string {
  return provider === 's3' ? S3_LIST_PATH : provider === 'gcs' ? GCS_LIST_PATH : AZURE_LIST_PATH;
}

/** A short name a person recognises: `minio.local:9000/data`, `gs://bucket`, `account/container`. */
export function describeEntry(e: StorageEntry): string {
  if (e.provider === 's3') return e.host ? `${e.host}${e.bucket ? `/${e.bucket}` : ' (every bucket)'}` : `s3://${e.bucket || '(no bucket)'}`;
  if (e.provider === 'gcs') return `gs://${e.bucket || '(no bucket)'}${e.subdir ? `/${e.subdir}` : ''}`;
  return `azure ${e.accountName || '(no account)'}/${e.containerName || '(every container)'}`;
}
