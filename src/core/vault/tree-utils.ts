/** Small helpers over parsed configuration trees, shared by the preview's steps (model, incremental, allView, secrets). */
import type { ConfigObject, ConfigValue } from '../config';

/** Joins key segments into one map key (no config key contains U+0000). */
export const PATH_SEP = '\u0000';

export const isObject = (v: ConfigValue | undefined): v is ConfigObject => v !== null && typeof v === 'object' && !Array.isArray(v);

export const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

export function hasKeys(o: ConfigObject): boolean {
  for (const k in o) if (hasOwn(o, k)) return true;
  return false;
}

/** Deep copy of objects (arrays and scalars are never mutated by the merge, so they are shared). */
export function cloneObjects(o: ConfigObject): ConfigObject {
  const out: ConfigObject = {};
  for (const k in o) {
    if (!hasOwn(o, k)) continue;
    const v = o[k];
    out[k] = isObject(v) ? cloneObjects(v) : v;
  }
  return out;
}

/** Structural equality of config values (own keys only). */
export function deepEqual(a: ConfigValue | undefined, b: ConfigValue | undefined): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as ConfigValue[]).length && a.every((x, i) => deepEqual(x, (b as ConfigValue[])[i]));
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => hasOwn(b, k) && deepEqual((a as ConfigObject)[k], (b as ConfigObject)[k]));
}

/** Source line of the key at `segments` (lines keyed by PATH_SEP-joined paths), or of its nearest ancestor that has one. */
export function lineFor(lines: Map<string, number> | undefined, segments: string[]): number | undefined {
  if (!lines) return undefined;
  for (let n = segments.length; n > 0; n--) {
    // The full path first, without the copy: this runs once per previewed key on every keystroke.
    const l = lines.get(n === segments.length ? segments.join(PATH_SEP) : segments.slice(0, n).join(PATH_SEP));
    if (l !== undefined) return l;
  }
  return undefined;
}
