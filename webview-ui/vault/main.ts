/**
 * Configuration-vault editor webview: the merged-configuration preview plus controls. The TextDocument in the
 * extension is the only model; this page renders `render` messages and sends edits/commands back.
 */
import * as v from 'valibot';
import { vscodeApi } from '../shared/vscode';
import {
  HostMessageSchema, VAULT_MESSAGE_MARK, type Layer, type PreviewRow, type PreviewWarning, type RenderMessage, type RowSplice, type VaultFormatName, type WebviewMessage,
} from '../../src/core/protocol/vault';
import { applyRenderUpdate, RenderUpdateMismatch, type HeldRender } from '../../src/core/protocol/vaultUpdate';
import { STYLE } from './style';

interface UiState { filter: 'vault' | 'all'; query: string; sourceOpen: boolean }

const vscode = vscodeApi<UiState>();
const ui: UiState = { filter: 'vault', query: '', sourceOpen: false, ...vscode.getState() };

const send = (m: WebviewMessage) => vscode.postMessage(m);

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string | undefined)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, val] of Object.entries(attrs)) {
    if (k === 'class') e.className = val;
    else e.setAttribute(k, val);
  }
  for (const c of children) if (c !== undefined) e.append(c);
  return e;
}
const icon = (name: string, title?: string) => el('span', { class: `codicon codicon-${name}`, 'aria-hidden': title ? 'false' : 'true', ...(title ? { title } : {}) });

const style = document.createElement('style');
style.textContent = STYLE;
document.head.append(style);

const app = document.getElementById('app')!;
const toolbar = el('header', { class: 'toolbar' });
const banners = el('section', { class: 'banners', 'aria-live': 'polite' });
const problemsBox = el('section', { class: 'problems' });
const layersBox = el('nav', { class: 'layers', 'aria-label': 'Merge order' });
const summary = el('div', { class: 'summary' });
const controls = el('div', { class: 'controls' });
const tableBox = el('div', { class: 'table-box' });
const sourceBox = el('details', { class: 'source' });
app.append(toolbar, banners, problemsBox, layersBox, summary, controls, tableBox, sourceBox);

// ------------------------------------------------------------------ toolbar
const titleEl = el('h1', { class: 'title' });
const formatSelect = el('select', { id: 'format', title: 'Vault format: choosing another one converts the text' });
for (const [value, label] of [['hocon', 'HOCON'], ['json', 'JSON'], ['yaml', 'YAML']]) formatSelect.append(el('option', { value }, label));
const enabledLabel = el('label', { class: 'toggle', title: 'The SDK loads only enabled vaults' });
const enabledBox = el('input', { type: 'checkbox', id: 'enabled' });
enabledLabel.append(enabledBox, el('span', {}, 'Enabled'));
const button = (id: string, iconName: string, text: string, title: string, onClick: () => void) => {
  const b = el('button', { id, title, type: 'button' }, icon(iconName), el('span', {}, text));
  b.addEventListener('click', onClick);
  return b;
};
toolbar.append(
  titleEl,
  el('span', { class: 'spacer' }),
  el('label', { class: 'format-label', for: 'format' }, 'Format'),
  formatSelect,
  enabledLabel,
  button('diff', 'diff', 'Diff', 'Effective configuration before and after this vault', () => send({ type: 'command', command: 'showDiff' })),
  button('source-beside', 'split-horizontal', 'Text', 'Open the text editor to the side', () => send({ type: 'command', command: 'openTextBeside' })),
  button('reopen-text', 'file-code', 'Reopen as Text', 'Replace this editor with the text editor', () => send({ type: 'command', command: 'reopenAsText' })),
  button('refresh', 'refresh', '', 'Reload clearml.conf and the server\'s vaults', () => send({ type: 'command', command: 'refresh' })),
);
let currentFormat: VaultFormatName = 'hocon';
formatSelect.addEventListener('change', () => {
  const to = formatSelect.value as VaultFormatName;
  formatSelect.value = currentFormat; // the next render shows the converted document's format
  if (to !== currentFormat) send({ type: 'convert', to });
});
enabledBox.addEventListener('click', (e) => {
  e.preventDefault(); // the server decides; the next render shows the new state
  send({ type: 'command', command: 'toggleEnabled' });
});

// ------------------------------------------------------------------ filter controls
const filterSelect = el('select', { id: 'filter', 'aria-label': 'Which keys to show' },
  el('option', { value: 'vault' }, 'Keys this vault sets'),
  el('option', { value: 'all' }, 'All keys of the effective configuration'));
filterSelect.value = ui.filter;
const search = el('input', { type: 'search', id: 'search', placeholder: 'Filter keys', 'aria-label': 'Filter keys', value: ui.query });
controls.append(filterSelect, search);
filterSelect.addEventListener('change', () => {
  ui.filter = filterSelect.value as UiState['filter'];
  saveUi();
  send({ type: 'view', view: ui.filter });
});
search.addEventListener('input', () => { ui.query = search.value; saveUi(); renderTable(); });
function saveUi() { vscode.setState(ui); }

// ------------------------------------------------------------------ source area (edits the TextDocument through the host)
const sourceSummary = el('summary', {}, 'Source text');
const textarea = el('textarea', { id: 'source-text', spellcheck: 'false', 'aria-label': 'Vault text' });
sourceBox.append(sourceSummary, textarea);
sourceBox.open = ui.sourceOpen;
sourceBox.addEventListener('toggle', () => { ui.sourceOpen = sourceBox.open; saveUi(); syncSourceArea(); });
let editTimer: ReturnType<typeof setTimeout> | undefined;
/** Text sent to the extension and not yet seen back in a render. */
let sentText: string | undefined;
/**
 * The text the area holds as far as this page last set or sent it. Reading the area's value copies the whole
 * document out of the DOM and setting it lays the text out again, so a render compares against this instead, and a
 * closed area is filled only when it opens (a key typed in the text editor beside then costs the page no text work).
 */
let areaText: string | undefined;
let lastEditSent = 0;
function sendEdit() {
  editTimer = undefined;
  lastEditSent = performance.now();
  sentText = areaText = textarea.value;
  send({ type: 'edit', version: held?.message.version ?? 0, text: sentText });
}
/** Shows the document's text in the open area, unless an edit typed there is pending or in flight (it would be lost). */
function syncSourceArea() {
  const text = held?.message.text;
  if (text === undefined || !sourceBox.open || editTimer !== undefined || sentText !== undefined || areaText === text) return;
  textarea.value = areaText = text;
}
// The first keystroke goes out at once; during a burst at most one edit per 50 ms, the last one always sent.
textarea.addEventListener('input', () => {
  if (editTimer) return;
  const wait = lastEditSent + 50 - performance.now();
  if (wait <= 0) sendEdit();
  else editTimer = setTimeout(sendEdit, wait);
});

// ------------------------------------------------------------------ rendering
/** The render shown (the host's next update names its seq as its base). */
let held: HeldRender | undefined;
/** A resync was asked for and no complete render has come since. */
let resyncing = false;
window.addEventListener('message', (event: MessageEvent) => {
  performance.clearMarks(VAULT_MESSAGE_MARK);
  performance.mark(VAULT_MESSAGE_MARK);
  const parsed = v.safeParse(HostMessageSchema, event.data);
  if (!parsed.success) {
    console.warn('vault preview: ignored an invalid message from the extension');
    return;
  }
  const msg = parsed.output;
  if (msg.type === 'notice') { sentText = undefined; showNotice(msg.level, msg.message); return; }
  let next: RenderMessage;
  try {
    next = applyRenderUpdate(held, msg);
  } catch (e) {
    if (!(e instanceof RenderUpdateMismatch)) throw e;
    // Not against what this page holds (it reloaded, or a message was lost): ask for a complete render once.
    if (!resyncing) { resyncing = true; send({ type: 'resync' }); }
    return;
  }
  if (msg.base === null) resyncing = false;
  const previous = held?.message;
  held = { seq: msg.seq, message: next };
  // A complete render's rows are against no rows, not against the table shown: that one is redrawn whole.
  render(next, previous, msg.base === null ? undefined : msg.preview?.rows);
  send({ type: 'rendered', version: next.version });
});

function showNotice(level: 'error' | 'warning' | 'info', message: string) {
  const n = banner(level, message, 'notice');
  n.classList.add('transient');
  banners.prepend(n);
  setTimeout(() => n.remove(), 8000);
}

function banner(level: 'error' | 'warning' | 'info', message: string, code: string, line?: number): HTMLElement {
  const iconName = level === 'error' ? 'error' : level === 'warning' ? 'warning' : 'info';
  const b = el('div', { class: `banner ${level}`, 'data-code': code, role: level === 'error' ? 'alert' : 'status' }, icon(iconName), el('span', { class: 'msg' }, message));
  if (line) {
    const go = el('button', { class: 'link', type: 'button', title: `Go to line ${line}` }, `line ${line}`);
    go.addEventListener('click', () => send({ type: 'reveal', line }));
    b.append(go);
  }
  return b;
}

/** Automatic saves keep server vaults as drafts: only an explicit save publishes them. */
function draftBanner(): HTMLElement {
  const b = banner('warning', 'Draft: your changes are kept in VS Code but not published. SDKs and agents still load the server\'s version until you save (Ctrl+S) or publish.', 'draft');
  b.append(
    button('publish-draft', 'cloud-upload', 'Publish', 'Send this text to the server vault', () => send({ type: 'command', command: 'save' })),
    button('discard-draft', 'discard', 'Discard Draft', 'Drop the draft and show the server\'s text again', () => send({ type: 'command', command: 'discardDraft' })),
  );
  return b;
}

/** Each part of the page is redrawn only when what it shows changed (a key typed changes the table and little else). */
const drawn = { title: '', banners: '', problems: '', layers: '', summary: '' };
function changed(part: keyof typeof drawn, state: unknown): boolean {
  const key = JSON.stringify(state);
  if (drawn[part] === key) return false;
  drawn[part] = key;
  return true;
}

/**
 * Shows `msg`. `rows`, when given, is how its rows differ from `previous`'s: then only those rows of the table are
 * replaced.
 */
function render(msg: RenderMessage, previous?: RenderMessage, rows?: RowSplice) {
  const d = msg.document;
  if (document.body.dataset.status !== msg.status) document.body.dataset.status = msg.status;
  document.body.classList.toggle('stale', msg.stale);
  if (changed('title', [d.kind, d.title, d.dirty, d.draft])) {
    titleEl.replaceChildren(icon(d.kind === 'server' ? 'cloud' : 'file'), el('span', {}, d.title), d.dirty ? el('span', { class: 'dirty', title: 'Unsaved changes' }, '●') : '',
      d.draft ? el('span', { class: 'draft-tag', title: 'Kept in VS Code by an automatic save; the server still has its previous text' }, 'Draft, not published') : '');
  }
  currentFormat = d.format;
  formatSelect.value = d.format;
  formatSelect.disabled = d.restricted || !!d.readOnly;
  enabledLabel.hidden = d.kind !== 'server';
  enabledBox.checked = d.enabled ?? false;
  enabledBox.disabled = !!d.readOnly;

  // Banners: restricted mode, loading, stale, then the model's warnings (errors first). Notices stay their time.
  const warnings = msg.stale ? [] : [...(msg.preview?.warnings ?? [])].sort((a, b) => rank(a) - rank(b));
  if (changed('banners', [d.draft, d.readOnly, d.restricted, msg.stale && msg.previewVersion, msg.status, !!msg.preview, msg.loading, warnings])) {
    const list: HTMLElement[] = [];
    if (d.draft) list.push(draftBanner());
    if (d.readOnly) list.push(banner('info', 'Read-only: this is a group vault and only workspace administrators can change it.', 'read-only'));
    if (d.restricted) list.push(banner('warning', 'This workspace is not trusted: the vault is shown as text only, without the merged preview. Trust the workspace to see the preview.', 'restricted'));
    if (msg.stale) list.push(banner('warning', `The text does not parse: showing the last valid preview (version ${msg.previewVersion}).`, 'stale'));
    if (msg.status === 'parse-error' && !msg.preview) list.push(banner('error', 'The text does not parse yet, so there is no preview. The SDK skips a vault it cannot parse.', 'sdk-skips'));
    else if (msg.status === 'parse-error') list.push(banner('error', 'The SDK skips this vault while its text does not parse.', 'sdk-skips'));
    if (msg.loading) list.push(banner('info', 'Loading clearml.conf and the server\'s vaults…', 'loading'));
    for (const w of warnings) list.push(banner(w.level, w.message, w.code, w.line));
    banners.replaceChildren(...banners.querySelectorAll('.transient'), ...list);
  }

  // Problems with line and column (also in the Problems panel).
  if (changed('problems', msg.problems)) {
    problemsBox.replaceChildren(...msg.problems.map((p) => {
      const row = el('button', { class: `problem ${p.severity}`, type: 'button', title: 'Go to the problem' },
        icon(p.severity === 'error' ? 'error' : 'warning'), el('span', { class: 'pos' }, `Line ${p.line}, column ${p.column}`), el('span', {}, p.message));
      row.addEventListener('click', () => send({ type: 'reveal', line: p.line, column: p.column }));
      return row;
    }));
  }

  const preview = msg.preview;
  if (changed('layers', preview && [preview.layers, d.position, preview.baseFile])) {
    if (preview) {
      layersBox.replaceChildren(
        el('span', { class: 'layers-title' }, 'Merge order'),
        ...preview.layers.flatMap((l, i) => [i ? icon('arrow-right') : '', layerChip(l)]).filter((x): x is HTMLElement => typeof x !== 'string'),
        el('span', { class: 'muted position' }, [d.position, preview.baseFile ? `base: ${preview.baseFile}` : 'no clearml.conf found'].filter(Boolean).join(' · ')),
      );
    } else layersBox.replaceChildren();
  }
  if (changed('summary', preview && [preview.counts, preview.view])) {
    if (preview) {
      const c = preview.counts;
      summary.replaceChildren(
        stat('diff-added', `${c.added} added`, 'added'),
        stat('diff-modified', `${c.overridden} overridden`, 'overridden'),
        stat('circle-large-outline', `${c.unchanged} unchanged`, 'unchanged'),
        ...(c.shadowed ? [stat('eye-closed', `${c.shadowed} overridden by a later vault`, 'shadowed')] : []),
        ...(c.agentProtected ? [stat('shield', `${c.agentProtected} ignored by the agent`, 'protected')] : []),
        el('span', { class: 'muted' }, preview.view === 'all' ? `${c.leaves} keys in the effective configuration` : `${c.leaves} keys set by this vault`),
      );
    } else summary.replaceChildren();
  }
  if (rows && previous?.preview && preview && previous.preview.view === preview.view && table.shown) patchTable(rows);
  else renderTable();

  // Keep what the user is typing: replace the area's text only when no edit of ours is pending or in flight.
  if (sentText !== undefined && msg.text === sentText) sentText = undefined;
  syncSourceArea();
  textarea.readOnly = (d.restricted && d.kind === 'local') || !!d.readOnly;
  const areaTitle = `Source text (${d.format.toUpperCase()}, ${msg.text.length} characters)`;
  if (sourceSummary.textContent !== areaTitle) sourceSummary.textContent = areaTitle;
}

const rank = (w: PreviewWarning) => (w.level === 'error' ? 0 : w.level === 'warning' ? 1 : 2);

function layerChip(l: Layer): HTMLElement {
  const iconName = l.kind === 'base' ? 'file' : l.kind === 'this' ? 'edit' : 'lock';
  const statusIcon = l.status === 'applied' ? '' : l.status === 'disabled' ? 'circle-slash' : 'warning';
  const chip = el('span', { class: `layer ${l.kind} ${l.status}`, title: [l.detail, l.status !== 'applied' ? `status: ${l.status}` : ''].filter(Boolean).join(' — ') || l.name },
    icon(iconName), el('span', {}, l.kind === 'this' ? `${l.name} (this vault)` : l.name), statusIcon ? icon(statusIcon) : '');
  return chip;
}

function stat(iconName: string, text: string, cls: string): HTMLElement {
  return el('span', { class: `stat ${cls}` }, icon(iconName), el('span', {}, text));
}

const MARK_ICON: Record<string, [string, string]> = {
  added: ['diff-added', 'added by a vault'],
  overridden: ['diff-modified', 'overridden by a vault'],
  unchanged: ['circle-large-outline', 'set by a vault to the value it already had'],
  base: ['file', 'from clearml.conf'],
};

/**
 * The table as drawn: without a key filter, `rowNodes[i]` are the elements of `held.message.preview.rows[i]` (a list
 * value has one element per item too), so a splice of rows replaces just those elements.
 */
const table = { shown: false, body: undefined as HTMLTableSectionElement | undefined, rowNodes: [] as HTMLElement[][] };

function renderTable() {
  table.shown = false;
  table.body = undefined;
  table.rowNodes = [];
  const preview = held?.message.preview;
  if (!preview) { tableBox.replaceChildren(); return; }
  const q = ui.query.trim().toLowerCase();
  let rows = preview.rows;
  if (q) {
    const hits = rows.filter((r) => r.kind === 'leaf' && r.path.toLowerCase().includes(q)).map((r) => r.path.toLowerCase());
    rows = rows.filter((r) => r.kind === 'leaf' ? r.path.toLowerCase().includes(q) : hits.some((h) => h.startsWith(r.path.toLowerCase() + '.')));
  }
  const tableEl = el('table', { class: 'keys' });
  tableEl.append(el('thead', {}, el('tr', {}, el('th', {}, 'Key'), el('th', {}, 'Value'), el('th', {}, 'Change'), el('th', {}, 'Source'))));
  const body = el('tbody');
  const frag = document.createDocumentFragment();
  const nodes = rows.map(rowEls);
  for (const n of nodes) frag.append(...n);
  body.append(frag);
  tableEl.append(body);
  tableBox.replaceChildren(tableEl, ...tableNotes(rows.length));
  if (!q) Object.assign(table, { shown: true, body, rowNodes: nodes });
}

/** Below the table: why it is empty, how many keys it leaves out. */
function tableNotes(shownRows: number): HTMLElement[] {
  const preview = held?.message.preview;
  const notes: HTMLElement[] = [];
  if (!preview) return notes;
  if (!shownRows) notes.push(el('p', { class: 'empty note' }, preview.view === 'vault' ? 'This vault sets no keys.' : 'No keys match.'));
  if (preview.truncated) notes.push(el('p', { class: 'muted note' }, `${preview.truncated} more keys are not listed; the diff view has the whole configuration.`));
  return notes;
}

/** Replaces the elements of the spliced rows only (the table shows every row of `held`, unfiltered). */
function patchTable(s: RowSplice) {
  const body = table.body!;
  const removed = table.rowNodes.splice(s.start, s.deleteCount, ...s.insert.map(rowEls));
  for (const n of removed) for (const e of n) e.remove();
  const after = table.rowNodes[s.start + s.insert.length]?.[0] ?? null;
  if (s.insert.length) {
    const frag = document.createDocumentFragment();
    for (let i = s.start; i < s.start + s.insert.length; i++) frag.append(...table.rowNodes[i]);
    body.insertBefore(frag, after);
  }
  for (const n of tableBox.querySelectorAll('.note')) n.remove();
  tableBox.append(...tableNotes(table.rowNodes.length));
}

/** The items of a list value (its display text is JSON), or undefined for anything else. */
function listItems(value: string | undefined): unknown[] | undefined {
  if (!value?.startsWith('[')) return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) && parsed.length ? parsed : undefined;
  } catch {
    return undefined; // shortened or not JSON: shown as text
  }
}

/** One list item: a scalar as its value, an object as one `key: value` line per field. */
function itemValue(item: unknown): HTMLElement {
  if (item && typeof item === 'object' && !Array.isArray(item)) {
    return el('div', { class: 'fields' }, ...Object.entries(item).map(([k, x]) => el('div', { class: 'field' }, el('span', { class: 'field-key' }, `${k}: `), el('code', {}, JSON.stringify(x)))));
  }
  return el('code', {}, JSON.stringify(item));
}

/** A key's row, and for a list value one row per item under it (`key[0]`, `key[1]`, …). */
function rowEls(r: PreviewRow): HTMLElement[] {
  const items = r.kind === 'leaf' ? listItems(r.value) : undefined;
  const tr = rowEl(r, items);
  if (!items) return [tr];
  return [tr, ...items.map((item, i) => {
    const sub = el('tr', { class: `row item ${r.sourceKind ?? ''}`, 'data-path': `${r.path}[${i}]` },
      el('td', { class: 'key', style: `padding-left:${0.4 + (r.depth + 1) * 1.1}em` }, el('span', { class: 'index' }, `[${i}]`)),
      el('td', { class: 'value' }, itemValue(item)),
      el('td', { class: 'change' }),
      el('td', { class: 'source-cell' }));
    if (r.line) {
      sub.classList.add('clickable');
      sub.addEventListener('click', () => send({ type: 'reveal', line: r.line! }));
    }
    return sub;
  })];
}

function rowEl(r: PreviewRow, items?: unknown[]): HTMLElement {
  const tr = el('tr', { class: `row ${r.kind} ${r.sourceKind ?? ''} ${r.mark ?? ''}`, 'data-path': r.path });
  const keyCell = el('td', { class: 'key', style: `padding-left:${0.4 + r.depth * 1.1}em` }, r.kind === 'object' ? icon('chevron-down') : '', el('span', {}, r.key));
  if (r.kind === 'object') {
    tr.append(keyCell, el('td', { colspan: '3' }));
    return tr;
  }
  const valueCell = el('td', { class: 'value' }, r.masked ? icon('lock', 'secret: masked') : '',
    items ? el('span', { class: 'list-summary' }, icon('list-ordered'), ` list of ${items.length} item${items.length === 1 ? '' : 's'}`) : el('code', {}, r.value ?? ''));
  if (r.previous !== undefined) {
    valueCell.append(el('div', { class: 'previous', title: 'the value before this vault' }, 'was ', el('code', {}, r.previous), r.previousSource ? el('span', { class: 'from' }, ` from ${r.previousSource}`) : ''));
  }
  const badges = el('td', { class: 'change' });
  if (r.mark && r.mark !== 'base') {
    const [iconName, title] = MARK_ICON[r.mark];
    badges.append(el('span', { class: `badge ${r.mark}`, title }, icon(iconName), el('span', { class: 'label' }, r.mark)));
  }
  if (r.shadowedBy) badges.append(el('span', { class: 'badge shadowed', title: `this vault sets it, but ${r.shadowedBy} wins` }, icon('eye-closed'), el('span', { class: 'label' }, `overridden by ${r.shadowedBy}`)));
  if (r.agentProtected) badges.append(el('span', { class: 'badge protected', title: 'the ClearML agent ignores vault values for this key' }, icon('shield'), el('span', { class: 'label' }, 'agent ignores')));
  const source = el('td', { class: 'source-cell' }, r.source ?? '');
  tr.append(keyCell, valueCell, badges, source);
  if (r.line) {
    tr.classList.add('clickable');
    tr.title = `Go to line ${r.line}`;
    tr.tabIndex = 0;
    const go = () => send({ type: 'reveal', line: r.line! });
    tr.addEventListener('click', go);
    tr.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); go(); } });
  }
  return tr;
}

send({ type: 'ready' });
if (ui.filter === 'all') send({ type: 'view', view: 'all' });
