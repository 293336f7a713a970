/** hoverConf: what the key under the cursor does, and the value the SDK will use for it, from where. */
import type { ConfigObject } from '../config';
import { parseHocon, parseVault } from '../config';
import { dottedPath, type CatalogueRecord, type SchemaNode } from './catalogue';
import { offsetAt, readDocument, walkKeys, type KeyVisit } from './document';
import { agentEnvName, displayMasked, effectiveValue, layersFor, valueAt, wrapIn } from './effective';
import type { ConfHover, ConfPosition, HoverOptions } from './types';

/**
 * Line breaks of every kind CommonMark knows (a lone \r too) and other control characters: two of them in a row end
 * the paragraph, and with it a code span, so the rest of a value would render as Markdown.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const BREAKS = /[\u0000-\u001f\u007f\u0085\u2028\u2029]/g;

/** A code span that holds any text: one line, a fence longer than the longest run of backticks inside. */
function code(raw: string): string {
  const text = raw.replace(BREAKS, ' ');
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** Every ASCII punctuation character CommonMark gives a meaning to, backslash-escaped: the text renders as itself. */
function plain(raw: string): string {
  return raw.replace(BREAKS, ' ').replace(/[\\`*_{}[\]()#+\-.!|<>~$&:@"'=]/g, (c) => `\\${c}`);
}

const READERS: Record<string, string> = { sdk: 'the SDK', agent: 'clearml-agent', both: 'the SDK and clearml-agent', none: 'no program' };

const PRECEDENCE: Record<string, string> = {
  env_overrides_conf: 'override this file when set',
  env_used_only_if_conf_empty: 'are used only when the files leave the key empty',
  sdk_fallback_agent_overrides: 'the SDK uses only when the files leave the key empty; clearml-agent lets them override the file',
  either_enables: 'turn it on when set, whatever the file says',
  env_adds_entry: 'add one more container entry (account + key) to the list',
  env_forces_value: 'force the value (poetry or uv) when set',
  env_controls_container_forcing: 'decide whether the setting is forced inside containers',
  env_implies_true: 'make it true when set',
  mapped_but_inert: 'are mapped to the key but change nothing in clearml-agent 1.9',
};

const STATUS: Record<string, string> = {
  legacy: 'Legacy key: kept from older versions.',
  unused: 'Read by no program: it has no effect.',
  enterprise: 'Read only by ClearML Enterprise.',
  internal: 'Internal setting.',
  'code-typo': 'The spelling the SDK really reads (the default file writes another).',
};

function show(v: unknown): string {
  return typeof v === 'string' && v !== '' ? v : JSON.stringify(v) ?? 'null';
}

function markdown(path: readonly string[], node: SchemaNode, record: CatalogueRecord | undefined, effective: ConfHover['effective']): string {
  const key = dottedPath(path);
  const lines: string[] = [];
  const type = node.types.join(' | ');
  // a key holds member names from the file (environment, files, logging.loggers): text, never Markdown
  lines.push(`**${plain(key)}** · ${type}${record ? ` · read by ${READERS[record.readBy]}` : ''}`, '');
  lines.push(record?.description ?? 'A member of a free-form map: any name is valid here.', '');
  if (record) {
    const facts: string[] = [];
    const fileDefault = record.default;
    const codeDefault = record.codeDefault;
    if (fileDefault !== undefined && codeDefault !== undefined) facts.push(`Default: ${code(show(fileDefault))} in the default file, ${code(show(codeDefault))} in the code`);
    else if (fileDefault !== undefined) facts.push(`Default: ${code(show(fileDefault))}`);
    else if (codeDefault !== undefined) facts.push(`Default (in the code): ${code(show(codeDefault))}`);
    if (record.values?.length) facts.push(`Allowed values: ${record.values.map(code).join(', ')}`);
    if (record.env?.length) facts.push(`Environment: ${record.env.map(code).join(', ')} ${PRECEDENCE[record.envPrecedence ?? 'env_overrides_conf'] ?? ''}`.trim());
    const agentVariable = record.readBy === 'agent' || record.readBy === 'both' ? agentEnvName(path) : undefined;
    if (agentVariable) facts.push(`clearml-agent also reads ${code(agentVariable)} (HOCON text), over every file${record.readBy === 'both' ? '; the SDK does not' : ''}`);
    if (record.secret) facts.push('Holds a secret: its value is never shown here.');
    if (STATUS[record.status]) facts.push(STATUS[record.status]);
    for (const f of facts) lines.push(`- ${f}`);
  }
  if (effective) {
    const where = effective.source === 'env' ? `environment variable ${code(effective.from)}`
      : effective.source === 'vault' ? `vault ${code(effective.from)}`
        : effective.source === 'file' ? code(effective.from) : 'the SDK default';
    lines.push('', `**Effective value:** ${code(effective.value)} from ${where}`);
  }
  return lines.join('\n');
}

function ownConfig(text: string, format: HoverOptions['format'], role: HoverOptions['role'], env: Record<string, string | undefined>): ConfigObject | undefined {
  try {
    // a vault is read as HOCON whatever its format (the SDK's _read_vaults); clearml.conf in its own format
    if (format === 'yaml' && role !== 'vault') return parseVault(text, 'yaml', { env });
    return parseHocon(text, { env, includeLoader: () => '' });
  } catch {
    return undefined;
  }
}

export function hover(text: string, position: ConfPosition, options: HoverOptions = {}): ConfHover | undefined {
  const doc = readDocument(text, options.format ?? 'hocon');
  const offset = offsetAt(doc, position);
  let hit: KeyVisit | undefined;
  walkKeys(doc, (k) => {
    if (k.segment.start <= offset && offset <= k.segment.end) hit = k;
    else if (k.last && k.entry.value.kind === 'scalar' && k.entry.value.start <= offset && offset <= k.entry.value.end && k.entry.value.end > k.entry.value.start) hit = k;
    return true;
  });
  if (!hit?.node) return undefined;
  const env = options.env ?? {};
  const key = dottedPath(hit.path);
  const record = hit.node.record;
  const listAt = hit.path.indexOf('[]');
  const thisConfig = ownConfig(text, options.format, options.role, env);
  const layers = layersFor(thisConfig, doc.base, options, env);
  let effective: ConfHover['effective'];
  if (listAt < 0) effective = effectiveValue(hit.path, record, layers, env);
  else {
    // an entry of a list: the list is replaced as a whole by a higher layer, never merged
    const list = effectiveValue(hit.path.slice(0, listAt), undefined, layers, env);
    const own = options.role === 'vault' ? 'vault' : 'file';
    if (list && list.source !== own) effective = { value: `(not used: ${dottedPath(hit.path.slice(0, listAt))} is replaced as a whole)`, source: list.source, from: list.from };
    else if (list && hit.last && hit.entry.value.kind === 'scalar') effective = { value: displayMasked(hit.entry.value.value, hit.path), source: own, from: list.from };
  }
  let md = markdown(hit.path, hit.node, record, effective);
  if (!thisConfig) {
    md += options.role === 'vault'
      ? '\n\n_This vault does not parse as HOCON, so the SDK skips it (vault texts are read as HOCON whatever their format)._'
      : '\n\n_This file does not parse, so the SDK applies none of it._';
  } else if (options.role === 'vault' && options.format === 'yaml' && listAt < 0 && valueAt(wrapIn(thisConfig, doc.base), hit.path) === undefined) {
    md += '\n\n_Read as HOCON, as the SDK reads every vault, this YAML does not set this key._';
  }
  return { key, markdown: md, ...(effective ? { effective } : {}) };
}
