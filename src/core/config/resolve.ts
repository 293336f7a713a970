/**
 * Substitution resolver: runs after the whole document is parsed, so forward references work. Per file, as
 * the SDK does (a vault never sees clearml.conf's keys). Env fallback through an injected map.
 */
import { errorAt } from './errors';
import { Concat, combineTokens, getOwn, isPlainObject, MAX_DEPTH, pyStr, rawAt, setOwn, Subst, TokKind, type RawValue, type Tok } from './hocon-parser';
import type { ConfigValue, Env } from './types';

/** How an unresolved `${X}` error begins: lint tells it apart (it depends on the environment the SDK runs in). */
export const UNRESOLVED_SUBSTITUTION = 'unresolved substitution';

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

/** A substitution pyhocon's self-reference fix-up filled with None before resolution (see Resolver.fixedUp). */
const FIXED_UP_NONE = Symbol('fixed-up None');

class Resolver {
  private work = 0;
  constructor(private readonly root: RawValue, private readonly env: Env, private readonly singleHistory: ReadonlySet<string>) {}

  /**
   * The fix-up deletes a top-level key while pyhocon iterates the root's keys; Python then stops the SDK with
   * RuntimeError unless that key was the last one.
   */
  private refuseRootDeletion(c: Concat): void {
    if (c.path?.length !== 1 || !isPlainObject(this.root)) return;
    const keys = Object.keys(this.root);
    if (keys[keys.length - 1] === c.path[0]) return;
    throw errorAt(c.source.text, c.offset, `the SDK cannot load this: pyhocon fails on a top-level key whose whole value is \${?${c.path[0]}} (RuntimeError: OrderedDict mutated during iteration) unless it is the file's last key. Remove the line, or give '${c.path[0]}' a value`, c.source.filename);
  }

  /**
   * config_parser.py ConfigParser._fixup_self_references, for a top-level key with one history entry: each
   * substitution under it whose path starts with that key (unless a longer path names a value that exists) is
   * filled with the environment variable named like the key when it is set, else, when optional, with None.
   * `_do_substitute(sub, None)` runs twice there: a value that becomes None is deleted and then put back as None
   * (`a { b: ${?a.c} }` is b = null), and a list element is deleted twice. Undefined when the rule does not apply.
   */
  private fixedUp(s: Subst): ConfigValue | typeof FIXED_UP_NONE | undefined {
    const top = s.topKey;
    if (top === null || s.path[0] !== top || !this.singleHistory.has(top)) return undefined;
    if (s.path.length > 1 && rawAt(this.root, s.path) != null) return undefined;
    const fromEnv = this.env[top];
    if (fromEnv !== undefined) return fromEnv;
    return s.optional ? FIXED_UP_NONE : undefined;
  }

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
        // the fix-up's second _do_substitute(sub, None) deletes at the same index again
        if (c.fixedUpNone && holdsIndex(key)) {
          if (key >= slots.length) throw errorAt(c.source.text, c.offset, 'the SDK\'s HOCON parser (pyhocon) fails on this list with IndexError: its self-reference fix-up removes this element twice. Avoid ${?…} elements in lists', c.source.filename);
          slots.splice(key, 1);
        }
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
    let fixedUpNone = false;
    const lastIndex = c.tokens.length - 1;
    for (let i = 0; i <= lastIndex; i++) {
      const tok = c.tokens[i];
      if (tok.kind === TokKind.Sub) {
        const s = tok.value as Subst;
        const fixed = this.fixedUp(s);
        // the fix-up's first call, with None, deletes a value that is this substitution alone
        if (fixed !== undefined && s.optional && c.tokens.length === 1) this.refuseRootDeletion(c);
        if (fixed === FIXED_UP_NONE) { fixedUpNone = true; continue; }
        const val = fixed !== undefined ? fixed : this.substitute(s, c);
        if (val === ABSENT) continue;
        // ConfigValues.transform drops None tokens
        if (val === null) { sawNull = true; continue; }
        this.charge(val, s);
        const kind = Array.isArray(val) ? TokKind.Arr : isPlainObject(val) ? TokKind.Obj : TokKind.Quoted;
        // ConfigParser._do_substitute: a scalar that is not the last token becomes str(value) + the spaces after
        // `}`, so `${port}${?UNSET}` is the string "8008" and `${a} ${?UNSET}` keeps its space
        if (kind === TokKind.Quoted && i < lastIndex) parts.push({ kind, value: pyStr(val, false) + s.ws, ws: '' });
        else parts.push({ kind, value: cloneValue(val), ws: s.ws });
      } else if (tok.kind === TokKind.Obj || tok.kind === TokKind.Arr) {
        parts.push({ kind: tok.kind, value: this.deep(tok.value as RawValue, via), ws: '' });
      } else parts.push(tok);
    }
    // ConfigValues.recompute strips the spaces of the last token only, at parse time: when the substitutions after
    // an unquoted string give nothing, its spaces stay (`pre ${?UNSET}` is "pre ")
    const tail = parts[parts.length - 1];
    if (tail !== undefined && tail !== c.tokens[lastIndex] && tail.kind === TokKind.Unquoted && tail.ws !== '') {
      parts[parts.length - 1] = { kind: TokKind.Unquoted, value: pyStr(tail.value, tail.float) + tail.ws, ws: '' };
    }
    let result: Resolved;
    if (parts.length === 0 && fixedUpNone) {
      // deleted, then put back as None by the fix-up's second call
      result = null;
      c.fixedUpNone = true;
    } else if (parts.length === 0 && sawNull) {
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
      // A value below the top level that names its own full path (`a { b: ${?a.b} x }`, `a.b += [1]`) is skipped by
      // the fix-up (config.get finds the value itself), and config_parser.py resolve_substitutions backtracks to the
      // value it overrode only when that is truthy in Python; otherwise the SDK stops ("Cannot resolve ... Check for
      // cycles", which for `a.b += [1]` itself fails with AttributeError; when another substitution is resolved after
      // it, the loop forgets it was unresolved and the SDK gets a ConfigValues object as the value)
      const ownPath = s.selfRef ? c.dottedAtRoot : c.path !== null && c.path.length > 1 && s.path.length === c.path.length && startsWith(s.path, c.path);
      if (ownPath && !(c.previous instanceof Concat) && (!c.hasPrevious || pythonFalsy(this.previous(c)))) {
        throw subError(s, `the SDK cannot resolve this: pyhocon resolves \${${s.raw}} inside '${s.raw}' itself only through a non-empty earlier value of '${s.raw}'; it stops with "Cannot resolve \${${s.raw}}. Check for cycles.", or, when other substitutions follow, leaves the value unusable. Write the whole value instead (${s.raw} = ...)`);
      }
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
    throw subError(s, `${UNRESOLVED_SUBSTITUTION} \${${s.raw}}: no such key in this file and no environment variable ${s.raw}`);
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

/** Python's truthiness of a value pyhocon holds: None, False, 0, '', [] and {} are false. */
function pythonFalsy(v: Resolved): boolean {
  if (v === ABSENT || v === null || v === false || v === 0 || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  return isPlainObject(v) && Object.keys(v).length === 0;
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

export function resolveDocument(root: RawValue, env: Env, singleHistory: ReadonlySet<string> = new Set()): ConfigValue {
  const r = new Resolver(root, env, singleHistory).deep(root);
  return r === ABSENT ? {} : r;
}
