/** Serialisers for the preview and for converting a vault's format. parseHocon(toHocon(x)) deep-equals x. */
import { yamlLib } from '../vendor';
import type { ConfigObject, ConfigValue } from './types';

const SIMPLE_KEY = /^[A-Za-z0-9_-]+$/;

/** A HOCON quoted string that the dialect reads back as exactly `s`. */
export function quoteHocon(s: string): string {
  let out = '"';
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let rep: string | undefined;
    if (c === 34) rep = '\\"';
    else if (c === 92) rep = '\\\\';
    else if (c === 10) rep = '\\n';
    else if (c === 13) rep = '\\r';
    else if (c === 9) rep = '\\t';
    if (rep !== undefined) {
      out += s.slice(last, i) + rep;
      last = i + 1;
    }
  }
  return out + s.slice(last) + '"';
}

/** A key as written in HOCON: bare when it is one plain segment, quoted otherwise (dots, spaces, ...). */
export function hoconKey(k: string): string {
  return SIMPLE_KEY.test(k) && k.toLowerCase() !== 'include' ? k : quoteHocon(k);
}

function scalar(v: ConfigValue): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return quoteHocon(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return 'null';
    return Object.is(v, -0) ? '-0.0' : String(v);
  }
  return 'null';
}

function value(v: ConfigValue, indent: string): string {
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    const inner = indent + '  ';
    return '[\n' + v.map((e) => inner + value(e, inner)).join(',\n') + '\n' + indent + ']';
  }
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v);
    if (keys.length === 0) return '{}';
    return '{\n' + members(v, indent + '  ') + indent + '}';
  }
  return scalar(v);
}

function members(o: ConfigObject, indent: string): string {
  let out = '';
  for (const k of Object.keys(o)) {
    const v = o[k];
    const isObj = v !== null && typeof v === 'object' && !Array.isArray(v);
    out += indent + hoconKey(k) + (isObj ? ' ' : ': ') + value(v, indent) + '\n';
  }
  return out;
}

export function toHocon(v: ConfigObject): string {
  return members(v, '');
}

export function toJson(v: ConfigObject): string {
  return JSON.stringify(v, null, 2) + '\n';
}

export function toYaml(v: ConfigObject): string {
  return Object.keys(v).length === 0 ? '{}\n' : yamlLib().stringify(v, { lineWidth: 0 });
}
