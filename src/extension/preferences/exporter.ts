/**
 * Export of the stored cloud-access entries into clearml.conf `sdk.aws.s3.credentials` (lossless edit, diff
 * preview, modal confirmation, atomic write with backup) or into the user's personal configuration vault.
 */
import * as vscode from 'vscode';
import { MAX_CONFIG_FILE_BYTES, readBoundedRegularFileSync } from '../../core/config/bounded-read';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  ConfigParseError, confFilePath, editClearmlConf, parseVault, toJson, toYaml,
  type ConfEdit, type DiscoveryHost, type Env, type VaultFormat,
} from '../../core/config';
import { FeatureUnavailableError, type ClearMLClientApi, type Vault } from '../../core/api';
import { convertAll, mergeS3Credentials, type CloudEntry } from '../../core/preferences/cloudAccess';
import * as ui from '../ui';
import { msg } from '../safeText';
import { logger } from '../log';
import { reviewAndWriteConf } from '../workspace/confWriter';
import { whenDiffClosed, type OpenDiff } from '../workspace/diffPreview';

const PREVIEW_SCHEME = 'clearml-preferences-preview';

/** Read-only documents for the before/after diff shown ahead of every write. */
export class PreviewDocuments implements vscode.TextDocumentContentProvider {
  private readonly docs = new Map<string, string>();
  private counter = 0;
  constructor(private readonly scheme: string = PREVIEW_SCHEME) {}
  provideTextDocumentContent(uri: vscode.Uri): string { return this.docs.get(uri.toString()) ?? ''; }
  register(): vscode.Disposable { return vscode.workspace.registerTextDocumentContentProvider(this.scheme, this); }

  /** Opens a diff of `before` → `after` (focused, so it can be scrolled at once). */
  async showDiff(name: string, before: string, after: string, title: string): Promise<OpenDiff> {
    const n = ++this.counter;
    const left = vscode.Uri.from({ scheme: this.scheme, path: `/${n}/before/${name}` });
    const right = vscode.Uri.from({ scheme: this.scheme, path: `/${n}/after/${name}` });
    this.docs.set(left.toString(), before);
    this.docs.set(right.toString(), after);
    await vscode.commands.executeCommand('vscode.diff', left, right, title, { preview: true, preserveFocus: false });
    const close = async () => {
      const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === right.toString());
      if (tabs.length) await vscode.window.tabGroups.close(tabs);
      this.docs.delete(left.toString());
      this.docs.delete(right.toString());
    };
    return { modified: right, close };
  }
}

export interface ExportEnvironment {
  /** Where clearml.conf is looked up (tests inject CLEARML_CONFIG_FILE / a temporary home). */
  discoveryHost(): DiscoveryHost;
}

export const defaultEnvironment: ExportEnvironment = {
  discoveryHost: () => ({ env: process.env as Env, homedir: os.homedir(), readFile }),
};

export function readFile(file: string): string | undefined {
  // bounded and never blocking: a FIFO or device at the path reads as no file
  try { return readBoundedRegularFileSync(file, MAX_CONFIG_FILE_BYTES).toString('utf8'); } catch { return undefined; }
}

/** The file the SDK treats as "the" clearml.conf ($CLEARML_CONFIG_FILE / $TRAINS_CONFIG_FILE, else ~/clearml.conf). */
export function targetConfFile(host: DiscoveryHost): string {
  return confFilePath(host.env, host.homedir);
}

function skippedNote(skipped: string[]): string {
  return skipped.length ? `\nNot exported: ${skipped.join('; ')}.` : '';
}

export type ExportResult = { written: string; count: number; backupPath?: string } | undefined;

export async function exportToConf(entries: CloudEntry[], env: ExportEnvironment, previews: PreviewDocuments): Promise<ExportResult> {
  const { entries: creds, skipped } = convertAll(entries);
  if (!creds.length) {
    await ui.warn(msg`Nothing to export into clearml.conf.${skippedNote(skipped)}`);
    return undefined;
  }
  const file = targetConfFile(env.discoveryHost());
  const result = await reviewAndWriteConf({
    file,
    edits: creds.map((entry): ConfEdit => ({ kind: 's3-credentials', entry })),
    diffTitle: `clearml.conf: add ${creds.length} storage credential(s)`,
    question: `Write ${creds.length} storage credential(s) into ${file}?`,
    consequence: skippedNote(skipped).trim() || undefined,
    alreadyThere: `${file} already holds these ${creds.length} access entries.`,
    showDiff: (before, after, title) => previews.showDiff(path.basename(file), before, after, title),
  });
  if (!result || result.unchanged) return undefined;
  logger.log('info', `exported ${creds.length} storage credential(s) into ${file}`);
  void ui.info(msg`Wrote ${creds.length} storage credential(s) into ${file}.${result.backupPath ? ` Backup: ${result.backupPath}` : ''}`);
  return { written: file, count: creds.length, backupPath: result.backupPath };
}

function vaultFormat(format: string | undefined): VaultFormat {
  return format === 'json' || format === 'yaml' ? format : 'hocon';
}

/**
 * Merges the entries into the personal (scope "user", type "config") vault. HOCON vaults are edited in place
 * (comments kept); JSON/YAML vaults are parsed, merged and serialised in their own format.
 */
export async function exportToVault(entries: CloudEntry[], client: ClearMLClientApi, previews: PreviewDocuments): Promise<{ vaultId: string; count: number } | undefined> {
  const { entries: creds, skipped } = convertAll(entries);
  if (!creds.length) {
    await ui.warn(msg`Nothing to export into the vault.${skippedNote(skipped)}`);
    return undefined;
  }
  let vaults: Vault[];
  try {
    vaults = await ui.withProgress(msg`Reading your configuration vault…`, (signal) => client.getVaults({ types: ['config'] }, { signal }));
  } catch (e) {
    if (e instanceof FeatureUnavailableError) {
      await ui.error(
        msg`This server has no configuration vault: it is an Enterprise feature (the open-source server does not offer users.get_vaults). Export into clearml.conf instead.`,
      );
      return undefined;
    }
    throw e;
  }
  const personal = vaults.find((v) => v.scope === 'user' && v.type === 'config');
  const format = vaultFormat(personal?.format);
  const before = personal?.data ?? '';
  let after: string;
  try {
    if (format === 'hocon') {
      after = editClearmlConf(before, creds.map((entry): ConfEdit => ({ kind: 's3-credentials', entry })));
    } else {
      const merged = mergeS3Credentials(before.trim() ? parseVault(before, format, { filename: 'personal vault' }) : {}, creds);
      after = format === 'json' ? toJson(merged) : toYaml(merged);
    }
  } catch (e) {
    const message = e instanceof ConfigParseError ? `personal vault:${e.line}:${e.column}: ${e.reason}` : e instanceof Error ? e.message : String(e);
    await ui.error(msg`Cannot merge into your vault: ${message}`);
    return undefined;
  }
  if (after === before) {
    await ui.info(msg`Your vault already holds these ${creds.length} access entries.`);
    return undefined;
  }
  // `.hocon`: VS Code opens `*.conf` as "Properties"; the extension's HOCON language claims `*.hocon`.
  const { modified, close: closeDiff } = await previews.showDiff(`personal-vault.${format}`, before, after, `Personal vault: add ${creds.length} storage credential(s)`);
  let answer: string | undefined;
  // A notification, not a modal: the diff stays visible and scrollable while the question waits; closing it cancels.
  const diffClosed = whenDiffClosed(modified);
  try {
    answer = await Promise.race([
      ui.info(
        personal ? msg`Update your personal configuration vault with ${creds.length} storage credential(s)? Review the diff first. The SDK and agents merge the vault over clearml.conf at start-up; a vault's sdk.aws.s3.credentials list replaces the one in clearml.conf as a whole.${personal && !personal.enabled ? ' The vault stays disabled.' : ''}${skippedNote(skipped)}`
          : msg`Create a personal configuration vault with ${creds.length} storage credential(s)? Review the diff first. The SDK and agents merge the vault over clearml.conf at start-up; a vault's sdk.aws.s3.credentials list replaces the one in clearml.conf as a whole.${skippedNote(skipped)}`,
        personal ? 'Update Vault' : 'Create Vault',
      ),
      diffClosed.closed.then(() => undefined),
    ]);
  } finally {
    diffClosed.dispose();
    await closeDiff();
  }
  if (!answer) return undefined;
  const vaultId = await ui.withProgress(msg`Saving your configuration vault…`, (signal) => client.addOrUpdateVault({
    ...(personal ? { id: personal.id, description: personal.description } : { description: 'Personal vault' }),
    scope: 'user',
    type: 'config',
    format,
    enabled: personal ? personal.enabled : true,
    data: after,
  }, { signal }));
  logger.log('info', `exported ${creds.length} storage credential(s) into vault ${vaultId}`);
  void ui.info(msg`Saved ${creds.length} storage credential(s) into your personal vault.`);
  return { vaultId, count: creds.length };
}
