/**
 * The storage rules (core/storage/rules.ts) and the Setup Check's static address checks (core/setup-check/
 * url-checks.ts), placed at the line they are about. Those modules stay the one place each rule lives: this file
 * only feeds them the parsed file and maps what they find to ranges and edits.
 */
import type { ConfigObject, ConfigValue } from '../config';
import type { CheckContext, Field } from '../setup-check/context';
import { SETTING } from '../setup-check/context';
import type { Finding } from '../setup-check/types';
import { urlFinding } from '../setup-check/url-checks';
import { listPathOf, readStorage } from '../storage/model';
import { validateStorage, type StorageIssue } from '../storage/rules';
import { rangeOf, walkKeys, type ConfDocument } from './document';
import type { ScanEntry, ScanValue } from './scanner';
import type { ConfDiagnostic, ConfFix, ConfSeverity } from './types';

type Assignment = { value: ScanValue; keyStart: number; keyEnd: number };

const assignmentsOf = new WeakMap<ConfDocument, Map<string, Assignment>>();

/** The last assignment of each dotted path (list entries not included): later assignments win, as in the SDK. */
function lastAssignments(doc: ConfDocument): Map<string, Assignment> {
  let out = assignmentsOf.get(doc);
  if (out) return out;
  out = new Map<string, Assignment>();
  const found = out;
  walkKeys(doc, (k) => {
    if (k.segment.name === '[]' || k.path[k.path.length - 2] === '[]') return false;
    if (k.last) found.set(k.path.join('.'), { value: k.entry.value, keyStart: k.segment.start, keyEnd: k.segment.end });
    return true;
  });
  assignmentsOf.set(doc, out);
  return out;
}

function getPath(config: ConfigObject, path: string): ConfigValue | undefined {
  let cur: ConfigValue | undefined = config;
  for (const s of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = cur[s];
  }
  return cur;
}

const SEVERITY: Record<StorageIssue['severity'], ConfSeverity> = { error: 'error', warning: 'warning', info: 'information' };

/** The value as HOCON/JSON/YAML text (a JSON string literal is valid in all three). */
function literal(v: string | number | boolean): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

function entryField(item: ScanValue | undefined, field: string | undefined): ScanEntry | undefined {
  if (!item || item.kind !== 'object' || !field) return undefined;
  let found: ScanEntry | undefined;
  for (const e of item.entries) if (e.segments.length === 1 && e.segments[0].name === field) found = e;
  return found;
}

/** Whether a storage finding rests on a value written with a substitution (unknown until run time). */
function fromSubstitution(item: ScanValue | undefined, field: string | undefined): boolean {
  if (!item || item.kind !== 'object') return false;
  if (field) return entryField(item, field)?.value.hasSubst ?? false;
  return item.entries.some((e) => e.value.hasSubst);
}

export function storageFindings(doc: ConfDocument, config: ConfigObject, env: Record<string, string | undefined>): ConfDiagnostic[] {
  const assigned = lastAssignments(doc);
  const issues = validateStorage(readStorage(config), { env });
  const out: ConfDiagnostic[] = [];
  for (const issue of issues) {
    if (issue.rule === 'uri-entry') continue; // a URI that resolves to its entry: nothing to fix
    let start: number | undefined;
    let end: number | undefined;
    let key: string | undefined;
    if (issue.entry) {
      const listPath = listPathOf(issue.entry.provider);
      const list = assigned.get(listPath)?.value;
      const item = list?.kind === 'array' ? list.items[issue.entry.index] : undefined;
      if (fromSubstitution(item, issue.field) || (issue.rule.startsWith('s3-') && fromSubstitution(item, undefined))) continue;
      const field = entryField(item, issue.field);
      key = `${listPath}[]${issue.field ? `.${issue.field}` : ''}`;
      if (field && (issue.rule === 'unknown-key' || issue.rule === 'azure-sas')) { start = field.segments[0].start; end = field.segments[0].end; }
      else if (field) { start = field.value.start; end = field.value.end; }
      else if (item) { start = item.start; end = item.start + 1; }
    } else if (issue.setting) {
      const a = assigned.get(issue.setting);
      if (a) { start = a.value.start; end = a.value.end; key = issue.setting; }
    } else if (issue.field) {
      for (const section of ['sdk.aws.s3', 'sdk.google.storage', 'sdk.azure.storage']) {
        const a = assigned.get(`${section}.${issue.field}`);
        if (a && issue.message.startsWith(section)) {
          key = `${section}.${issue.field}`;
          if (a.value.hasSubst) break;
          [start, end] = issue.rule === 'global-unknown-key' ? [a.keyStart, a.keyEnd] : [a.value.start, a.value.end];
          break;
        }
      }
    } else if (issue.rule === 'list-malformed') {
      for (const p of ['sdk.aws.s3.credentials', 'sdk.google.storage.credentials', 'sdk.azure.storage.containers']) {
        const a = assigned.get(p);
        if (a && a.value.kind !== 'array' && issue.message.startsWith(p)) { start = a.value.start; end = a.value.end; key = p; }
      }
    }
    if (start === undefined || end === undefined) continue;
    const fixes = issue.rule === 'verify-word' ? verifyWordFix(doc, start, end) : undefined;
    out.push({ ...rangeOf(doc, start, end), severity: SEVERITY[issue.severity], code: issue.rule, key, message: issue.message, ...(fixes ? { fixes } : {}) });
  }
  return out;
}

/** `verify: "false"` (a path to boto3): the boolean the word means, as the storage rule's message proposes. */
function verifyWordFix(doc: ConfDocument, start: number, end: number): ConfFix[] {
  const word = doc.text.slice(start, end).replace(/^["']|["']$/g, '').trim();
  const meant = /^(false|no|off|0|n)$/i.test(word) ? 'false' : 'true';
  return [{ title: `Write ${meant} (a boolean)`, edits: [{ ...rangeOf(doc, start, end), newText: meant }] }];
}

const FIELDS: Field[] = ['apiServer', 'webServer', 'filesServer'];
/** Setup Check causes a file alone can show (the others need the network or the environment). */
const STATIC_CAUSES = new Set(['port-mixup', 'localhost-files', 'missing']);

export function setupFindings(doc: ConfDocument, config: ConfigObject): ConfDiagnostic[] {
  const assigned = lastAssignments(doc);
  const text = (p: string): string | undefined => {
    const v = getPath(config, p);
    return typeof v === 'string' && v.trim() ? v.trim() : undefined;
  };
  const setup = {
    apiServer: text('api.api_server') ?? text('api.host'),
    webServer: text('api.web_server'),
    filesServer: text('api.files_server'),
    sources: {},
  };
  // urlFinding reads ctx.setup (the three addresses and where they came from) and nothing else without a probe
  const ctx = { setup } as unknown as CheckContext;
  const out: ConfDiagnostic[] = [];
  for (const field of FIELDS) {
    if (!setup[field]) continue;
    let path = SETTING[field].path;
    if (field === 'apiServer' && !text('api.api_server')) path = 'api.host';
    const written = assigned.get(path);
    if (!written || written.value.hasSubst) continue;
    // A file cannot be probed: the Setup Check's own proposal is taken as it is (its message then says "Use ...")
    // and offered as an edit the user reviews; the fix's title claims nothing about the address answering.
    const finding: Finding = urlFinding(ctx, field, undefined, true);
    if ((finding.status !== 'error' && finding.status !== 'warning') || !finding.cause || !STATIC_CAUSES.has(finding.cause)) continue;
    const fixes: ConfFix[] = [];
    for (const fix of finding.fixes ?? []) {
      if (fix.kind !== 'set') continue;
      fixes.push({ title: `Use ${String(fix.value)}`, edits: [{ ...rangeOf(doc, written.value.start, written.value.end), newText: literal(fix.value) }] });
    }
    out.push({ ...rangeOf(doc, written.value.start, written.value.end), severity: finding.status, code: finding.cause, key: path, message: finding.message, ...(fixes.length ? { fixes } : {}) });
  }
  return out;
}
