/** lintConf: every finding on one clearml.conf or vault text, each at the key or value at fault. */
import { ConfigParseError, parseHocon, parseVault, UNRESOLVED_SUBSTITUTION, type ConfigObject } from '../config';
import { parseRaw } from '../config/hocon-parser';
import { readDocument, type ConfDocument } from './document';
import { keyFindings } from './key-checks';
import { setupFindings, storageFindings } from './rule-findings';
import { holdsSecret, scrub, secretStrings } from './secrets';
import type { ConfDiagnostic, LintOptions } from './types';

/** `include` targets are not read while linting; an empty text keeps `include required(...)` from failing. */
const noIncludes = (): string => '';

function parseErrorFinding(doc: ConfDocument, e: ConfigParseError): ConfDiagnostic {
  const line = e.line - 1;
  const lineText = doc.text.split('\n', e.line)[line] ?? '';
  const character = Math.min(e.column - 1, lineText.length);
  const token = /^[^\s{}[\],:=]*/.exec(lineText.slice(character))![0];
  return {
    line, character, endLine: line, endCharacter: character + Math.max(1, token.length),
    severity: 'error', code: 'parse-error',
    message: `${e.reason} (line ${e.line}, column ${e.column}). The SDK refuses the whole ${doc.format === 'yaml' ? 'vault' : 'file'} and no setting in it applies.`,
  };
}

/**
 * Why the values cannot be resolved. A missing variable depends on where the SDK runs (this window's environment is
 * rarely the training job's), so it is information, not an error; a cycle or a self-reference pyhocon refuses fails
 * everywhere.
 */
function resolveFinding(doc: ConfDocument, e: ConfigParseError): ConfDiagnostic {
  const finding = parseErrorFinding(doc, e);
  if (!e.reason.startsWith(UNRESOLVED_SUBSTITUTION)) return finding;
  return {
    ...finding, severity: 'information', code: 'unset-variable',
    message: `${e.reason} (line ${e.line}, column ${e.column}), in this window's environment. Where the SDK runs it must be set, or the SDK refuses the whole ${doc.format === 'yaml' ? 'vault' : 'file'}; write \${?NAME} if it may be missing.`,
  };
}

/** The syntax check the SDK does: vault texts in HOCON and JSON are read by pyhocon, YAML by a YAML loader. */
function syntaxError(doc: ConfDocument): ConfigParseError | undefined {
  try {
    if (doc.format === 'yaml') parseVault(doc.text, 'yaml', { env: {} });
    else parseRaw(doc.text, { includeLoader: noIncludes });
    return undefined;
  } catch (e) {
    return e instanceof ConfigParseError ? e : undefined;
  }
}

/**
 * The file's values, substitutions resolved against this process's environment, or why the SDK cannot resolve them
 * (an unresolved `${X}`, a cycle, a self-reference pyhocon refuses), which the Setup Check reports the same way.
 */
function resolvedConfig(doc: ConfDocument): { config: ConfigObject } | { error?: ConfigParseError } {
  try {
    const config = doc.format === 'yaml' ? parseVault(doc.text, 'yaml', { env: process.env }) : parseHocon(doc.text, { env: process.env, includeLoader: noIncludes });
    let wrapped: ConfigObject = config;
    for (const s of [...doc.base].reverse()) wrapped = { [s]: wrapped };
    return { config: wrapped };
  } catch (e) {
    return { error: e instanceof ConfigParseError ? e : undefined };
  }
}

function sameRange(a: ConfDiagnostic, b: ConfDiagnostic): boolean {
  return a.line === b.line && a.character === b.character && a.endLine === b.endLine && a.endCharacter === b.endCharacter;
}

/**
 * One finding per fault: where a storage rule finds what the catalogue already found at the same range (an unknown
 * field, a quoted boolean, a map where a list belongs), the catalogue's finding with its fix stands; an Azure SAS
 * field keeps the storage rule's message, which says more.
 */
function withoutDuplicates(own: ConfDiagnostic[], rules: ConfDiagnostic[]): ConfDiagnostic[] {
  const kept = rules.filter((r) => r.code === 'azure-sas' || !own.some((o) => sameRange(o, r)));
  const sas = kept.filter((r) => r.code === 'azure-sas');
  return [...own.filter((o) => !(o.code === 'unknown-key' && sas.some((s) => sameRange(s, o)))), ...kept];
}

/**
 * No secret in any finding: the rules quote values (a URL with its password, a storage host, a quoted value), so
 * every secret the text holds (./secrets) is masked in messages, and a fix whose title or edit would write one is
 * dropped (the fixes of this area insert punctuation around values rather than rewrite them, so few are).
 */
function withoutSecrets(doc: ConfDocument, findings: ConfDiagnostic[]): ConfDiagnostic[] {
  const secrets = [...secretStrings(doc.root, doc.base, doc.text)].sort((a, b) => b.length - a.length);
  return findings.map((finding) => {
    const { fixes, ...rest } = finding;
    const kept = fixes?.filter((fix) => !holdsSecret(fix.title, secrets) && !fix.edits.some((e) => holdsSecret(e.newText, secrets)));
    return { ...rest, message: scrub(finding.message, secrets), ...(kept?.length ? { fixes: kept } : {}) };
  });
}

export function lint(text: string, options: LintOptions = {}): ConfDiagnostic[] {
  const doc = readDocument(text, options.format ?? 'hocon');
  const error = syntaxError(doc);
  const own = keyFindings(doc, { unknownKeys: !error });
  if (error) return withoutSecrets(doc, [parseErrorFinding(doc, error), ...own]);
  const resolved = resolvedConfig(doc);
  if (!('config' in resolved)) return withoutSecrets(doc, [...(resolved.error ? [resolveFinding(doc, resolved.error)] : []), ...own]);
  const { config } = resolved;
  const rules = [...storageFindings(doc, config, process.env), ...setupFindings(doc, config)];
  return withoutSecrets(doc, withoutDuplicates(own, rules).sort((a, b) => a.line - b.line || a.character - b.character));
}
