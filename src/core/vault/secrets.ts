/**
 * Plaintext secrets of a parsed vault: values beneath a secret-named key (and URL passwords) written literally
 * in its text.
 */
import type { ConfigObject, ConfigValue } from '../config';
import { isSecretKey, isSecretScalar } from './mask';
import { lineFor } from './tree-utils';

const URL_WITH_PASSWORD = /:\/\/[^\s/:@]+:[^\s/@]+@/;

export interface SecretHit { path: string; line: number }

export function displayPath(segments: readonly string[]): string {
  return segments.map((s) => (/^[A-Za-z0-9_-]+$/.test(s) ? s : JSON.stringify(s))).join('.');
}

/** 1-based line of an offset, with the newline index built on first use. */
export function lineIndexer(text: string): (offset: number) => number {
  let starts: number[] | undefined;
  return (offset) => {
    if (!starts) {
      starts = [0];
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    }
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid; else hi = mid - 1;
    }
    return lo + 1;
  };
}

/**
 * `lines` (segments joined by U+0000 → line of the key, from the engine's provenance) places each value on its
 * line; a value not on that line came from a ${...} substitution and is not plaintext. Without lines, the first
 * occurrence in the text decides. At most `limit` hits.
 */
export function findPlaintextSecrets(tree: ConfigObject, text: string, lines?: Map<string, number>, limit = 50): SecretHit[] {
  const hits: SecretHit[] = [];
  let split: string[] | undefined;
  const textLinesOf = () => (split ??= text.split('\n'));
  const lineAt = lineIndexer(text);
  const lineOf = (segments: string[]) => lineFor(lines, segments);
  const visit = (value: ConfigValue, segs: string[], secret: boolean, keyLine: number | undefined) => {
    if (hits.length >= limit) return;
    if (typeof value === 'string' || typeof value === 'number') {
      if (!((secret && isSecretScalar(value)) || (typeof value === 'string' && URL_WITH_PASSWORD.test(value)))) return;
      const v = String(value);
      if (keyLine && lines) {
        const textLines = textLinesOf();
        const onLine = textLines[keyLine - 1] ?? '';
        if (onLine.includes(v)) { hits.push({ path: displayPath(segs), line: keyLine }); return; }
        if (onLine.includes('${')) return;
        // A multi-line value (a list over several lines): search from the key's line on.
        let offset = 0;
        for (let i = 0; i < keyLine - 1; i++) offset += textLines[i].length + 1;
        const at = text.indexOf(v, offset);
        if (at >= 0) hits.push({ path: displayPath(segs), line: lineAt(at) });
        return;
      }
      const at = text.indexOf(v);
      if (at >= 0) hits.push({ path: displayPath(segs), line: lineAt(at) });
      return;
    }
    if (Array.isArray(value)) { for (let i = 0; i < value.length && hits.length < limit; i++) visit(value[i], [...segs, String(i)], secret, keyLine); }
    else if (value !== null && typeof value === 'object') {
      for (const k in value) if (hits.length < limit && Object.prototype.hasOwnProperty.call(value, k)) visit(value[k], [...segs, k], secret || isSecretKey(k), lineOf([...segs, k]) ?? keyLine);
    }
  };
  for (const k in tree) if (hits.length < limit && Object.prototype.hasOwnProperty.call(tree, k)) visit(tree[k], [k], isSecretKey(k), lineOf([k]));
  return hits;
}
