/**
 * Substitution resolver: runs after the whole document is parsed, so forward references work. Per file, as
 * the SDK does (a vault never sees clearml.conf's keys). Env fallback through an injected map.
 */
import { errorAt } from './errors';
import { Concat, combineTokens, getOwn, isPlainObject, MAX_DEPTH, setOwn, Subst, TokKind, type RawValue, type Tok } from './hocon-parser';
import type { ConfigValue, Env } from './types';

const ABSENT = Symbol('absent');
type Resolved = ConfigValue | typeof ABSENT;

export function cloneValue<T>(v: T): T {
  if (Array.isArray(v)) return v.map(cloneValue) as T;
  if (v !== null && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(v)) setOwn(o, k, cloneValue((v as Record<string, unknown>)[k]));
    return o as T;
  }
  return v;
}

function subError(s: Subst, reason: string) {
  return errorAt(s.source.text, s.offset, reason, s.source.filename);
}

/** Substituted values are copied; a few lines like `b = [${a}, ${a}]` repeated can grow exponentially. */
export const EXPANSION_BUDGET = 4_000_000;

/**
 * Size of a substituted value in values + characters, or -1 when it holds more than MAX_DEPTH levels of
 * containers (`a = [${a}]` repeated nests one level per line; the limit keeps every later walk shallow).
 */
function weight(v: unknown, depth: number): number {
  if (typeof v === 'string') return v.length + 1;
  if (v === null || typeof v !== 'object') return 1;
  if (depth >= MAX_DEPTH) return -1;
  let n = 1;
  if (Array.isArray(v)) {
    for (const e of v) {
      const w = weight(e, depth + 1);
      if (w < 0) return -1;
      n += w;
    }
    return n;
  }
  for (const k of Object.keys(v)) {
    const w = weight((v as Record<string, unknown>)[k], depth + 1);
    if (w < 0) return -1;
    n += k.length + w;
  }
  return n;
}

class Resolver {
  private work = 0;
  constructor(private readonly root: RawValue, private readonly env: Env) {}

  private charge(v: unknown, s: Subst): void {
    const w = weight(v, 0);
    if (w < 0) throw subError(s, `\${${s.raw}} is a value nested deeper than ${MAX_DEPTH} levels`);
    this.work += w;
    if (this.work > EXPANSION_BUDGET) throw subError(s, `substitutions expand to more than ${EXPANSION_BUDGET} values/characters (exponential expansion?)`);
  }

  /** Replaces every placeholder under v in place; ABSENT when v itself resolves to nothing. */
  deep(v: RawValue, via?: Subst): Resolved {
    if (v instanceof Concat) return this.concat(v, via);
    if (Array.isArray(v)) return this.list(v, via);
    if (v !== null && typeof v === 'object') {
      const o = v as Record<string, RawValue>;
      for (const k of Object.keys(o)) {
        const child = o[k];
        if (child === null || typeof child !== 'object') continue;
        const r = this.deep(child, via);
        if (r === ABSENT) delete o[k];
        else if (r !== child) setOwn(o, k, r);
      }
      return o as ConfigValue;
    }
    return v;
  }

  /**
   * A list as pyhocon resolves it (vendored clearml/utilities/pyhocon/config_parser.py, ConfigParser._do_substitute):
   * each element holding a substitution is written back with `parent[key] = result` where key is its index in the
   * list as parsed, except that a None result (`${?UNSET}`, or a substitution of null) is deleted instead when
   * `key in parent` — for a list, when some element *equals* that index (`1 in [1, x]`). So `[${?UNSET}]` keeps a
   * null, `[1, ${?UNSET}, 2]` loses the element, and an index past the list's end (after a deletion) raises
   * IndexError: the SDK then refuses the whole file (a vault is skipped). Followed here step for step, in order.
   */
  private list(v: RawValue[], via?: Subst): ConfigValue[] {
    const hasOwnSub = (el: RawValue) => el instanceof Concat && el.tokens.some((t) => t.kind === TokKind.Sub);
    if (!v.some(hasOwnSub)) {
      let j = 0;
      for (const el of v) {
        const r = this.deep(el, via);
        if (r !== ABSENT) v[j++] = r;
      }
      v.length = j;
      return v as ConfigValue[];
    }
    type Slot = { value: ConfigValue } | { pending: number };
    const slots: Slot[] = [];
    const results = new Map<number, ConfigValue>();
    v.forEach((el, i) => {
      if (hasOwnSub(el)) { slots.push({ pending: i }); return; }
      const r = this.deep(el, via);
      slots.push({ value: r === ABSENT ? null : r });
    });
    // Python's `key in list`: ==, so 1 and 1.0 and True all equal index 1; a pending ConfigValues equals nothing
    const holdsIndex = (key: number) => slots.some((sl) => 'value' in sl && (sl.value === key || (typeof sl.value === 'boolean' && Number(sl.value) === key)));
    v.forEach((el, key) => {
      if (!hasOwnSub(el)) return;
      const r = this.deep(el, via);
      const result = r === ABSENT ? null : r;
      results.set(key, result);
      const c = el as Concat;
      if (result === null && holdsIndex(key)) {
        if (key >= slots.length) throw errorAt(c.source.text, c.offset, 'the SDK\'s HOCON parser (pyhocon) fails on this list with IndexError: removing an earlier element that resolved to nothing shifted this one past the end. Avoid ${?…} elements in lists', c.source.filename);
        slots.splice(key, 1);
      } else {
        if (key >= slots.length) throw errorAt(c.source.text, c.offset, 'the SDK\'s HOCON parser (pyhocon) fails on this list with IndexError: an earlier element that resolved to nothing was removed, so this index is past the end. Avoid ${?…} elements in lists', c.source.filename);
        slots[key] = { value: result };
      }
    });
    // an element whose slot was taken by another keeps its own substituted value (its ConfigValues was filled in place)
    const out = slots.map((sl) => ('value' in sl ? sl.value : results.get(sl.pending) ?? null));
    v.length = 0;
    v.push(...(out as RawValue[]));
    return v as ConfigValue[];
  }

  private concat(c: Concat, via?: Subst): Resolved {
    if (c.state === 2) return c.result as Resolved;
    if (c.state === 1) {
      const at = via ?? (c.tokens.find((t) => t.kind === TokKind.Sub)?.value as Subst);
      throw subError(at, `substitution cycle: \${${at.raw}} depends on its own value`);
    }
    c.state = 1;
    const parts: Tok[] = [];
    let sawNull = false;
    for (const tok of c.tokens) {
      if (tok.kind === TokKind.Sub) {
        const s = tok.value as Subst;
        const val = this.substitute(s, c);
        if (val === ABSENT) continue;
        // ConfigValues.transform drops None tokens
        if (val === null) { sawNull = true; continue; }
        this.charge(val, s);
        const kind = Array.isArray(val) ? TokKind.Arr : isPlainObject(val) ? TokKind.Obj : TokKind.Quoted;
        parts.push({ kind, value: cloneValue(val), ws: s.ws });
      } else if (tok.kind === TokKind.Obj || tok.kind === TokKind.Arr) {
        parts.push({ kind: tok.kind, value: this.deep(tok.value as RawValue, via), ws: '' });
      } else parts.push(tok);
    }
    let result: Resolved;
    if (parts.length === 0 && sawNull) {
      // vendored config_parser.py ConfigParser._do_substitute: a transform() of None (every token was a
      // substitution that resolved to null) deletes the key, whatever value it overrode
      result = ABSENT;
      c.nulled = true;
    } else if (parts.length === 0) {
      result = c.hasPrevious ? this.previous(c) : ABSENT;
    } else {
      result = combineTokens(parts, (reason) => errorAt(c.source.text, c.offset, reason, c.source.filename)) as ConfigValue;
      if (isPlainObject(result) && c.hasPrevious) {
        const prev = this.previous(c);
        if (isPlainObject(prev)) {
          const merged = cloneValue(prev) as Record<string, RawValue>;
          mergeResolved(merged, result);
          result = merged as ConfigValue;
        }
      }
    }
    c.state = 2;
    c.result = result;
    return result;
  }

  private previous(c: Concat): Resolved {
    return this.deep(c.previous as RawValue);
  }

  private substitute(s: Subst, c: Concat): Resolved {
    const self = s.selfRef || (c.path !== null && startsWith(s.path, c.path));
    let val: Resolved | undefined;
    if (self) {
      if (c.hasPrevious) {
        let base: Resolved | undefined = this.previous(c);
        const rest = s.selfRef ? [] : s.path.slice(c.path!.length);
        for (const seg of rest) {
          if (!isPlainObject(base)) { base = undefined; break; }
          base = getOwn(base, seg) as Resolved | undefined;
        }
        if (base !== ABSENT) val = base;
      }
    } else val = this.lookup(s);
    if (val !== undefined) return val;
    const fromEnv = this.env[s.raw];
    if (fromEnv !== undefined) return fromEnv;
    if (s.optional) return ABSENT;
    throw subError(s, `unresolved substitution \${${s.raw}}: no such key in this file and no environment variable ${s.raw}`);
  }

  private lookup(s: Subst): ConfigValue | undefined {
    let cur: RawValue | Resolved | undefined = this.root;
    for (let i = 0; i < s.path.length; i++) {
      if (cur instanceof Concat) cur = this.concat(cur, s);
      if (cur === ABSENT || cur === undefined) return undefined;
      if (!isPlainObject(cur)) {
        if (cur === null || i === 0) return undefined;
        const at = s.path.slice(0, i).join('.');
        throw subError(s, `cannot resolve \${${s.raw}}: '${at}' is ${Array.isArray(cur) ? 'an array' : `a ${typeof cur}`}, not an object`);
      }
      cur = getOwn(cur, s.path[i]) as RawValue | undefined;
    }
    if (cur === undefined) return undefined;
    const r = this.deep(cur as RawValue, s);
    return r === ABSENT ? undefined : r;
  }
}

function startsWith(path: string[], prefix: string[]): boolean {
  if (path.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (path[i] !== prefix[i]) return false;
  return true;
}

/** pyhocon merge_configs on resolved values: objects merge recursively, anything else replaces. */
export function mergeResolved(a: Record<string, unknown>, b: Record<string, unknown>): void {
  for (const k of Object.keys(b)) {
    const av = getOwn(a, k);
    const bv = b[k];
    if (isPlainObject(av) && isPlainObject(bv)) mergeResolved(av, bv);
    else setOwn(a, k, bv);
  }
}

export function resolveDocument(root: RawValue, env: Env): ConfigValue {
  const r = new Resolver(root, env).deep(root);
  return r === ABSENT ? {} : r;
}
