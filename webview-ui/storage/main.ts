/**
 * ClearML: Storage Credentials webview. Lists the SDK's storage entries with their source and issues, edits one entry
 * at a time with instant validation (the extension validates again), runs access tests, and keeps the browser
 * cloud-access entries as their own scope. Talks only through src/core/protocol/storage.ts; never holds a stored secret.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-divider/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import * as v from 'valibot';
import { vscodeApi } from '../shared/vscode';
import { h } from '../preferences/dom';
import { css as baseCss } from '../preferences/styles';
import { ToStorageWebviewSchema, type AccessResult, type EntryView, type FromStorageWebview, type IssueView, type LayerView, type ToStorageWebview } from '../../src/core/protocol/storage';
import type { CloudEntryInput, CloudEntryView, FieldErrors } from '../../src/core/protocol/preferences';
import { checkDraft, FIELDS, PROVIDER_LABELS, type FieldSpec } from '../../src/core/storage/fields';
import { normaliseEndpoint, validateCloudEntry } from '../../src/core/preferences/cloudAccess';
import { pythonTruthy, type Provider } from '../../src/core/storage/model';

type State = Extract<ToStorageWebview, { type: 'state' }>;

interface Editor {
  provider: Provider;
  index?: number;
  layer: string;
  fields: Record<string, string | boolean>;
  secrets: Record<string, string>;
  secretsSet: string[];
  serverErrors: Record<string, string>;
  general: string[];
  /** Fields the user has left once; their problems show while typing, all of them after a save attempt. */
  touched: Set<string>;
  attempted: boolean;
}

const api = vscodeApi<{ uri?: string }>();
const ui = {
  state: undefined as State | undefined,
  editor: undefined as Editor | undefined,
  browserEditor: undefined as { input: CloudEntryInput; errors: FieldErrors } | undefined,
  result: undefined as AccessResult | undefined,
  busy: undefined as string | undefined,
  status: undefined as { kind: 'info' | 'error'; message: string } | undefined,
  uri: api.getState()?.uri ?? '',
};

function send(m: FromStorageWebview): void { api.postMessage(m); }
const icon = (name: string) => h('span', { class: `codicon codicon-${name}`, 'aria-hidden': 'true' });
function iconButton(name: string, label: string, onclick: () => void): HTMLElement {
  return h('button', { class: 'icon-button', title: label, 'aria-label': label, onclick }, icon(name));
}
const sevIcon = (s: IssueView['severity']) => (s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'pass');

function issueList(issues: IssueView[]): HTMLElement | false {
  if (!issues.length) return false;
  return h('ul', { class: 'issues' }, issues.map((i) => h('li', { class: `issue ${i.severity}` }, icon(sevIcon(i.severity)), ' ', i.message)));
}

function uriTester(): HTMLElement {
  const field = h('vscode-textfield', {
    id: 'test-uri', class: 'mono', value: ui.uri, placeholder: 's3://minio.local:9000/bucket/path, gs://bucket/path, azure://account.blob.core.windows.net/container',
    oninput: (e: Event) => { ui.uri = (e.target as HTMLInputElement).value; api.setState({ uri: ui.uri }); },
    onkeydown: (e: KeyboardEvent) => { if (e.key === 'Enter') testUri(); },
  });
  return h('section', { 'aria-labelledby': 'h-test' },
    h('h2', { id: 'h-test' }, 'Can I upload to…?'),
    h('div', { class: 'sub' }, 'Resolves the entry the SDK would use for the URI, then lists the bucket and writes and deletes a small object with the real protocol.'),
    h('div', { class: 'row-add wide' }, field, h('vscode-button', { icon: 'beaker', disabled: !!ui.busy, onclick: () => testUri() }, 'Test Access')),
    resultBox());
}

function testUri(): void {
  if (ui.uri.trim()) send({ type: 'testUri', uri: ui.uri.trim() });
}

function resultBox(): HTMLElement | false {
  const r = ui.result;
  if (!r) return false;
  const ok = r.outcome === 'ok';
  return h('div', { class: `banner ${ok ? '' : 'error'}`, role: 'status', id: 'test-result' },
    h('h3', {}, icon(ok ? 'pass' : 'error'), `${r.subject}: ${ok ? 'access works' : r.outcome.replace(/-/g, ' ')}`),
    r.resolved ? h('div', { class: 'muted' }, r.resolved) : false,
    h('div', {}, r.message),
    r.steps.length ? h('div', { class: 'muted mono' }, r.steps.map((s) => `${s.name} ${s.ok ? '✓' : '✗'} ${s.detail}`).join(' · ')) : false,
    h('div', { class: 'muted mono' }, r.target));
}

function secretCell(e: EntryView, spec: FieldSpec): HTMLElement {
  return h('td', {}, e.secretsSet.includes(spec.name) ? h('span', { class: 'masked', 'aria-label': `${spec.label} stored, hidden` }, '••••••••') : h('span', { class: 'muted' }, '—'));
}

/** A bool field as written and, when written as text, what the SDK makes of it (Python truthiness; verify: a CA bundle). */
function boolFlag(s: FieldSpec, v: string | boolean): string {
  if (typeof v === 'boolean') return `${s.name}: ${v}`;
  if (s.name === 'verify' && v !== '') return `verify: ${JSON.stringify(v)} (a CA bundle file to the SDK)`;
  return `${s.name}: ${JSON.stringify(v)} (the SDK reads ${pythonTruthy(v, !!s.dflt)})`;
}

function entryRow(e: EntryView): HTMLElement {
  const specs = FIELDS[e.provider];
  const shown = specs.filter((s) => s.kind !== 'bool').slice(0, 4);
  const errors = e.issues.filter((i) => i.severity === 'error').length;
  const warnings = e.issues.filter((i) => i.severity === 'warning').length;
  const badge = errors ? h('span', { class: 'chip error-chip' }, icon('error'), ` ${errors}`) : warnings ? h('span', { class: 'chip warn-chip' }, icon('warning'), ` ${warnings}`) : h('span', { class: 'chip ok-chip' }, icon('pass'), ' ok');
  const flags = specs.filter((s) => s.kind === 'bool' && e.fields[s.name] !== undefined).map((s) => boolFlag(s, e.fields[s.name])).join(', ');
  return h('tr', { 'data-entry': `${e.provider}-${e.index}` },
    h('td', {}, h('div', { class: 'mono' }, e.label), flags ? h('div', { class: 'muted mono' }, flags) : false, e.fate ? h('div', { class: 'muted' }, e.fate) : false),
    ...shown.map((s) => s.kind === 'secret' ? secretCell(e, s) : h('td', { class: 'mono' }, String(e.fields[s.name] ?? ''))),
    h('td', {}, h('button', { class: 'link-button', title: 'Open where it is written', onclick: () => send({ type: 'openSource', provider: e.provider, index: e.index }) }, e.source)),
    h('td', {}, badge),
    h('td', { class: 'actions' },
      e.provider !== 'gcs' ? iconButton('beaker', `Test access with ${e.label}`, () => send({ type: 'testEntry', provider: e.provider, index: e.index })) : false,
      iconButton('edit', `Edit ${e.label}`, () => openEditor(e.provider, e)),
      iconButton('trash', `Delete ${e.label}`, () => send({ type: 'deleteEntry', provider: e.provider, index: e.index }))));
}

/** Entries of lists a later layer replaces on merge: listed with their fate, no actions (the SDK never uses them). */
function replacedList(p: Provider, state: State): HTMLElement | false {
  const replaced = (state.replaced ?? []).filter((r) => r.provider === p);
  if (!replaced.length) return false;
  return h('div', { class: 'replaced', 'data-replaced': p },
    h('h3', {}, icon('circle-slash'), ` Not used: replaced on merge (${replaced.length})`),
    h('ul', { class: 'issues' }, replaced.map((r) => h('li', { class: 'issue warning' },
      h('span', { class: 'mono' }, r.label), ` (${r.source}): ${r.fate}.`))));
}

function providerSection(p: Provider, state: State): HTMLElement {
  const entries = state.entries.filter((e) => e.provider === p);
  const shown = FIELDS[p].filter((s) => s.kind !== 'bool').slice(0, 4);
  const issues = entries.flatMap((e) => e.issues.map((i) => ({ ...i, message: i.message })));
  return h('section', { 'aria-labelledby': `h-${p}` },
    h('h2', { id: `h-${p}` }, PROVIDER_LABELS[p], h('span', { class: 'chip' }, String(entries.length))),
    p === 'gcs' ? h('div', { class: 'sub' }, 'Validated; the access test is not offered for Google Cloud Storage yet.') : false,
    entries.length
      ? h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, 'Entry'), ...shown.map((s) => h('th', {}, s.label)), h('th', {}, 'Written in'), h('th', {}, 'Check'), h('th', {}, h('span', { class: 'sr-only' }, 'Actions')))),
        h('tbody', {}, entries.map(entryRow)))
      : h('div', { class: 'muted' }, 'No entries.'),
    replacedList(p, state),
    issueList(issues),
    ui.editor?.provider === p ? entryEditor(ui.editor, state.layers) : h('div', { class: 'toolbar' }, h('vscode-button', { secondary: true, icon: 'add', onclick: () => openEditor(p) }, `Add ${PROVIDER_LABELS[p]} Entry`)));
}

function openEditor(provider: Provider, e?: EntryView): void {
  ui.editor = {
    // a new entry goes by default to the layer whose list the SDK uses, so it counts
    provider, index: e?.index, layer: e?.layer ?? ui.state?.targets?.[provider] ?? 'conf', fields: { ...(e?.fields ?? {}) }, secrets: {}, secretsSet: e?.secretsSet ?? [], serverErrors: {}, general: [], touched: new Set(), attempted: false,
  };
  render();
  document.getElementById(`f-${FIELDS[provider][0].name}`)?.focus();
}

function draftFields(ed: Editor): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = { ...ed.fields };
  for (const s of ed.secretsSet) out[s] = '(stored)';
  for (const [k, val] of Object.entries(ed.secrets)) if (val) out[k] = val;
  return out;
}

/**
 * A field's hint, warning and error share one grid cell, all rendered and only one visible: the cell is as tall as the
 * longest of them from the start, so a message that appears on blur does not push the fields below (a click aimed
 * at the next field used to land on the moved layout).
 */
function messageSlot(hint: string, warning: string | undefined, error: string | undefined, show: 'hint' | 'warn' | 'err'): HTMLElement {
  return h('div', { class: 'msg-slot' },
    h('div', { class: `hint${show === 'hint' ? '' : ' inactive'}` }, hint),
    warning ? h('div', { class: `warn${show === 'warn' ? '' : ' inactive'}` }, warning) : false,
    error ? h('div', { class: `err${show === 'err' ? '' : ' inactive'}`, role: show === 'err' ? 'alert' : undefined }, error) : false);
}

function entryEditor(ed: Editor, layers: LayerView[]): HTMLElement {
  const check = checkDraft(ed.provider, draftFields(ed));
  const fields = FIELDS[ed.provider].map((s) => {
    const id = `f-${s.name}`;
    const shown = ed.attempted || ed.touched.has(s.name);
    const serverErr = ed.serverErrors[s.name];
    // Computed whether shown or not, so their space is reserved before the field is left.
    const possibleErr = serverErr ?? check.errors[s.name];
    const possibleWarn = check.warnings[s.name];
    const show = serverErr || (shown && possibleErr) ? 'err' : shown && possibleWarn ? 'warn' : 'hint';
    if (s.kind === 'bool') {
      const val = ed.fields[s.name];
      // Not set: the box is indeterminate (neither ticked nor clear), and the hint says what the SDK then uses.
      const unset = val === undefined || val === '';
      return h('div', { class: 'field' },
        h('vscode-checkbox', { id, checked: unset ? false : pythonTruthy(val, !!s.dflt), indeterminate: unset, label: unset ? `${s.label} (not set)` : s.label,
          onchange: (ev: Event) => { ed.fields[s.name] = (ev.target as HTMLInputElement).checked; ed.touched.add(s.name); render(); } }),
        messageSlot(`${s.hint}${unset ? ` Not set: the SDK uses its default (${s.dflt ? 'on' : 'off'}).` : ''}`, possibleWarn, possibleErr, show));
    }
    const stored = s.kind === 'secret' && ed.secretsSet.includes(s.name);
    return h('div', { class: 'field' },
      h('label', { for: id }, s.label),
      h('vscode-textfield', {
        id, class: 'mono', type: s.kind === 'secret' ? 'password' : 'text', invalid: show === 'err',
        value: s.kind === 'secret' ? ed.secrets[s.name] ?? '' : String(ed.fields[s.name] ?? ''),
        placeholder: stored ? '•••••••• stored: type to replace, leave empty to keep' : '',
        onchange: () => { ed.touched.add(s.name); render(); },
        oninput: (ev: Event) => {
          const val = (ev.target as HTMLInputElement).value;
          if (s.kind === 'secret') ed.secrets[s.name] = val; else ed.fields[s.name] = val;
          delete ed.serverErrors[s.name];
        },
      }),
      messageSlot(s.hint, possibleWarn, possibleErr, show));
  });
  const adding = ed.index === undefined;
  const writable = layers.filter((l) => l.writable);
  return h('div', { class: 'editor', role: 'group', 'aria-label': adding ? `New ${PROVIDER_LABELS[ed.provider]} entry` : 'Edit entry',
    onkeydown: (e: KeyboardEvent) => { if (e.key === 'Escape') { ui.editor = undefined; render(); } } },
  h('h3', {}, adding ? `New ${PROVIDER_LABELS[ed.provider]} entry` : `Edit ${PROVIDER_LABELS[ed.provider]} entry ${ed.index! + 1}`),
  adding && writable.length > 1
    ? h('div', { class: 'field target' }, h('label', { for: 'f-layer' }, 'Save to'),
      h('select', { id: 'f-layer', onchange: (e: Event) => { ed.layer = (e.target as HTMLSelectElement).value; } },
        writable.map((l) => h('option', { value: l.id, selected: l.id === ed.layer }, l.label))))
    : false,
  h('div', { class: 'grid' }, fields),
  [...ed.general, ...(ed.attempted ? check.general : [])].length ? issueList([...ed.general, ...(ed.attempted ? check.general : [])].map((m) => ({ severity: 'error' as const, message: m, rule: 'draft' }))) : false,
  h('div', { class: 'toolbar' },
    h('vscode-button', { icon: 'check', disabled: !!ui.busy, onclick: () => submit(ed) }, adding ? 'Add Entry…' : 'Save Entry…'),
    h('vscode-button', { secondary: true, onclick: () => { ui.editor = undefined; render(); } }, 'Cancel'),
    h('span', { class: 'muted' }, 'Shows the change as a diff and asks before writing.')));
}

function submit(ed: Editor): void {
  ed.attempted = true;
  const check = checkDraft(ed.provider, draftFields(ed));
  if (Object.keys(check.errors).length) { render(); return; }
  const fields: Record<string, string | boolean> = {};
  for (const s of FIELDS[ed.provider]) if (s.kind !== 'secret' && ed.fields[s.name] !== undefined) fields[s.name] = ed.fields[s.name];
  send({ type: 'saveEntry', provider: ed.provider, index: ed.index, layer: ed.layer, fields, secrets: Object.fromEntries(Object.entries(ed.secrets).filter(([, x]) => x)) });
}

const BROWSER_FIELDS: { name: keyof Omit<CloudEntryInput, 'id'>; label: string; secret?: boolean }[] = [
  { name: 'Bucket', label: 'Bucket' }, { name: 'Key', label: 'Key' }, { name: 'Secret', label: 'Secret / SAS', secret: true },
  { name: 'Token', label: 'Token', secret: true }, { name: 'Region', label: 'AWS Region' }, { name: 'Endpoint', label: 'Host (Endpoint)' },
];

function browserSection(entries: CloudEntryView[] | undefined): HTMLElement {
  const be = ui.browserEditor;
  return h('section', { 'aria-labelledby': 'h-browser' },
    h('h2', { id: 'h-browser' }, 'Web UI cloud access (browser)', h('span', { class: 'chip' }, String(entries?.length ?? 0))),
    h('div', { class: 'sub' }, 'The web UI keeps these in each browser only. This is the extension\'s own copy (secrets in VS Code\'s secret storage); export it for the SDK.'),
    entries === undefined ? h('div', { class: 'muted' }, 'Sign in to see the entries of your profile.')
      : h('div', {},
        entries.length ? h('table', {}, h('thead', {}, h('tr', {}, ...['Bucket', 'Key', 'Secret', 'Region', 'Host'].map((x) => h('th', {}, x)), h('th', {}, h('span', { class: 'sr-only' }, 'Actions')))),
          h('tbody', {}, entries.map((e) => h('tr', {},
            h('td', { class: 'mono' }, e.Bucket), h('td', { class: 'mono' }, e.Key), h('td', {}, e.hasSecret ? h('span', { class: 'masked' }, '••••••••') : '—'),
            h('td', { class: 'mono' }, e.Region), h('td', { class: 'mono' }, e.Endpoint || 'AWS S3'),
            h('td', { class: 'actions' }, iconButton('trash', `Remove ${e.Bucket}`, () => send({ type: 'browserRemove', id: e.id }))))))) : h('div', { class: 'muted' }, 'No entries.'),
        be ? h('div', { class: 'editor' }, h('h3', {}, 'New browser access entry'),
          h('div', { class: 'grid' }, BROWSER_FIELDS.map((f) => h('div', { class: 'field' },
            h('label', { for: `b-${f.name}` }, f.label),
            h('vscode-textfield', { id: `b-${f.name}`, class: 'mono', type: f.secret ? 'password' : 'text', value: be.input[f.name] ?? '', invalid: !!be.errors[f.name],
              oninput: (ev: Event) => { be.input = { ...be.input, [f.name]: (ev.target as HTMLInputElement).value }; } }),
            be.errors[f.name] ? h('div', { class: 'err', role: 'alert' }, be.errors[f.name]) : false))),
          h('div', { class: 'toolbar' },
            h('vscode-button', { icon: 'check', onclick: () => submitBrowser() }, 'Save Entry'),
            h('vscode-button', { secondary: true, onclick: () => { ui.browserEditor = undefined; render(); } }, 'Cancel')))
          : h('div', { class: 'toolbar' },
            h('vscode-button', { secondary: true, icon: 'add', onclick: () => { ui.browserEditor = { input: { Bucket: '', Key: '', Secret: '', Token: '', Region: '', Endpoint: '' }, errors: {} }; render(); } }, 'Add Browser Entry'),
            h('vscode-button', { secondary: true, icon: 'file-code', disabled: !entries.length, onclick: () => send({ type: 'browserExport', target: 'clearml.conf' }) }, 'Export to clearml.conf…'),
            h('vscode-button', { secondary: true, icon: 'lock', disabled: !entries.length, onclick: () => send({ type: 'browserExport', target: 'vault' }) }, 'Export to Vault…'))));
}

function submitBrowser(): void {
  const be = ui.browserEditor;
  if (!be) return;
  const others = (ui.state?.browser ?? []).map((e) => ({ ...e, Secret: e.hasSecret ? '*' : '', Token: '' }));
  be.errors = validateCloudEntry({ ...be.input, Secret: be.input.Secret ?? '', Token: be.input.Token ?? '' }, others);
  if (Object.keys(be.errors).length) { render(); return; }
  send({ type: 'browserSave', entry: { ...be.input, Endpoint: normaliseEndpoint(be.input.Endpoint) } });
}

const css = `${baseCss}
.row-add.wide { max-width: 900px; }
ul.issues { list-style: none; padding: 0; margin: 8px 0; }
li.issue { margin: 3px 0; }
li.issue.error .codicon { color: var(--vscode-editorError-foreground); }
li.issue.warning .codicon { color: var(--vscode-editorWarning-foreground); }
li.issue.info .codicon { color: var(--vscode-testing-iconPassed, var(--vscode-charts-green)); }
.chip.error-chip { background: var(--vscode-inputValidation-errorBackground, var(--vscode-editorError-foreground)); color: var(--vscode-foreground); }
.chip.warn-chip { background: var(--vscode-inputValidation-warningBackground, var(--vscode-editorWarning-foreground)); color: var(--vscode-foreground); }
.field .warn { color: var(--vscode-editorWarning-foreground); font-size: 0.9em; }
.msg-slot { display: grid; }
.msg-slot > * { grid-area: 1 / 1; }
.msg-slot > .inactive { visibility: hidden; }
.field.target { margin-bottom: 10px; max-width: 560px; }
select { background: var(--vscode-dropdown-background); color: var(--vscode-dropdown-foreground); border: 1px solid var(--vscode-dropdown-border, transparent); padding: 3px 4px; font: inherit; }
`;

function render(): void {
  const active = document.activeElement?.id;
  const s = ui.state;
  const root = h('main', {},
    h('header', { class: 'top' },
      h('h1', {}, 'Storage Credentials'),
      h('div', { class: 'sub' }, s ? `What the ClearML SDK reads from ${s.confFile} and your enabled configuration vaults (sdk.aws.s3, sdk.google.storage, sdk.azure.storage).` : 'Loading…'),
      h('div', { class: 'toolbar' }, h('vscode-button', { secondary: true, icon: 'refresh', onclick: () => send({ type: 'refresh' }) }, 'Refresh'),
        ui.busy ? h('span', {}, h('vscode-progress-ring', { 'aria-label': ui.busy }), ' ', ui.busy) : false),
      ui.status ? h('div', { class: `status ${ui.status.kind}`, role: ui.status.kind === 'error' ? 'alert' : 'status' }, ui.status.message) : false),
    s ? [
      ...s.notes.map((n) => h('div', { class: 'banner' }, icon('info'), n)),
      s.general.length ? h('section', { 'aria-labelledby': 'h-general' }, h('h2', { id: 'h-general' }, 'Upload URIs and global settings'), issueList(s.general)) : false,
      uriTester(),
      h('vscode-divider', { role: 'separator' }),
      ...(['s3', 'gcs', 'azure'] as Provider[]).map((p) => providerSection(p, s)),
      h('vscode-divider', { role: 'separator' }),
      browserSection(s.browser),
    ] : h('div', { class: 'banner' }, h('vscode-progress-ring', { 'aria-label': 'Loading' }), ' Loading storage settings…'));
  document.getElementById('app')!.replaceChildren(root);
  if (active) document.getElementById(active)?.focus();
}

window.addEventListener('message', (event: MessageEvent) => {
  const parsed = v.safeParse(ToStorageWebviewSchema, event.data);
  if (!parsed.success) return;
  const m = parsed.output;
  switch (m.type) {
    case 'state':
      ui.state = m;
      if (ui.editor?.index !== undefined && !m.entries.some((e) => e.provider === ui.editor!.provider && e.index === ui.editor!.index)) ui.editor = undefined;
      break;
    case 'busy': ui.busy = m.busy ? m.message ?? 'Working…' : undefined; break;
    case 'error': ui.status = { kind: 'error', message: m.message }; break;
    case 'notice': ui.status = { kind: 'info', message: m.message }; break;
    case 'saveResult':
      if (m.ok) ui.editor = undefined;
      else if (ui.editor) { ui.editor.serverErrors = m.errors; ui.editor.general = m.general; }
      break;
    case 'browserSaved':
      if (m.ok) ui.browserEditor = undefined; else if (ui.browserEditor) ui.browserEditor.errors = m.errors;
      break;
    case 'testResult': ui.result = m.result; break;
  }
  render();
});

document.head.append(h('style', {}, css));
render();
send({ type: 'ready' });
