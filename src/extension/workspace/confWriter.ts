/**
 * "Write to clearml.conf": a lossless edit of the file the SDK reads (only the api values and the credentials
 * change), shown as a diff, confirmed in a modal, then written atomically with a .bak of the previous file.
 */
import * as fs from 'node:fs';
import { ConfigParseError, editClearmlConf, writeConfAtomic, type ConfEdit } from '../../core/config';
import { primaryConfPath } from '../accounts/discovery';
import { logError, logger } from '../log';
import * as ui from '../ui';
import type { DiffPreview } from './diffPreview';

export interface ConfCredentials { apiServer: string; webServer: string; filesServer?: string; accessKey: string; secretKey: string }

export interface ConfWriteResult { path: string; backupPath?: string }

/** The file's text, '' when it does not exist yet; undefined (after telling the user) when it cannot be read. */
export async function readConf(path: string): Promise<string | undefined> {
  try {
    return fs.readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return '';
    await ui.error(`Cannot read ${path}: ${(e as Error).message}`);
    return undefined;
  }
}

export interface ConfChange { title: string; question: string; detail: string; logLine: string }

/** Shows before → after as a diff, asks in a modal, then writes atomically keeping a .bak; undefined when declined or failed. */
export async function confirmConfWrite(path: string, before: string, after: string, change: ConfChange, preview: DiffPreview): Promise<ConfWriteResult | undefined> {
  const uris = await preview.show(path, before, after, change.title);
  try {
    const choice = await ui.confirm(change.question, change.detail, 'Write');
    if (choice !== 'Write') return undefined;
    const { backupPath } = await writeConfAtomic(path, after);
    logger.log('info', `${change.logLine} in ${path}${backupPath ? `; backup ${backupPath}` : ''}`);
    return { path, backupPath };
  } catch (e) {
    await ui.error(`Writing ${path} failed: ${(e as Error).message}. The previous file is unchanged.`);
    return undefined;
  } finally {
    await preview.close(uris);
  }
}

export async function writeCredentialsToConf(creds: ConfCredentials, preview: DiffPreview): Promise<ConfWriteResult | undefined> {
  const path = primaryConfPath();
  const before = await readConf(path);
  if (before === undefined) return undefined;
  const edits: ConfEdit[] = [
    { kind: 'api', key: 'api_server', value: creds.apiServer },
    { kind: 'api', key: 'web_server', value: creds.webServer },
    ...(creds.filesServer ? [{ kind: 'api' as const, key: 'files_server' as const, value: creds.filesServer }] : []),
    { kind: 'credentials', accessKey: creds.accessKey, secretKey: creds.secretKey },
  ];
  let after: string;
  try {
    after = editClearmlConf(before, edits);
  } catch (e) {
    const where = e instanceof ConfigParseError ? `${path}:${e.line}:${e.column}: ${e.reason}` : `${path}: ${(e as Error).message}`;
    logError('Editing clearml.conf', where);
    await ui.error(`Cannot update clearml.conf because it does not parse: ${where}. Fix the file or copy the section instead.`);
    return undefined;
  }
  if (after === before) {
    void ui.info(`${path} already contains these credentials.`);
    return { path };
  }
  return confirmConfWrite(path, before, after, {
    title: `clearml.conf: add the new credentials (${before ? 'current' : 'new file'} ↔ proposed)`,
    question: `Write the new credentials to ${path}?`,
    detail: `${before ? `Only the api server URLs and the credentials change; everything else in the file stays as it is. The current file is kept as ${path}.bak.` : 'The file does not exist yet and will be created.'} Scripts and agents on this machine that read this file will use the new key.`,
    logLine: `Wrote new credentials (access key ${creds.accessKey})`,
  }, preview);
}
