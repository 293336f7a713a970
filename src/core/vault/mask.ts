/**
 * Secret masking by key name. Everything beneath a secret-named key is secret: its strings and numbers
 * (`password: 123456` reads as a number), inside lists and nested objects too. Booleans and null carry no
 * secret and stay visible, and so do settings whose names merely mention one (`token_expiration_threshold_sec`).
 * Identifiers stay visible: `access_key` and a bare `key` (the AWS access key id in sdk.aws.s3, the counterpart of
 * access_key) are what users look for in a preview.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { ConfigValue } from '../config';

const VISIBLE_KEYS = new Set(['access_key', 'accesskey', 'key', 'key_id', 'access_key_id', 'public_key', 'key_name', 'keyname']);
const SECRET_WORDS = /(secret|password|passwd|passphrase|token|credential_string|private)/;
const SECRET_PASS = /(^|_)pass(_|$)/;
/** Names of durations, sizes and counts: settings about a secret, not the secret. */
const SETTING_SUFFIX = /_(sec|secs|seconds|ms|minutes|threshold|timeout|ttl|expiration|expiry|size|length|count|limit|retries)$/;

const secretKeyCache = new Map<string, boolean>();

/** True for key names whose values are secrets. */
export function isSecretKey(name: string): boolean {
  let r = secretKeyCache.get(name);
  if (r === undefined) {
    r = secretKeyName(name.toLowerCase());
    if (secretKeyCache.size < 10_000) secretKeyCache.set(name, r);
  }
  return r;
}

function secretKeyName(k: string): boolean {
  if (VISIBLE_KEYS.has(k) || SETTING_SUFFIX.test(k)) return false;
  if (SECRET_WORDS.test(k) || SECRET_PASS.test(k)) return true;
  // api_key, account_key, ssh_key, apikey: keys named "...key" other than the visible identifiers above.
  return /.(_|-)?key$/.test(k);
}

/** True when a key path goes through a secret-named key: every value beneath it is secret. */
export function isSecretPath(segments: readonly string[]): boolean {
  for (const s of segments) if (isSecretKey(s)) return true;
  return false;
}

/** The scalars masked beneath a secret-named key. */
export function isSecretScalar(v: ConfigValue): v is string | number {
  return (typeof v === 'string' && v !== '') || typeof v === 'number';
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

/**
 * A copy of `value` with secrets replaced (for display and for the diff documents). `path` is the key path of
 * `value` (or just its key name): a secret-named key anywhere on it makes every scalar beneath secret.
 */
export function maskValue(value: ConfigValue, path: readonly string[] | string | undefined): { value: ConfigValue; masked: boolean } {
  let masked = false;
  const walk = (v: ConfigValue, secret: boolean): ConfigValue => {
    if (secret && isSecretScalar(v)) { masked = true; return maskedSecret(String(v)); }
    if (typeof v === 'string') {
      const u = maskUrlPasswords(v);
      if (u.masked) masked = true;
      return u.text;
    }
    if (Array.isArray(v)) return v.map((x) => walk(x, secret));
    if (v !== null && typeof v === 'object') {
      const out: Record<string, ConfigValue> = {};
      for (const [k, x] of Object.entries(v)) {
        // `__proto__` is a legal config key: define it rather than assign (which would set the prototype)
        Object.defineProperty(out, k, { value: walk(x, secret || isSecretKey(k)), writable: true, enumerable: true, configurable: true });
      }
      return out;
    }
    return v;
  };
  return { value: walk(value, secretAt(path)), masked };
}

function secretAt(path: readonly string[] | string | undefined): boolean {
  return path === undefined ? false : typeof path === 'string' ? isSecretKey(path) : isSecretPath(path);
}

const MAX_DISPLAY = 4000;

/** One-line display text of a value at key path `path`, masked. */
export function displayValue(value: ConfigValue, path: readonly string[] | string | undefined): { text: string; masked: boolean } {
  // a secret scalar shows the mask itself; anything else (lists, objects, plain values) as JSON
  if (isSecretScalar(value) && secretAt(path)) return { text: maskedSecret(String(value)), masked: true };
  const m = maskValue(value, path);
  let text = JSON.stringify(m.value) ?? 'null';
  if (text.length > MAX_DISPLAY) text = text.slice(0, MAX_DISPLAY) + '…';
  return { text, masked: m.masked };
}
