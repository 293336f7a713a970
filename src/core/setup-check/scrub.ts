/**
 * The report's last scrub: no secret leaves the setup check, in any form. A server may echo the Authorization header
 * or the secret in its error text, an address may carry `user:password@`, a storage URI `key:secret@`, a parse error
 * may quote a line. Two layers, as in core/api/redact (whose patterns this calls):
 *  - known values: every secret the check read (clearml.conf, including files that do not parse, the environment,
 *    the signed-in profile), in each form it travels: raw, URL-encoded, base64 of `key:secret` (HTTP Basic);
 *    access keys shrink to their first 4 characters;
 *  - patterns: Authorization / Basic / Bearer values, JWTs, secret-named fields, `user:password@` in any URL.
 */
import { redact, REDACTED } from '../api/redact';
import type { ConfigObject } from '../config';
import { maskKey } from './context';
import type { SetupReport } from './types';

/** Setting and variable names whose values are secrets (clearml.conf, storage entries, the environment). */
const SECRET_NAME = /secret|password|passwd|token|account_key|sas|private_key|connection_string/i;
/** Names whose values are access keys: shown as their first 4 characters, like every key in the report. */
const ACCESS_NAME = /^(key|access_key|access_key_id|aws_access_key_id|clearml_api_access_key|trains_api_access_key)$/i;
/** `secret_key: "value"`, `"secret" = value` on one line of a configuration text. */
const SECRET_LINE = /["']?([A-Za-z_][\w.-]*)["']?\s*[:=]\s*("(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[^\s,}#\]]+)/g;
/** A token that looks like a generated key or secret: long, letters and digits. */
const KEY_LIKE = /[A-Za-z0-9_+=-]{16,}/g;
/** scheme://user:password@ or scheme://token@ (addresses, storage URIs). */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s@"'<>|`]+@/gi;

export class KnownSecrets {
  private readonly secrets = new Set<string>();
  private readonly accessKeys = new Set<string>();

  /** A secret value (secret key, password, token); ignored when shorter than 4 characters. */
  secret(value: unknown): void {
    if (typeof value === 'string' && value.trim().length >= 4) this.secrets.add(value.trim());
  }

  accessKey(value: unknown): void {
    if (typeof value === 'string' && value.trim().length > 4) this.accessKeys.add(value.trim());
  }

  /** A key pair: also its HTTP Basic form, which a server may echo from the Authorization header. */
  pair(key: string | undefined, secret: string | undefined): void {
    this.accessKey(key);
    this.secret(secret);
    if (key && secret) {
      this.secret(Buffer.from(`${key}:${secret}`).toString('base64'));
      this.secret(Buffer.from(`${key}:${secret}`).toString('base64url'));
    }
  }

  /** Every value under a secret-named key of a parsed configuration, and every access key. */
  fromConfig(value: unknown, name = ''): void {
    if (typeof value === 'string') {
      if (SECRET_NAME.test(name)) this.secret(value);
      else if (ACCESS_NAME.test(name)) this.accessKey(value);
      this.fromUrl(value);
    } else if (Array.isArray(value)) {
      for (const v of value) this.fromConfig(v, name);
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value as ConfigObject)) this.fromConfig(v, k);
    }
  }

  /**
   * The raw text of a configuration file: values after secret-named keys; for a file that does not parse (so has
   * no parsed values), also tokens that look like generated keys (a secret pasted on a line of its own, which the
   * parse error may quote).
   */
  fromText(text: string, unparsed: boolean): void {
    for (const m of text.matchAll(SECRET_LINE)) {
      const value = m[2].replace(/^["']|["']$/g, '');
      if (SECRET_NAME.test(m[1])) this.secret(value);
      else if (ACCESS_NAME.test(m[1].split('.').pop() ?? '')) this.accessKey(value);
    }
    if (unparsed) for (const [token] of text.matchAll(KEY_LIKE)) if (/\d/.test(token) && /[A-Za-z]/.test(token)) this.secret(token);
    for (const m of text.matchAll(/[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi)) this.fromUrl(m[0]);
  }

  /** The environment the SDK reads: secret-named variables, and the password of any URL in it (proxies). */
  fromEnv(env: Record<string, string | undefined>): void {
    for (const [name, value] of Object.entries(env)) {
      if (!value) continue;
      if (SECRET_NAME.test(name)) this.secret(value);
      else if (ACCESS_NAME.test(name)) this.accessKey(value);
      this.fromUrl(value);
    }
  }

  /** `scheme://user:password@host`: the user info may hold a raw `/` (an AWS secret pasted unencoded). */
  private fromUrl(text: string): void {
    const m = /^[a-z][a-z0-9+.-]*:\/\/([^\s@]+)@/i.exec(text.trim());
    if (!m) return;
    const colon = m[1].indexOf(':');
    const password = colon < 0 ? m[1] : m[1].slice(colon + 1);
    this.secret(m[1]);
    this.secret(password);
    try { this.secret(decodeURIComponent(password)); } catch { /* not URL-encoded */ }
    if (colon > 0) this.accessKey(m[1].slice(0, colon));
  }

  /** Every form a value travels in, longest first so that no shorter secret leaves part of a longer one. */
  replacements(): [string, string][] {
    const out: [string, string][] = [];
    for (const s of this.secrets) {
      out.push([s, REDACTED]);
      const encoded = encodeURIComponent(s);
      if (encoded !== s) out.push([encoded, REDACTED]);
      out.push([Buffer.from(s).toString('base64').replace(/=+$/, ''), REDACTED]);
      // A URL or path parser may cut a secret at a delimiter and quote one piece (a bucket name, a port).
      for (const piece of s.split(/[/+=&@:?#%]/)) if (piece.length >= 8) out.push([piece, REDACTED]);
    }
    for (const k of this.accessKeys) {
      out.push([k, maskKey(k)]);
      const encoded = encodeURIComponent(k);
      if (encoded !== k) out.push([encoded, maskKey(k)]);
    }
    return out.filter(([from]) => from.length >= 4).sort((a, b) => b[0].length - a[0].length);
  }
}

/** Scrubs one text: the known values first, then the patterns. */
export function scrubText(text: string, known: KnownSecrets): string {
  let out = text;
  // Case-insensitive: host and bucket names are lower-cased before they are quoted.
  for (const [from, to] of known.replacements()) out = out.replace(new RegExp(from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), () => to);
  out = out.replace(URL_USERINFO, `$1${REDACTED}@`);
  return redact(out);
}

/** Every string of the report, scrubbed. */
export function scrubReport(report: SetupReport, known: KnownSecrets): SetupReport {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return scrubText(v, known);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(report) as SetupReport;
}
