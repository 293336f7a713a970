/**
 * The value the SDK will use for a key, and where it comes from. Order, highest first, for a clearml.conf:
 * environment variable > enabled vaults (the later in the list wins) > this file > the SDK's default; for a vault:
 * environment variable > vaults after it > this vault > vaults before it > clearml.conf > default. Every vault
 * text is parsed as HOCON whatever its declared format, as the SDK does (clearml/backend_api/session/session.py
 * `_read_vaults`); a vault that does not parse is skipped, as there. Secrets never leave this module unmasked.
 */
import { parseHocon, parseVault, type ConfigObject, type ConfigValue } from '../config';
import { maskedSecret, maskValue } from '../vault/mask';
import type { CatalogueRecord } from './catalogue';
import { maskForDisplay, placeAt } from './secrets';
import type { ConfFormat, EffectiveSource, HoverOptions } from './types';

export interface Layer {
  source: EffectiveSource;
  from: string;
  config: ConfigObject | undefined;
}

export interface Effective {
  value: string;
  source: EffectiveSource;
  from: string;
}

/** Precedences under which a set variable replaces whatever the files say. */
const ENV_WINS = new Set([undefined, 'env_overrides_conf', 'env_forces_value', 'env_implies_true']);
/** Precedences under which the SDK uses the variable only when no file gives a value. */
const ENV_FALLBACK = new Set(['env_used_only_if_conf_empty', 'sdk_fallback_agent_overrides']);

function parseLayer(text: string, format: ConfFormat | 'hocon', env: Record<string, string | undefined>): ConfigObject | undefined {
  try {
    return format === 'yaml' ? parseVault(text, 'yaml', { env }) : parseHocon(text, { env, includeLoader: () => '' });
  } catch {
    return undefined;
  }
}

/** A section file's values under its section's name. */
export function wrapIn(config: ConfigObject | undefined, base: readonly string[]): ConfigObject | undefined {
  let c = config;
  for (const s of [...base].reverse()) c = c && { [s]: c };
  return c;
}

export function valueAt(config: ConfigObject | undefined, path: readonly string[]): ConfigValue | undefined {
  let cur: ConfigValue | undefined = config;
  for (const s of path) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur) || !Object.prototype.hasOwnProperty.call(cur, s)) return undefined;
    cur = cur[s];
  }
  return cur;
}

/**
 * The layers beneath the environment, highest first. `thisConfig` is the hovered text's own values (undefined when
 * it does not parse); `base` is the section a section file stands for.
 */
export function layersFor(thisConfig: ConfigObject | undefined, base: readonly string[], options: HoverOptions, env: Record<string, string | undefined>): Layer[] {
  const vaults = (options.vaults ?? []).filter((v) => v.enabled !== false);
  const vaultLayer = (v: { name: string; text: string }): Layer => ({ source: 'vault', from: v.name, config: parseLayer(v.text, 'hocon', env) });
  const self: Layer = { source: options.role === 'vault' ? 'vault' : 'file', from: options.fileName ?? (options.role === 'vault' ? 'this vault' : 'clearml.conf'), config: wrapIn(thisConfig, base) };
  if (options.role !== 'vault') return [...vaults.map(vaultLayer).reverse(), self];
  // a vault: the vaults after it in the list override it, those before it lie beneath it
  const at = vaults.findIndex((v) => v.name === options.fileName);
  const later = at < 0 ? vaults : vaults.slice(at + 1);
  const earlier = at < 0 ? [] : vaults.slice(0, at);
  const conf: Layer = { source: 'file', from: 'clearml.conf', config: options.confText !== undefined ? parseLayer(options.confText, 'hocon', env) : undefined };
  return [...later.map(vaultLayer).reverse(), self, ...earlier.map(vaultLayer).reverse(), conf];
}

/**
 * clearml-agent's own override of any key: `CLEARML_AGENT__AGENT__GIT_USER=x` is merged over every file as the
 * HOCON text `agent.git_user: x` (clearml_agent/backend_config/config.py `Config._read_extra_env_config_values`:
 * the prefix is case-sensitive, the rest is lower-cased, `__` separates the path). The SDK has no such mechanism.
 */
const AGENT_ENV_PREFIX = 'CLEARML_AGENT__';

/** The variable name clearml-agent maps to the path (upper case, as users write it). */
export function agentEnvName(path: readonly string[]): string | undefined {
  if (path.some((p) => p === '[]' || p === '*' || !/^[a-z0-9_]+$/.test(p) || p.includes('__'))) return undefined;
  return AGENT_ENV_PREFIX + path.map((p) => p.toUpperCase()).join('__');
}

/**
 * The agent's override of this path, if any variable reaches it. The agent parses each variable as the HOCON text
 * `<path>: <value>` and merges them in sorted order into one tree, laid over every file: a variable naming a parent
 * (`CLEARML_AGENT__AGENT__PACKAGE_MANAGER='{type: conda}'`) sets the key too, and a deeper one sorts after it and
 * wins. `from` names the last variable that gave this path a value. A variable that does not parse stops the agent;
 * for its own path the raw text is shown, as the text it was given.
 */
function agentEnvSet(env: Record<string, string | undefined>, path: readonly string[]): { name: string; value: ConfigValue } | undefined {
  let tree: ConfigObject = {};
  let from: string | undefined;
  for (const name of Object.keys(env).filter((k) => k.startsWith(AGENT_ENV_PREFIX)).sort()) {
    const raw = env[name];
    if (raw === undefined || !raw.trim()) continue;
    const dotted = name.slice(AGENT_ENV_PREFIX.length).split('__').join('.').toLowerCase();
    const own = dotted.split('.');
    const related = own.length <= path.length ? own.every((s, i) => s === path[i]) : path.every((s, i) => s === own[i]);
    if (!related) continue;
    let parsed: ConfigObject;
    try {
      parsed = parseHocon(`${dotted}: ${raw}`, { env, includeLoader: () => '' });
    } catch {
      if (own.length !== path.length) continue;
      parsed = wrapIn({ [path[path.length - 1]]: raw }, path.slice(0, -1))!;
    }
    tree = merged([tree, parsed]) as ConfigObject;
    if (valueAt(parsed, path) !== undefined) from = name;
  }
  const value = valueAt(tree, path);
  return from !== undefined && value !== undefined ? { name: from, value } : undefined;
}

/** EnvEntry: a variable that is empty or only spaces is not set; values are stripped. */
function envSet(env: Record<string, string | undefined>, names: readonly string[] | undefined): { name: string; value: string } | undefined {
  for (const name of names ?? []) {
    const v = env[name]?.trim();
    if (v) return { name, value: v };
  }
  return undefined;
}

function isObject(v: unknown): v is ConfigObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** pyhocon merge_configs: objects merge recursively, anything else replaces. */
function merged(values: ConfigValue[]): ConfigValue {
  const merge = (a: ConfigValue, b: ConfigValue): ConfigValue => {
    if (!isObject(a) || !isObject(b)) return b;
    const out: ConfigObject = { ...a };
    for (const [k, v] of Object.entries(b)) out[k] = k in out ? merge(out[k], v) : v;
    return out;
  };
  return values.reduce((a, b) => merge(a, b));
}

/**
 * The value as shown, secrets masked (./secrets: catalogue secrets and everything beneath them, values of unknown
 * keys, secret-named members of free-form maps, URL passwords, secret `NAME=value`), then vault/mask.ts's rules too.
 */
export function displayMasked(value: ConfigValue, path: readonly string[]): string {
  const masked = maskValue(maskForDisplay(value, placeAt(path)), path).value;
  const text = typeof masked === 'string' ? masked : JSON.stringify(masked) ?? 'null';
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

export function effectiveValue(path: readonly string[], record: CatalogueRecord | undefined, layers: Layer[], env: Record<string, string | undefined>): Effective | undefined {
  const secret = !!record?.secret;
  const variable = envSet(env, record?.env);
  const precedence = record?.envPrecedence;
  if (variable && ENV_WINS.has(precedence)) {
    return { value: secret ? maskedSecret(variable.value) : displayMasked(variable.value, path), source: 'env', from: variable.name };
  }
  // only for keys clearml-agent alone reads: for the others the hover shows the SDK's value, and names the variable
  const agentOverride = record?.readBy === 'agent' ? agentEnvSet(env, path) : undefined;
  if (agentOverride) {
    // an object set this way is merged over the files' object at that path, as the agent merges its tree over them
    const beneath = isObject(agentOverride.value) ? layers.map((l) => valueAt(l.config, path)).filter(isObject).reverse() : [];
    const value = beneath.length ? merged([...beneath, agentOverride.value]) : agentOverride.value;
    return { value: secret && typeof value === 'string' ? maskedSecret(value) : displayMasked(value, path), source: 'env', from: agentOverride.name };
  }
  const found = layers.map((l) => ({ l, v: valueAt(l.config, path) })).filter((x) => x.v !== undefined);
  if (found.length) {
    const top = found[0];
    const emptyInFile = top.v === '' || top.v === null;
    if (!(variable && emptyInFile && precedence !== undefined && ENV_FALLBACK.has(precedence))) {
      const value = isObject(top.v) ? merged(found.map((x) => x.v!).filter(isObject).reverse()) : top.v!;
      return { value: displayMasked(value, path), source: top.l.source, from: top.l.from };
    }
  }
  if (variable && precedence && ENV_FALLBACK.has(precedence)) {
    return { value: secret ? maskedSecret(variable.value) : displayMasked(variable.value, path), source: 'env', from: variable.name };
  }
  if (!record) return undefined;
  // the packaged default file is loaded first; the code's fallback applies only where that file has no value
  const dflt = record.default ?? record.codeDefault;
  return { value: dflt === undefined ? '(not set)' : displayMasked(dflt as ConfigValue, path), source: 'default', from: 'SDK default' };
}
