/**
 * The editor's fields per provider, which of them are secrets (never sent to the webview), and the validation of one
 * entry being edited, through the same rules the setup check runs. Pure: used by the extension and the webview.
 */
import type { ConfigObject } from '../config';
import { readStorage, type Provider } from './model';
import { validateStorage } from './rules';

export interface FieldSpec {
  name: string;
  label: string;
  kind: 'text' | 'secret' | 'bool';
  hint: string;
  /** Default of bool fields as the SDK applies it when the key is absent. */
  dflt?: boolean;
}

export const PROVIDER_LABELS: Record<Provider, string> = { s3: 'S3 / MinIO', gcs: 'Google Cloud Storage', azure: 'Azure Blob' };

export const FIELDS: Record<Provider, FieldSpec[]> = {
  s3: [
    { name: 'bucket', label: 'Bucket', kind: 'text', hint: 'Bucket name; empty on a host entry = every bucket of that host.' },
    { name: 'host', label: 'Host', kind: 'text', hint: 'host:port of MinIO or another S3-compatible server, always with the port (even 443). Empty for AWS.' },
    { name: 'key', label: 'Access key', kind: 'text', hint: 'Access key id.' },
    { name: 'secret', label: 'Secret key', kind: 'secret', hint: 'Stored in the file or vault you save to; never shown in this panel.' },
    { name: 'token', label: 'Session token', kind: 'secret', hint: 'Only for temporary credentials.' },
    { name: 'region', label: 'Region', kind: 'text', hint: 'AWS region of the bucket, e.g. us-east-1.' },
    { name: 'secure', label: 'secure (https)', kind: 'bool', dflt: true, hint: 'The SDK uses https unless this is false; must match the server.' },
    { name: 'verify', label: 'verify certificate', kind: 'bool', dflt: true, hint: 'false accepts a self-signed certificate (api.verify_certificate does not cover storage).' },
    { name: 'multipart', label: 'multipart upload', kind: 'bool', dflt: true, hint: 'Some S3-compatible servers need false.' },
  ],
  gcs: [
    { name: 'bucket', label: 'Bucket', kind: 'text', hint: 'Bucket name only.' },
    { name: 'subdir', label: 'Sub-directory', kind: 'text', hint: 'Optional path inside the bucket this entry is for.' },
    { name: 'project', label: 'Project', kind: 'text', hint: 'Google Cloud project id.' },
    { name: 'credentials_json', label: 'Credentials JSON file', kind: 'text', hint: 'Path of a service-account JSON file on the machines that run the SDK.' },
  ],
  azure: [
    { name: 'account_name', label: 'Account name', kind: 'text', hint: 'Storage account name (the part before .blob.core.windows.net).' },
    { name: 'account_key', label: 'Account key', kind: 'secret', hint: 'Access key of the storage account; ClearML does not take SAS tokens.' },
    { name: 'container_name', label: 'Container', kind: 'text', hint: 'Optional: empty = every container of the account.' },
  ],
};

export const SECRET_FIELDS = new Set(Object.values(FIELDS).flat().filter((f) => f.kind === 'secret').map((f) => f.name));

const LIST: Record<Provider, [string, string, string, string]> = {
  s3: ['sdk', 'aws', 's3', 'credentials'],
  gcs: ['sdk', 'google', 'storage', 'credentials'],
  azure: ['sdk', 'azure', 'storage', 'containers'],
};

export interface DraftCheck {
  errors: Record<string, string>;
  warnings: Record<string, string>;
  /** Issues not tied to one field. */
  general: string[];
}

/** Checks one entry alone (as if it were the only one): the rules about its own fields. */
export function checkDraft(provider: Provider, fields: Record<string, string | boolean | undefined>): DraftCheck {
  const item: ConfigObject = {};
  for (const [k, v] of Object.entries(fields)) if (v !== undefined && v !== '') item[k] = v;
  const [a, b, c, d] = LIST[provider];
  const config: ConfigObject = { [a]: { [b]: { [c]: { [d]: [item] } } } };
  const out: DraftCheck = { errors: {}, warnings: {}, general: [] };
  for (const i of validateStorage(readStorage(config))) {
    if (!i.entry) continue;
    const message = i.message.replace(/^sdk\.[\w.]+ item 1/, '').replace(/^ \((?:[^()]|\([^()]*\))*\)/, '').replace(/^:? /, '').replace(/^[a-z]/, (c) => c.toUpperCase());
    const bucket = i.severity === 'error' ? out.errors : out.warnings;
    if (i.field && FIELDS[provider].some((f) => f.name === i.field)) bucket[i.field] ??= message;
    else out.general.push(message);
  }
  return out;
}

/** What the webview shows instead of a value it must not receive. */
export const HIDDEN_VALUE = '(hidden)';

/**
 * What the storage webview may receive of an entry's keys as written: values of the provider's own non-secret
 * fields; for its secret fields, for keys it does not define (`aws_secret_access_key`, `sas_token`, `private_key`, a
 * misspelt `secret_key`) and for a credentials_json holding the service-account JSON itself (helper.py accepts it),
 * only that they are set.
 */
export function entryFieldsView(provider: Provider, raw: Record<string, string | boolean>): { fields: Record<string, string | boolean>; secretsSet: string[] } {
  const specs = new Map(FIELDS[provider].map((f) => [f.name, f]));
  const fields: Record<string, string | boolean> = {};
  const secretsSet: string[] = [];
  for (const [k, v] of Object.entries(raw)) {
    const spec = specs.get(k);
    if (spec?.kind === 'secret') {
      if (v !== '') secretsSet.push(k);
    } else if (!spec || (k === 'credentials_json' && typeof v === 'string' && v.trim().startsWith('{'))) {
      // an unknown key may be any secret under a name the panel does not know; its value is never needed there
      fields[k] = HIDDEN_VALUE;
    } else {
      fields[k] = v;
    }
  }
  return { fields, secretsSet };
}
