/**
 * ClearML: Preferences webview. Renders the form, keeps unsaved edits in getState/setState (restored after a
 * reload), and talks to the extension only through the validated protocol in src/core/protocol/preferences.ts.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-divider/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import * as v from 'valibot';
import { vscodeApi } from '../shared/vscode';
import {
  FIELD_LABELS, ToWebviewSchema,
  type CloudEntryInput, type CloudEntryView, type Conflict, type FieldErrors, type FromWebview, type PreferenceField,
  type PreferencesForm, type PreferencesWebviewState, type ServerInfo, type ToWebview,
} from '../../src/core/protocol/preferences';
import { DEFAULT_REDACTED_ARGUMENTS, changedFields, describeValue } from '../../src/core/preferences/model';
import { h } from './dom';
import { css } from './styles';


interface Editor { input: CloudEntryInput; errors: FieldErrors; existing?: CloudEntryView }

const api = vscodeApi<PreferencesWebviewState>();
const saved = api.getState() ?? {};

const ui = {
  server: undefined as ServerInfo | undefined,
  baseline: saved.baseline,
  form: saved.draft ?? saved.baseline,
  entries: [] as CloudEntryView[],
  editor: saved.cloudEditor ? { input: { ...saved.cloudEditor }, errors: {} } as Editor : undefined,
  conflict: undefined as { conflicts: Conflict[]; server: PreferencesForm; choices: Partial<Record<PreferenceField, 'mine' | 'server'>> } | undefined,
  busy: undefined as string | undefined,
  status: undefined as { kind: 'info' | 'error'; message: string } | undefined,
  signedOut: undefined as string | undefined,
  /** Why the last load failed; with nothing loaded the body shows it with Retry instead of the spinner. */
  loadError: undefined as string | undefined,
  loaded: false,
};

function send(message: FromWebview): void { api.postMessage(message); }

function isDirty(): boolean {
  return !!ui.form && !!ui.baseline && changedFields(ui.baseline, ui.form).length > 0;
}

function editorHasContent(): boolean {
  const e = ui.editor?.input;
  return !!e && [e.Bucket, e.Key, e.Secret ?? '', e.Token ?? '', e.Region, e.Endpoint].some((x) => x.trim() !== '');
}

/** Persist (without any Secret/Token) and tell the extension, so a close or reload never loses an edit. */
function persist(): void {
  const dirty = isDirty();
  const editor = ui.editor && editorHasContent() ? ui.editor.input : undefined;
  api.setState({
    profileId: ui.server?.profileId,
    baseline: ui.baseline,
    draft: dirty ? ui.form : undefined,
    cloudEditor: editor ? { id: editor.id, Bucket: editor.Bucket, Key: editor.Key, Region: editor.Region, Endpoint: editor.Endpoint } : undefined,
  });
  send({ type: 'draftChanged', draft: dirty ? ui.form : undefined, cloudEditor: editor });
  renderChrome();
}

function edit<K extends PreferenceField>(field: K, value: PreferencesForm[K]): void {
  if (!ui.form) return;
  ui.form = { ...ui.form, [field]: value };
  ui.status = undefined; // the last action's message no longer describes the form
  persist();
}

// ---------------------------------------------------------------------------------------------------------------
// Rendering

const app = document.getElementById('app')!;
document.head.append(h('style', {}, css));

function icon(name: string): HTMLElement {
  return h('span', { class: `codicon codicon-${name}`, 'aria-hidden': 'true' });
}

function iconButton(name: string, label: string, onClick: () => void, disabled = false): HTMLButtonElement {
  return h('button', { class: 'icon-button', type: 'button', title: label, 'aria-label': label, disabled, onclick: onClick }, icon(name));
}

let chrome: { dirty: HTMLElement; save: HTMLElement; discard: HTMLElement; status: HTMLElement; busy: HTMLElement } | undefined;

function renderChrome(): void {
  if (!chrome) return;
  const dirty = isDirty();
  const n = dirty && ui.form && ui.baseline ? changedFields(ui.baseline, ui.form).length : 0;
  chrome.dirty.className = dirty ? 'dirty' : 'clean';
  chrome.dirty.textContent = dirty ? `● ${n} unsaved change${n === 1 ? '' : 's'}` : 'All changes saved';
  (chrome.save as HTMLElement & { disabled: boolean }).disabled = !dirty || !!ui.busy;
  (chrome.discard as HTMLElement & { disabled: boolean }).disabled = !dirty || !!ui.busy;
  chrome.busy.hidden = !ui.busy;
  chrome.busy.textContent = ui.busy ?? '';
  chrome.status.className = `status ${ui.status?.kind ?? ''}`;
  chrome.status.textContent = ui.status?.message ?? '';
  document.title = dirty ? '● ClearML: Preferences' : 'ClearML: Preferences';
}

function header(): HTMLElement {
  const server = ui.server;
  const dirty = h('span', { role: 'status', 'aria-live': 'polite' });
  const save = h('vscode-button', { icon: 'save', onclick: () => doSave(), title: 'Save to the server (Ctrl+S)' }, 'Save');
  const discard = h('vscode-button', { secondary: true, icon: 'discard', onclick: () => discardEdits() }, 'Discard');
  const reload = h('vscode-button', { secondary: true, icon: 'refresh', onclick: () => send({ type: 'reload' }) }, 'Reload');
  const busy = h('span', { class: 'muted', role: 'status' });
  const status = h('div', { class: 'status', role: 'alert' });
  chrome = { dirty, save, discard, status, busy };
  return h('header', { class: 'top' },
    h('h1', {}, 'ClearML: Preferences'),
    server
      ? h('div', { class: 'sub' }, `${server.profileLabel} · ${server.apiServer}`, h('span', { class: 'chip' }, editionLabel(server.edition)))
      : h('div', { class: 'sub' }, 'Web UI settings of your ClearML account'),
    h('div', { class: 'toolbar' }, save, discard, reload, h('span', { class: 'spacer' }), busy, dirty),
    status,
  );
}

function editionLabel(edition: ServerInfo['edition']): string {
  return { opensource: 'self-hosted (open source)', hosted: 'ClearML hosted', enterprise: 'Enterprise', unknown: 'edition unknown' }[edition];
}

function setting(field: PreferenceField, description: string, extra?: HTMLElement, disabled = false): HTMLElement {
  const form = ui.form!;
  const id = `pref-${field}`;
  const box = h('vscode-checkbox', {
    id,
    checked: form[field] === true,
    disabled,
    label: FIELD_LABELS[field],
    onchange: (e: Event) => edit(field, (e.target as HTMLInputElement).checked as PreferencesForm[typeof field]),
  });
  return h('div', { class: 'setting', 'data-field': field }, box, h('div', { class: 'desc' }, description), extra);
}

function redactedListEditor(): HTMLElement {
  const form = ui.form!;
  const list = form.redactedArguments;
  const rows = list.map((name, index) => {
    let before = name;
    const field = h('vscode-textfield', {
      value: name,
      label: `Argument name ${index + 1}`,
      class: 'mono',
      'data-index': String(index),
      onfocus: () => { before = ui.form!.redactedArguments[index] ?? ''; },
      oninput: (e: Event) => {
        const next = [...ui.form!.redactedArguments];
        next[index] = (e.target as HTMLInputElement).value;
        edit('redactedArguments', next);
      },
      onkeydown: (e: KeyboardEvent) => {
        if (e.key === 'Escape') {
          // Escape undoes the edit of this row since it got focus.
          e.preventDefault();
          (e.target as HTMLInputElement).value = before;
          const next = [...ui.form!.redactedArguments];
          next[index] = before;
          edit('redactedArguments', next);
        } else if (e.key === 'Enter') {
          e.preventDefault();
          focusListField(index + 1);
        }
      },
    });
    return h('tr', {},
      h('td', {}, field),
      h('td', { class: 'actions' }, iconButton('trash', `Remove ${name || 'empty name'}`, () => {
        edit('redactedArguments', ui.form!.redactedArguments.filter((_, i) => i !== index));
        renderBody();
        focusListField(Math.min(index, ui.form!.redactedArguments.length - 1));
      })),
    );
  });
  const addField = h('vscode-textfield', { id: 'redacted-new', placeholder: 'ENV_VARIABLE_NAME', label: 'New argument name', class: 'mono' });
  const add = () => {
    const value = (addField as unknown as HTMLInputElement).value.trim();
    if (!value) return;
    edit('redactedArguments', [...ui.form!.redactedArguments, value]);
    renderBody();
    document.getElementById('redacted-new')?.focus();
  };
  addField.addEventListener('keydown', (e: KeyboardEvent) => {
    if (e.key === 'Enter') { e.preventDefault(); add(); }
    if (e.key === 'Escape') { e.preventDefault(); (addField as unknown as HTMLInputElement).value = ''; }
  });
  const isDefault = list.length === DEFAULT_REDACTED_ARGUMENTS.length && list.every((n, i) => n === DEFAULT_REDACTED_ARGUMENTS[i]);
  return h('div', { class: 'list-editor', role: 'group', 'aria-label': 'Hidden container arguments' },
    h('table', {},
      h('thead', {}, h('tr', {}, h('th', {}, 'Environment variable / argument name'), h('th', {}, h('span', { class: 'sr-only' }, 'Actions')))),
      h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', { class: 'empty', colSpan: 2 }, 'No names: nothing is hidden.'))),
    ),
    h('div', { class: 'row-add' }, addField, h('vscode-button', { secondary: true, icon: 'add', onclick: add }, 'Add')),
    h('div', { class: 'toolbar' },
      h('button', { class: 'link-button', type: 'button', disabled: isDefault, onclick: () => { edit('redactedArguments', [...DEFAULT_REDACTED_ARGUMENTS]); renderBody(); } }, 'Restore the four defaults'),
      h('span', { class: 'muted' }, 'Enter: next row · Escape: undo the row · blank names are dropped on save'),
    ),
  );
}

function focusListField(index: number): void {
  const target = document.querySelector<HTMLElement>(`.list-editor vscode-textfield[data-index="${index}"]`) ?? document.getElementById('redacted-new');
  target?.focus();
}

function preferencesSection(): HTMLElement {
  const server = ui.server!;
  const parts: (HTMLElement | false)[] = [
    server.showHiddenOffered
      ? setting('showHidden', 'Lists hidden projects (e.g. the ones pipelines and datasets create) in the web UI. Stored in rootProjects.showHidden.')
      : setting('showHidden', 'The web UI offers this only to workspace administrators and on self-hosted servers, so it is shown here read-only. Stored in rootProjects.showHidden.', undefined, true),
    setting('hideExamples', 'Hides the example projects, pipelines and datasets ClearML ships. Stored in rootProjects.hideExamples.'),
    h('div', { class: 'setting browser-only' },
      h('vscode-checkbox', { disabled: true, label: 'Disable HiDPI browser scale override' }),
      h('div', { class: 'desc' }, 'Browser-only: the web UI keeps this in each browser\'s local storage (Chrome and Safari), not on the server, so it cannot be changed from VS Code. Set it in the web UI under Settings → Configuration.'),
    ),
    setting('hideTips', 'Stops the periodic "pro tip" pop-ups. Stored as "tip-of-the-day" in views.neverShowPopupAgain.'),
    server.edition === 'opensource' && setting('hideEnterpriseFeatures', 'Hides the menu entries of Enterprise-only features. Stored in views.hideEnterpriseFeatures.'),
    setting('blockUserScript', 'Does not run scripts from your experiments\' HTML debug samples and reports in the browser. Stored in rootProjects.blockUserScript.'),
    setting('hideRedactedArguments', 'Masks the values of these environment variables and arguments in the container section of tasks. Stored in views.hideRedactedArguments and views.redactedArguments.', redactedListEditor()),
  ];
  if (server.telemetrySupported) {
    const since = server.telemetryEnabledTime ? ` Enabled since ${new Date(server.telemetryEnabledTime).toLocaleString()}.` : '';
    parts.push(setting('reportStats', `Self-hosted servers only: applies to the whole server, for every user (server.report_stats_option).${since}`));
  }
  return h('section', { 'aria-labelledby': 'h-prefs' },
    h('h2', { id: 'h-prefs' }, 'Web UI preferences'),
    h('div', { class: 'sub' }, 'Stored on the ClearML server with your user; the web UI reads them at sign-in. A web UI tab that is already open keeps its own copy until reloaded.'),
    ...parts.filter((p): p is HTMLElement => !!p),
  );
}

function conflictSection(): HTMLElement | undefined {
  const c = ui.conflict;
  if (!c) return undefined;
  const rows = c.conflicts.map((conflict) => {
    const name = `choice-${conflict.field}`;
    const choice = c.choices[conflict.field] ?? 'mine';
    const radio = (value: 'mine' | 'server', label: string) => h('label', {},
      h('input', { type: 'radio', name, value, checked: choice === value, onchange: () => { c.choices[conflict.field] = value; } }), ` ${label}`);
    return h('tr', {},
      h('td', {}, conflict.label),
      h('td', { class: 'mono' }, describeValue(conflict.yours)),
      h('td', { class: 'mono' }, describeValue(conflict.server)),
      h('td', {}, radio('mine', 'Keep mine'), ' ', radio('server', 'Use server')),
    );
  });
  return h('div', { class: 'banner warning conflict', role: 'alertdialog', 'aria-labelledby': 'h-conflict' },
    h('h3', { id: 'h-conflict' }, icon('warning'), 'Changed on the server since you loaded it'),
    h('div', {}, 'Someone (or a web UI tab) saved these settings after this panel loaded them. Choose per setting which value to keep; nothing has been written yet.'),
    h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, 'Setting'), h('th', {}, 'Yours'), h('th', {}, 'Server'), h('th', {}, 'Keep'))), h('tbody', {}, rows)),
    h('div', { class: 'toolbar' },
      h('vscode-button', { icon: 'check', onclick: () => resolveConflicts() }, 'Save with these choices'),
      h('vscode-button', { secondary: true, onclick: () => { ui.conflict = undefined; renderBody(); } }, 'Keep editing'),
    ),
  );
}

/** The browser cloud-access entries are edited in the Storage Credentials panel, next to the SDK's storage entries. */
function cloudSection(): HTMLElement {
  const n = ui.entries.length;
  return h('section', { 'aria-labelledby': 'h-cloud' },
    h('h2', { id: 'h-cloud' }, 'Web app cloud access'),
    h('div', { class: 'sub' }, 'Keys the web UI uses to show your debug images and artifacts from S3, Google Storage and Azure. They are edited, tested and exported in the Storage Credentials panel, together with the storage credentials the SDK reads from clearml.conf and your vaults.'),
    h('div', { class: 'toolbar' },
      h('vscode-button', { secondary: true, icon: 'database', onclick: () => send({ type: 'openStorage' }) }, 'Open Storage Credentials'),
      h('span', { class: 'muted' }, n ? `${n} browser access entr${n === 1 ? 'y' : 'ies'} stored for this profile.` : 'No browser access entries stored yet.'),
    ),
  );
}

let body: HTMLElement | undefined;

function renderBody(): void {
  const active = document.activeElement?.id;
  const next = h('div', { id: 'body' });
  if (ui.signedOut) {
    next.append(h('div', { class: 'banner' }, icon('account'), ui.signedOut, ' Run "ClearML: Sign In" from the Command Palette or the ClearML view.'));
  } else if ((!ui.server || !ui.form) && ui.loadError) {
    next.append(h('div', { class: 'banner error', role: 'alert' }, icon('error'), ' ', ui.loadError, ' ',
      h('vscode-button', { id: 'retry-load', icon: 'refresh', onclick: retryLoad }, 'Retry')));
  } else if (!ui.server || !ui.form) {
    next.append(h('div', { class: 'banner' }, h('vscode-progress-ring', { 'aria-label': 'Loading' }), ' Loading preferences…'));
  } else {
    const conflict = conflictSection();
    if (conflict) next.append(conflict);
    next.append(preferencesSection(), h('vscode-divider', { role: 'separator' }), cloudSection());
  }
  if (body) body.replaceWith(next); else app.append(next);
  body = next;
  if (active) document.getElementById(active)?.focus();
  renderChrome();
}

function renderAll(): void {
  app.replaceChildren(header());
  body = undefined;
  renderBody();
}

// ---------------------------------------------------------------------------------------------------------------
// Actions

function doSave(): void {
  if (!ui.form || !isDirty() || ui.busy) return;
  send({ type: 'save', form: ui.form });
}

function retryLoad(): void {
  ui.loadError = undefined;
  ui.status = undefined;
  renderBody();
  send({ type: 'retryLoad' });
}

function discardEdits(): void {
  if (!ui.baseline) return;
  ui.form = structuredClone(ui.baseline);
  ui.conflict = undefined;
  ui.status = { kind: 'info', message: 'Edits discarded.' };
  persist();
  renderBody();
}

function resolveConflicts(): void {
  const c = ui.conflict;
  if (!c || !ui.form) return;
  const choices = Object.fromEntries(c.conflicts.map((x) => [x.field, c.choices[x.field] ?? 'mine'])) as Partial<Record<PreferenceField, 'mine' | 'server'>>;
  ui.conflict = undefined;
  send({ type: 'resolveConflicts', form: ui.form, choices });
  renderBody();
}

function receive(message: ToWebview): void {
  switch (message.type) {
    case 'init':
      ui.server = message.server;
      ui.signedOut = undefined;
      ui.loadError = undefined;
      ui.baseline = message.baseline;
      // After a window reload the extension may not have taken the restored draft (e.g. it was still signing in):
      // the draft this page restored from getState wins over a silent reset, for the same profile only.
      ui.form = structuredClone(message.draft ?? (!ui.loaded && saved.draft && saved.profileId === message.server.profileId ? saved.draft : message.baseline));
      ui.entries = message.cloudEntries;
      if (message.cloudEditor) ui.editor = { input: message.cloudEditor, errors: {}, existing: message.cloudEntries.find((e) => e.id === message.cloudEditor?.id) };
      else if (ui.editor?.input.id) ui.editor.existing = message.cloudEntries.find((e) => e.id === ui.editor?.input.id);
      ui.loaded = true;
      persist();
      renderAll();
      return;
    case 'signedOut':
      ui.signedOut = message.message;
      ui.server = undefined;
      renderAll();
      return;
    case 'busy':
      ui.busy = message.busy ? (message.message ?? 'Working…') : undefined;
      renderChrome();
      return;
    case 'error':
      ui.status = { kind: 'error', message: message.message };
      renderChrome();
      return;
    case 'notice':
      ui.status = { kind: 'info', message: message.message };
      renderChrome();
      return;
    case 'loadFailed':
      ui.loadError = message.message;
      ui.status = { kind: 'error', message: message.message };
      renderBody();
      return;
    case 'saved':
      ui.baseline = message.baseline;
      ui.form = structuredClone(message.baseline);
      ui.conflict = undefined;
      ui.status = { kind: 'info', message: message.message };
      persist();
      renderBody();
      return;
    case 'conflict':
      ui.conflict = { conflicts: message.conflicts, server: message.server, choices: Object.fromEntries(message.conflicts.map((c) => [c.field, 'mine'])) };
      ui.status = { kind: 'error', message: 'Not saved: some settings changed on the server meanwhile. Choose which values to keep.' };
      renderBody();
      // The banner is the first thing in the body: bring it into view and move focus into it.
      window.scrollTo(0, 0);
      document.querySelector<HTMLElement>('.conflict input[type="radio"]')?.focus();
      return;
    case 'cloudEntries':
      ui.entries = message.entries;
      renderBody();
      return;
    case 'cloudEntrySaved':
      if (message.ok) {
        ui.editor = undefined;
        ui.status = { kind: 'info', message: 'Access entry saved.' };
        persist();
      } else if (ui.editor) {
        ui.editor.errors = message.errors;
      }
      renderBody();
      return;
  }
}

window.addEventListener('message', (event: MessageEvent) => {
  const result = v.safeParse(ToWebviewSchema, event.data);
  if (!result.success) {
    // Never log the content: it may be anything.
    console.warn('ClearML Preferences: rejected a malformed message from the extension');
    return;
  }
  receive(result.output);
});

window.addEventListener('keydown', (e: KeyboardEvent) => {
  if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
    e.preventDefault();
    doSave();
  }
});

renderAll();
send({
  type: 'ready',
  restored: saved.baseline && saved.profileId ? { profileId: saved.profileId, baseline: saved.baseline, draft: saved.draft } : undefined,
});
