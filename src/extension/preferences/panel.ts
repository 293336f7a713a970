/**
 * The "ClearML: Preferences" webview panel: one instance, restored after a reload, every message validated.
 * The controller keeps the edit session (baseline loaded from the server, unsaved draft, unfinished access
 * entry) so nothing is lost when the panel is closed or the window reloads.
 */
import * as vscode from 'vscode';
import type * as v from 'valibot';
import { ClearMLApiError } from '../../core/api';
import { FIELD_LABELS, FromWebviewSchema, type CloudEntryInput, type PreferencesForm, type ServerInfo, type ToWebview } from '../../core/protocol/preferences';
import { applyConflictChoices } from '../../core/preferences/model';
import { readServer, saveForm, type ServerCapabilities } from '../../core/preferences/sync';
import { trimEntry, validateCloudEntry } from '../../core/preferences/cloudAccess';
import type { AccountService, ActiveAccount } from '../services';
import { logError, logger } from '../log';
import * as ui from '../ui';
import { SingletonPanel } from '../webview/singletonPanel';
import { setPanelTitle } from '../surfaces';
import { msg } from '../safeText';
import { CloudAccessStore } from './cloudStore';
import { saveCloudEntryInput } from './cloudEntrySave';
import { defaultEnvironment, exportToConf, exportToVault, PreviewDocuments, type ExportEnvironment } from './exporter';
import { PREFERENCES_VIEW_TYPE } from './viewType';

const TITLE = msg`ClearML: Preferences`;

type Message = v.InferOutput<typeof FromWebviewSchema>;

function describeError(e: unknown): string {
  if (e instanceof ClearMLApiError) return `${e.endpoint}: ${e.serverMessage || e.message}`;
  return e instanceof Error ? e.message : String(e);
}

function hasContent(entry: CloudEntryInput | undefined): entry is CloudEntryInput {
  return !!entry && [entry.Bucket, entry.Key, entry.Secret ?? '', entry.Token ?? '', entry.Region, entry.Endpoint].some((x) => x.trim() !== '');
}

export class PreferencesController extends SingletonPanel<typeof FromWebviewSchema, ToWebview> {
  /** Edit session; survives the panel. */
  private profileId: string | undefined;
  private baseline: PreferencesForm | undefined;
  private draft: PreferencesForm | undefined;
  private cloudEditor: CloudEntryInput | undefined;
  private pendingConflict: Extract<ToWebview, { type: 'conflict' }> | undefined;
  private capabilities: ServerCapabilities | undefined;
  private deactivating = false;

  exportEnvironment: ExportEnvironment = defaultEnvironment;
  readonly previews = new PreviewDocuments();

  constructor(extensionUri: vscode.Uri, private readonly accounts: AccountService, readonly store: CloudAccessStore) {
    super(extensionUri, { viewType: PREFERENCES_VIEW_TYPE, title: TITLE, bundle: 'preferences', schema: FromWebviewSchema, errorLabel: 'Preferences' });
    this.disposables.push(this.previews.register());
    this.disposables.push(accounts.onDidChangeActive((account) => this.enqueue(() => this.onAccountChanged(account))));
    this.disposables.push(accounts.onDidUpdateActiveProfile((account) => this.enqueue(async () => this.postInit(account))));
  }

  override dispose(): void {
    this.deactivating = true;
    super.dispose();
  }

  get session(): { profileId?: string; baseline?: PreferencesForm; draft?: PreferencesForm; cloudEditor?: CloudEntryInput } {
    return { profileId: this.profileId, baseline: this.baseline, draft: this.draft, cloudEditor: this.cloudEditor };
  }

  protected override panelSubscriptions(panel: vscode.WebviewPanel): vscode.Disposable[] {
    // The entries are edited in the Storage Credentials panel; show their current count when this one is back.
    return [panel.onDidChangeViewState(() => {
      const profileId = this.accounts.active?.profile.id;
      if (panel.visible && profileId) this.post({ type: 'cloudEntries', entries: this.store.list(profileId) });
    })];
  }

  protected override onPanelClosed(): void {
    if (!this.deactivating) this.enqueue(() => this.onClosed());
  }

  protected async handle(m: Message): Promise<void> {
    switch (m.type) {
      case 'ready':
        // A panel restored with the window asks before the stored profile is back: its draft belongs to that profile.
        await this.accounts.ready;
        // The restored profile may have loaded the panel already (without the draft, which only the page holds):
        // the page's restored draft still wins, for the same profile.
        if (!this.draft && m.restored?.draft && m.restored.profileId === this.accounts.active?.profile.id) {
          this.profileId = m.restored.profileId;
          this.baseline = m.restored.baseline;
          this.draft = m.restored.draft;
        }
        return this.load();
      case 'draftChanged':
        this.draft = m.draft;
        this.cloudEditor = m.cloudEditor;
        this.showDirtyInTitle();
        return;
      case 'save':
        await this.save(m.form);
        return;
      case 'resolveConflicts':
        return this.resolveConflicts(m.form, m.choices);
      case 'reload':
        return this.reload();
      case 'retryLoad':
        return this.load();
      case 'cloudSave':
        await this.cloudSave(m.entry);
        return;
      case 'cloudRemove':
        return this.cloudRemove(m.id);
      case 'cloudRevealSecret':
        return this.cloudReveal(m.id, m.field);
      case 'cloudExport':
        return this.cloudExport(m.target);
      case 'openStorage':
        await vscode.commands.executeCommand('clearml.openStorageCredentials');
        return;
    }
  }

  /** The tab shows unsaved edits too, so they are visible when another editor is in front. */
  private showDirtyInTitle(): void {
    if (this.panel) setPanelTitle(this.panel, this.draft || hasContent(this.cloudEditor) ? msg`${TITLE} ●` : TITLE);
  }

  private requireAccount(): ActiveAccount | undefined {
    const account = this.accounts.active;
    if (!account) this.post({ type: 'signedOut', message: 'Sign in to a ClearML server to edit its web UI preferences.' });
    return account;
  }

  private serverInfo(account: ActiveAccount, caps: ServerCapabilities): ServerInfo {
    return {
      profileId: account.profile.id,
      profileLabel: account.profile.label,
      apiServer: account.profile.apiServer,
      edition: caps.edition,
      telemetrySupported: caps.telemetrySupported,
      telemetryEnabledTime: caps.telemetryEnabledTime,
      vaultsSupported: caps.vaultsSupported,
      showHiddenOffered: caps.showHiddenOffered,
    };
  }

  /** The whole page state, the draft included; again after the profile's label changed (the header shows it). */
  private postInit(account: ActiveAccount): void {
    if (!this.capabilities || !this.baseline || account.profile.id !== this.profileId) return;
    this.post({
      type: 'init',
      server: this.serverInfo(account, this.capabilities),
      baseline: this.baseline,
      draft: this.draft,
      cloudEntries: this.store.list(account.profile.id),
      cloudEditor: this.cloudEditor ? { ...this.cloudEditor, Secret: undefined, Token: undefined } : undefined,
    });
  }

  private async load(): Promise<void> {
    const account = this.requireAccount();
    if (!account) return;
    this.post({ type: 'busy', busy: true, message: 'Loading preferences…' });
    try {
      const snapshot = await readServer(account.client);
      this.capabilities = snapshot.capabilities;
      this.profileId = account.profile.id;
      // With unsaved edits the original baseline stays: the conflict check at save time compares against it.
      if (!this.draft || !this.baseline) {
        this.baseline = snapshot.form;
        this.draft = undefined;
      }
      this.postInit(account);
      if (this.pendingConflict) this.post(this.pendingConflict);
    } catch (e) {
      this.post({ type: 'loadFailed', message: `Could not load preferences from ${account.profile.apiServer}: ${describeError(e)}` });
      logError('Loading preferences', e);
    } finally {
      this.post({ type: 'busy', busy: false });
    }
  }

  /** Returns how it went, for the close-with-unsaved-changes flow. */
  private async save(form: PreferencesForm): Promise<'saved' | 'conflict' | 'failed'> {
    const account = this.requireAccount();
    if (!account) return 'failed';
    if (!this.baseline) {
      this.post({ type: 'error', message: 'The preferences are not loaded yet; reload and try again.' });
      return 'failed';
    }
    this.draft = form;
    if (!(await this.confirmTelemetryChange(account, form))) {
      this.post({ type: 'notice', message: 'Not saved: the usage statistics setting was left as it is on the server.' });
      return 'failed';
    }
    this.post({ type: 'busy', busy: true, message: 'Saving…' });
    try {
      const outcome = await saveForm(account.client, this.baseline, form);
      this.capabilities = outcome.capabilities;
      if (outcome.kind === 'conflict') {
        this.pendingConflict = { type: 'conflict', conflicts: outcome.conflicts, server: outcome.server };
        this.post(this.pendingConflict);
        return 'conflict';
      }
      this.pendingConflict = undefined;
      this.baseline = outcome.baseline;
      this.draft = undefined;
      this.showDirtyInTitle();
      const message = outcome.kind === 'saved'
        ? `Saved to ${account.profile.label}: ${outcome.written.map((f) => FIELD_LABELS[f]).join(', ')}.`
        : 'Nothing to save: the server already holds these values.';
      logger.log('info', `preferences: ${message}`);
      this.post({ type: 'saved', baseline: outcome.baseline, message });
      return 'saved';
    } catch (e) {
      this.post({ type: 'error', message: `Could not save preferences to ${account.profile.apiServer}: ${describeError(e)}` });
      logError('Saving preferences', e);
      return 'failed';
    } finally {
      this.post({ type: 'busy', busy: false });
    }
  }

  /** server.report_stats_option is one switch for the whole server, not a preference of this user: ask first. */
  private async confirmTelemetryChange(account: ActiveAccount, form: PreferencesForm): Promise<boolean> {
    if (!this.capabilities?.telemetrySupported || !this.baseline || form.reportStats === this.baseline.reportStats) return true;
    const change = 'Change for All Users';
    const answer = await ui.confirm(
      form.reportStats ? msg`Share anonymous usage statistics of the whole server ${account.profile.apiServer}?` : msg`Stop sharing anonymous usage statistics of the whole server ${account.profile.apiServer}?`,
      msg`This is a server-wide setting: it applies to every user of this server, not only to you.`,
      change,
    );
    return answer === change;
  }

  private async resolveConflicts(form: PreferencesForm, choices: Partial<Record<keyof PreferencesForm, 'mine' | 'server'>>): Promise<void> {
    const conflict = this.pendingConflict;
    if (!conflict || !this.baseline) {
      this.post({ type: 'error', message: 'There is no conflict to resolve any more; save again.' });
      return;
    }
    const resolved = applyConflictChoices(this.baseline, conflict.server, form, choices);
    this.baseline = resolved.baseline;
    this.pendingConflict = undefined;
    await this.save(resolved.form);
  }

  private async reload(): Promise<void> {
    if (this.draft) {
      const answer = await ui.confirm(msg`Discard your unsaved preference changes and reload them from the server?`, msg`Your edits in the Preferences panel are lost.`, 'Discard and Reload');
      if (answer !== 'Discard and Reload') return;
    }
    this.baseline = undefined;
    this.draft = undefined;
    this.pendingConflict = undefined;
    await this.load();
  }

  private async onAccountChanged(account: ActiveAccount | undefined): Promise<void> {
    if (account?.profile.id === this.profileId && this.baseline) return;
    const hadDraft = !!this.draft;
    const previous = this.profileId;
    this.baseline = undefined;
    this.draft = undefined;
    this.pendingConflict = undefined;
    this.cloudEditor = undefined;
    if (!this.panel) return;
    await this.load();
    if (hadDraft && previous) this.post({ type: 'notice', message: 'The active ClearML profile changed; the unsaved edits made for the previous profile were dropped.' });
  }

  /** Closing with unsaved changes always asks: Save, Discard, or (Cancel) get the panel back with the edits. */
  private async onClosed(): Promise<void> {
    const dirtyPrefs = !!this.draft;
    const dirtyEntry = hasContent(this.cloudEditor);
    if (!dirtyPrefs && !dirtyEntry) {
      this.baseline = undefined;
      this.pendingConflict = undefined;
      return;
    }
    const what = [dirtyPrefs ? 'preference changes' : '', dirtyEntry ? 'an unfinished cloud access entry' : ''].filter(Boolean).join(' and ');
    const answer = await ui.confirm(msg`Save your unsaved ${what}?`, msg`The ClearML Preferences panel was closed. Cancel reopens it with your edits.`, 'Save', 'Discard');
    if (answer === 'Discard') {
      this.draft = undefined;
      this.cloudEditor = undefined;
      this.baseline = undefined;
      this.pendingConflict = undefined;
      return;
    }
    if (answer === 'Save') {
      let reopen = false;
      if (dirtyPrefs && this.draft) reopen = (await this.save(this.draft)) !== 'saved';
      if (dirtyEntry && this.cloudEditor) reopen = !(await this.cloudSave(this.cloudEditor)) || reopen;
      if (!reopen) {
        this.baseline = undefined;
        void ui.info(msg`ClearML preferences saved.`);
        return;
      }
    }
    this.open();
  }

  // ---- cloud access entries ------------------------------------------------------------------------------------

  private async cloudSave(input: CloudEntryInput): Promise<boolean> {
    const account = this.requireAccount();
    if (!account) return false;
    const profileId = account.profile.id;
    const outcome = await saveCloudEntryInput(this.store, profileId, input);
    if (outcome.kind === 'gone') {
      this.post({ type: 'error', message: outcome.message });
      this.post({ type: 'cloudEntries', entries: this.store.list(profileId) });
      return false;
    }
    if (outcome.kind === 'invalid') {
      this.post({ type: 'cloudEntrySaved', ok: false, errors: outcome.errors });
      return false;
    }
    this.cloudEditor = undefined;
    this.showDirtyInTitle();
    this.post({ type: 'cloudEntrySaved', ok: true, errors: {} });
    this.post({ type: 'cloudEntries', entries: this.store.list(profileId) });
    return true;
  }

  private async cloudRemove(id: string): Promise<void> {
    const account = this.requireAccount();
    if (!account) return;
    const entry = this.store.list(account.profile.id).find((e) => e.id === id);
    if (!entry) return;
    const answer = await ui.confirm(
      msg`Remove the access entry for ${entry.Bucket}?`,
      msg`Its key, secret and token are deleted from VS Code. The web UI keeps its own copy in its browser, and files you exported to are not changed.`,
      'Remove',
    );
    if (answer !== 'Remove') return;
    await this.store.remove(account.profile.id, id);
    this.post({ type: 'cloudEntries', entries: this.store.list(account.profile.id) });
  }

  /** Reveal/replace happens in a native input box so a stored secret never travels into the webview. */
  private async cloudReveal(id: string, field: 'Secret' | 'Token'): Promise<void> {
    const account = this.requireAccount();
    if (!account) return;
    const entry = await this.store.get(account.profile.id, id);
    if (!entry) return;
    const others = this.store.list(account.profile.id).filter((e) => e.id !== id).map((e) => ({ ...e, Secret: '', Token: '' }));
    const answer = await ui.input({
      title: msg`${field === 'Secret' ? 'Secret / SAS' : 'Token'} of ${entry.Bucket}`,
      prompt: msg`Shown here only, never in the panel. Edit it and press Enter to replace it, or press Escape to keep it.`,
      value: entry[field],
      password: false,
      ignoreFocusOut: true,
      validateInput: (value) => validateCloudEntry({ ...entry, [field]: value }, others)[field],
    });
    if (answer === undefined || answer.trim() === entry[field]) return;
    await this.store.save(account.profile.id, trimEntry({ ...entry, [field]: answer }));
    this.post({ type: 'cloudEntries', entries: this.store.list(account.profile.id) });
    this.post({ type: 'notice', message: `${field === 'Secret' ? 'Secret / SAS' : 'Token'} of ${entry.Bucket} replaced.` });
  }

  private async cloudExport(target: 'clearml.conf' | 'vault'): Promise<void> {
    const account = this.requireAccount();
    if (!account) return;
    const entries = await this.store.all(account.profile.id);
    if (!entries.length) {
      await ui.info(msg`There are no cloud access entries to export yet. Add one first.`);
      return;
    }
    try {
      if (target === 'clearml.conf') await exportToConf(entries, this.exportEnvironment, this.previews);
      else await exportToVault(entries, account.client, this.previews);
    } catch (e) {
      const message = msg`Export to ${target === 'vault' ? 'your vault' : 'clearml.conf'} failed: ${describeError(e)}`;
      logError('Export', e);
      await ui.error(message);
    }
  }

  get serverCapabilities(): ServerCapabilities | undefined { return this.capabilities; }
}

