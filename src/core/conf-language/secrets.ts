/**
 * Which values of a clearml.conf or vault are secret, for every output of this area: hover values, diagnostic
 * messages, fix titles and fix edits. A value is secret when
 * - the catalogue marks its key secret, or it lies anywhere beneath such a key (an object or list written where the
 *   key belongs holds the secret all the same);
 * - its key is unknown to the catalogue where the catalogue knows every key (`secrte`, `secret_kye`, `passwrd` in
 *   an S3 entry): a misspelt secret is still the user's secret, and an unknown key's value helps nobody;
 * - its key is named like a secret inside a free-form map (`environment { DB_PASSWORD: … }`), as vault/mask.ts says;
 * - or it is the password of a URL (`https://user:pass@host`, `user:pass@host`) or the value of a secret-named
 *   `NAME=value` (`-e AWS_SECRET_ACCESS_KEY=…` in docker arguments), whatever its key.
 */
import type { ConfigValue } from '../config';
import { MASK, isSecretKey, maskedSecret } from '../vault/mask';
import { childOf, schemaRoot, type SchemaNode } from './catalogue';
import type { ScanValue } from './scanner';

/** Where a value sits, as far as secrecy goes. */
export interface SecretPlace {
  /** The catalogue node, undefined in free-form maps and beneath unknown keys. */
  node: SchemaNode | undefined;
  /** Inside a free-form map (environment, files, logging, a list the catalogue does not describe). */
  open: boolean;
  /** Everything here is secret. */
  secret: boolean;
}

/** Short names vault/mask.ts does not count (`DB_PW`, `pwd`). */
const PASSWORD_ABBREVIATION = /(^|_)(pw|pwd)(_|$)/i;

export function rootPlace(): SecretPlace {
  return { node: schemaRoot(), open: false, secret: false };
}

export function placeBelow(place: SecretPlace, name: string): SecretPlace {
  if (place.secret) return { node: undefined, open: place.open, secret: true };
  const parent = place.node;
  if (name === '[]') {
    const item = parent?.item;
    return { node: item, open: place.open || !item, secret: !!item?.record?.secret };
  }
  const open = place.open || !!parent?.open;
  // a free-form map may still describe some members (files.*.contents)
  const node = parent ? childOf(parent, name) : undefined;
  if (node) return { node, open, secret: !!node.record?.secret || (open && secretName(name)) };
  // beneath an unknown key (where the catalogue knows every key), or a member of a free-form map named like a secret
  const secret = !open || secretName(name);
  return { node: undefined, open, secret };
}

export function placeAt(path: readonly string[]): SecretPlace {
  let place = rootPlace();
  for (const s of path) place = placeBelow(place, s);
  return place;
}

/** `user:pass@` in a URL, with or without its scheme; `$2` is the password. */
const USERINFO = /(^|[\s"'(,;=[]|\/\/)([^\s/:@"'`]+:)([^\s/@"'`]+)(@)/g;
/** `NAME=value`: the value when NAME is secret-like (`-e AWS_SECRET_ACCESS_KEY=…`). */
const ASSIGNMENT = /(^|[^A-Za-z0-9_])([A-Za-z_][A-Za-z0-9_]*)=([^\s"',]+)/g;

function secretName(name: string): boolean {
  return isSecretKey(name) || PASSWORD_ABBREVIATION.test(name);
}

/** The text with URL passwords and secret `NAME=value` values replaced by the mask. */
export function maskInlineSecrets(text: string): string {
  return text
    .replace(USERINFO, (_m, lead: string, user: string, _p: string, at: string) => `${lead}${user}${MASK}${at}`)
    .replace(ASSIGNMENT, (m, lead: string, name: string) => (secretName(name) ? `${lead}${name}=${MASK}` : m));
}

/** The secrets written inline in one string (URL passwords, secret `NAME=value` values). */
function inlineSecrets(text: string, out: Set<string>): void {
  for (const m of text.matchAll(USERINFO)) out.add(m[3]);
  for (const m of text.matchAll(ASSIGNMENT)) if (secretName(m[2])) out.add(m[3]);
}

/** A value for display: every secret scalar masked, inline secrets in the others masked. */
export function maskForDisplay(value: ConfigValue, place: SecretPlace): ConfigValue {
  if (place.secret && ((typeof value === 'string' && value !== '') || typeof value === 'number')) return maskedSecret(String(value));
  if (typeof value === 'string') return maskInlineSecrets(value);
  if (Array.isArray(value)) {
    const item = placeBelow(place, '[]');
    return value.map((v) => maskForDisplay(v, item));
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, ConfigValue> = {};
    // `__proto__` is a legal config key: define it rather than assign (which would set the prototype)
    for (const [k, v] of Object.entries(value)) Object.defineProperty(out, k, { value: maskForDisplay(v, placeBelow(place, k)), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return value;
}

/** Shorter strings are not scrubbed from messages: they would mangle ordinary words, and hold no real secret. */
const MIN_SCRUBBED = 4;
const SUBSTITUTION = /\$\{[^}]*\}/g;

/** Every secret string written in the document's position tree (substitutions excluded: a variable name is no secret). */
export function secretStrings(root: ScanValue, base: readonly string[], text: string): Set<string> {
  const out = new Set<string>();
  let place = rootPlace();
  for (const s of base) place = placeBelow(place, s);
  // iterative: the tree may be 400 levels deep
  const stack: [ScanValue, SecretPlace][] = [[root, place]];
  while (stack.length) {
    const [value, at] = stack.pop()!;
    if (value.kind === 'array') for (const item of value.items) stack.push([item, placeBelow(at, '[]')]);
    else if (value.kind === 'object') {
      for (const entry of value.entries) {
        let p = at;
        for (const seg of entry.segments) p = placeBelow(p, seg.name);
        stack.push([entry.value, p]);
      }
    } else {
      const written = typeof value.value === 'string' ? value.value : value.value === null ? '' : String(value.value);
      const raw = text.slice(value.start, value.end);
      if (at.secret) {
        for (const piece of [...written.split(SUBSTITUTION), ...raw.split(SUBSTITUTION)]) {
          const p = piece.replace(/^"+|"+$/g, '').trim();
          if (p.length >= MIN_SCRUBBED) out.add(p);
        }
      }
      inlineSecrets(written, out);
      inlineSecrets(raw, out);
    }
  }
  for (const s of [...out]) if (s.length < MIN_SCRUBBED) out.delete(s);
  return out;
}

/** The text with each of `secrets` replaced by the mask (longest first, so a secret inside another goes whole). */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join(MASK);
  return maskInlineSecrets(out);
}

export function holdsSecret(text: string, secrets: readonly string[]): boolean {
  return secrets.some((s) => text.includes(s)) || maskInlineSecrets(text) !== text;
}
