/**
 * Secret masking by key name. Only string values are ever masked (numbers and booleans such as
 * `auth.token_expiration_threshold_sec` carry no secret). Identifiers stay visible: `access_key` and a bare `key`
 * (the AWS access key id in sdk.aws.s3, the counterpart of access_key) are what users look for in a preview.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { ConfigValue } from '../config';

const VISIBLE_KEYS = new Set(['access_key', 'accesskey', 'key', 'key_id', 'access_key_id', 'public_key', 'key_name', 'keyname']);
const SECRET_WORDS = /(secret|password|passwd|passphrase|token|credential_string|private)/;
const SECRET_PASS = /(^|_)pass(_|$)/;

/** True for key names whose string values are secrets. */
export function isSecretKey(name: string): boolean {
  const k = name.toLowerCase();
  if (VISIBLE_KEYS.has(k)) return false;
  if (SECRET_WORDS.test(k) || SECRET_PASS.test(k)) return true;
  // api_key, account_key, ssh_key, apikey: keys named "...key" other than the visible identifiers above.
  return /.(_|-)?key$/.test(k);
}

/** URLs with embedded passwords (https://user:pass@host) are secrets whatever their key. */
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:)([^\s/@]+)(@)/gi;

export const MASK = '••••••••';

/** Per-process salt: masked values still show whether two secrets differ (in the diff) without being guessable offline. */
const SALT = randomBytes(16);

export function maskedSecret(value: string): string {
  if (value === '') return '""';
  const tag = createHash('sha256').update(SALT).update(value).digest('hex').slice(0, 6);
  return `${MASK} (#${tag})`;
}

export function maskUrlPasswords(s: string): { text: string; masked: boolean } {
  let masked = false;
  const text = s.replace(URL_PASSWORD, (_m, a: string, _p: string, b: string) => { masked = true; return a + MASK + b; });
  return { text, masked };
}

/** A copy of `value` with secrets replaced (for display and for the diff documents). */
export function maskValue(value: ConfigValue, keyName: string | undefined): { value: ConfigValue; masked: boolean } {
  let masked = false;
  const walk = (v: ConfigValue, name: string | undefined): ConfigValue => {
    if (typeof v === 'string') {
      if (name !== undefined && isSecretKey(name) && v !== '') { masked = true; return maskedSecret(v); }
      const u = maskUrlPasswords(v);
      if (u.masked) masked = true;
      return u.text;
    }
    if (Array.isArray(v)) return v.map((x) => walk(x, name));
    if (v !== null && typeof v === 'object') {
      const out: Record<string, ConfigValue> = {};
      for (const [k, x] of Object.entries(v)) out[k] = walk(x, k);
      return out;
    }
    return v;
  };
  const result = walk(value, keyName);
  return { value: result, masked };
}

const MAX_DISPLAY = 4000;

/** One-line display text of a value, masked. */
export function displayValue(value: ConfigValue, keyName: string | undefined): { text: string; masked: boolean } {
  const m = maskValue(value, keyName);
  let text: string;
  if (typeof m.value === 'string') text = m.masked && typeof value === 'string' && isSecretKey(keyName ?? '') ? m.value : JSON.stringify(m.value);
  else text = JSON.stringify(m.value) ?? 'null';
  if (text.length > MAX_DISPLAY) text = text.slice(0, MAX_DISPLAY) + '…';
  return { text, masked: m.masked };
}
