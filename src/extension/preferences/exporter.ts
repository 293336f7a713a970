/**
 * Export of the stored cloud-access entries into clearml.conf `sdk.aws.s3.credentials` (lossless edit, diff
 * preview, modal confirmation, atomic write with backup) or into the user's personal configuration vault.
 */
import * as vscode from 'vscode';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  ConfigParseError, discoverSetup, editClearmlConf, parseVault, toJson, toYaml, writeConfAtomic,
  type ConfEdit, type DiscoveryHost, type Env, type VaultFormat,
} from '../../core/config';
import { FeatureUnavailableError, type ClearMLClientApi, type Vault } from '../../core/api';
import { convertAll, mergeS3Credentials, type CloudEntry } from '../../core/preferences/cloudAccess';
import * as ui from '../ui';
import { logger } from '../log';

const PREVIEW_SCHEME = 'clearml-preferences-preview';

/** Read-only documents for the before/after diff shown ahead of every write. */
export class PreviewDocuments implements vscode.TextDocumentContentProvider {
  private readonly docs = new Map<string, string>();
  private counter = 0;
  constructor(private readonly scheme: string = PREVIEW_SCHEME) {}
  provideTextDocumentContent(uri: vscode.Uri): string { return this.docs.get(uri.toString()) ?? ''; }
  register(): vscode.Disposable { return vscode.workspace.registerTextDocumentContentProvider(this.scheme, this); }

  /** Opens a diff of `before` → `after`; returns a function closing it again. */
  async showDiff(name: string, before: string, after: string, title: string): Promise<() => Promise<void>> {
    const n = ++this.counter;
    const left = vscode.Uri.from({ scheme: this.scheme, path: `/${n}/before/${name}` });
    const right = vscode.Uri.from({ scheme: this.scheme, path: `/${n}/after/${name}` });
    this.docs.set(left.toString(), before);
    this.docs.set(right.toString(), after);
    await vscode.commands.executeCommand('vscode.diff', left, right, title, { preview: true, preserveFocus: true });
    return async () => {
      const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === right.toString());
      if (tabs.length) await vscode.window.tabGroups.close(tabs);
      this.docs.delete(left.toString());
      this.docs.delete(right.toString());
    };
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
  try { return fs.readFileSync(file, 'utf8'); } catch { return undefined; }
}

/** The file the SDK treats as "the" clearml.conf ($CLEARML_CONFIG_FILE, else ~/clearml.conf), as discovery reports it. */
export function targetConfFile(host: DiscoveryHost): string {
  try {
    const primary = discoverSetup(host).primaryFile;
    if (primary && path.isAbsolute(primary)) return primary;
  } catch (e) {
    logger.log('warn', `clearml.conf discovery failed, using ~/clearml.conf: ${e instanceof Error ? e.message : String(e)}`);
  }
  return path.join(host.homedir, 'clearml.conf');
}

function skippedNote(skipped: string[]): string {
  return skipped.length ? `\nNot exported: ${skipped.join('; ')}.` : '';
}

export type ExportResult = { written: string; count: number; backupPath?: string } | undefined;

export async function exportToConf(entries: CloudEntry[], env: ExportEnvironment, previews: PreviewDocuments): Promise<ExportResult> {
  const { entries: creds, skipped } = convertAll(entries);
  if (!creds.length) {
    await ui.warn(`Nothing to export into clearml.conf.${skippedNote(skipped)}`);
    return undefined;
  }
  const host = env.discoveryHost();
  const file = targetConfFile(host);
  const before = host.readFile(file) ?? '';
  let after: string;
  try {
    after = editClearmlConf(before, creds.map((entry): ConfEdit => ({ kind: 's3-credentials', entry })));
  } catch (e) {
    const message = e instanceof ConfigParseError ? `${file}:${e.line}:${e.column}: ${e.reason}` : `${file}: ${e instanceof Error ? e.message : String(e)}`;
    await ui.error(`Cannot edit clearml.conf: ${message}`);
    return undefined;
  }
  if (after === before) {
    await ui.info(`${file} already holds these ${creds.length} access entries.`);
    return undefined;
  }
  const closeDiff = await previews.showDiff(path.basename(file), before, after, `clearml.conf: add ${creds.length} storage credential(s)`);
  let answer: string | undefined;
  try {
    answer = await ui.confirm(
      `Write ${creds.length} storage credential(s) into ${file}?`,
      `They go under sdk.aws.s3.credentials; the rest of the file is kept byte for byte.${before ? ` The current file is kept as ${path.basename(file)}.bak.` : ' The file is created.'}${skippedNote(skipped)}`,
      'Write',
    );
  } finally {
    await closeDiff();
  }
  if (answer !== 'Write') return undefined;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const { backupPath } = await writeConfAtomic(file, after);
  logger.log('info', `exported ${creds.length} storage credential(s) into ${file}`);
  void ui.info(`Wrote ${creds.length} storage credential(s) into ${file}.${backupPath ? ` Backup: ${backupPath}` : ''}`);
  return { written: file, count: creds.length, backupPath };
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
    await ui.warn(`Nothing to export into the vault.${skippedNote(skipped)}`);
    return undefined;
  }
  let vaults: Vault[];
  try {
    vaults = await ui.withProgress('Reading your configuration vault…', (signal) => client.getVaults({ types: ['config'] }, { signal }));
  } catch (e) {
    if (e instanceof FeatureUnavailableError) {
      await ui.error(
        'This server has no configuration vault: it is an Enterprise feature (the open-source server does not offer users.get_vaults). Export into clearml.conf instead.',
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
    await ui.error(`Cannot merge into your vault: ${message}`);
    return undefined;
  }
  if (after === before) {
    await ui.info(`Your vault already holds these ${creds.length} access entries.`);
    return undefined;
  }
  const closeDiff = await previews.showDiff(`personal-vault.${format === 'hocon' ? 'conf' : format}`, before, after, `Personal vault: add ${creds.length} storage credential(s)`);
  let answer: string | undefined;
  try {
    answer = await ui.confirm(
      personal ? `Update your personal configuration vault with ${creds.length} storage credential(s)?` : `Create a personal configuration vault with ${creds.length} storage credential(s)?`,
      `The SDK and agents merge the vault over clearml.conf at start-up; a vault's sdk.aws.s3.credentials list replaces the one in clearml.conf as a whole.${personal && !personal.enabled ? ' The vault stays disabled.' : ''}${skippedNote(skipped)}`,
      personal ? 'Update Vault' : 'Create Vault',
    );
  } finally {
    await closeDiff();
  }
  if (!answer) return undefined;
  const vaultId = await ui.withProgress('Saving your configuration vault…', (signal) => client.addOrUpdateVault({
    ...(personal ? { id: personal.id, description: personal.description } : { description: 'Personal vault' }),
    scope: 'user',
    type: 'config',
    format,
    enabled: personal ? personal.enabled : true,
    data: after,
  }, { signal }));
  logger.log('info', `exported ${creds.length} storage credential(s) into vault ${vaultId}`);
  void ui.info(`Saved ${creds.length} storage credential(s) into your personal vault.`);
  return { vaultId, count: creds.length };
}
