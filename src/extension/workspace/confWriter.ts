/**
 * "Write to clearml.conf": a lossless edit of the file the SDK reads (only the api values and the credentials
 * change), shown as a diff, confirmed in a modal, then written atomically with a .bak of the previous file.
 */
import * as fs from 'node:fs';
import { ConfigParseError, editClearmlConf, writeConfAtomic, type ConfEdit } from '../../core/config';
import { primaryConfPath } from '../accounts/discovery';
import { logError, logger } from '../log';
import * as ui from '../ui';
import { msg } from '../safeText';
import type { DiffPreview } from './diffPreview';

export interface ConfCredentials { apiServer: string; webServer: string; filesServer?: string; accessKey: string; secretKey: string }

export interface ConfWriteResult { path: string; backupPath?: string }

export async function writeCredentialsToConf(creds: ConfCredentials, preview: DiffPreview): Promise<ConfWriteResult | undefined> {
  const path = primaryConfPath();
  let before = '';
  try {
    before = fs.readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
      await ui.error(msg`Cannot read ${path}: ${(e as Error).message}`);
      return undefined;
    }
  }
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
    await ui.error(msg`Cannot update clearml.conf because it does not parse: ${where}. Fix the file or copy the section instead.`);
    return undefined;
  }
  if (after === before) {
    void ui.info(msg`${path} already contains these credentials.`);
    return { path };
  }
  const uris = await preview.show(path, before, after, `clearml.conf: add the new credentials (${before ? 'current' : 'new file'} ↔ proposed)`);
  try {
    const choice = await ui.confirm(msg`Write the new credentials to ${path}?`,
      msg`${before ? `Only the api server URLs and the credentials change; everything else in the file stays as it is. The current file is kept as ${path}.bak.` : 'The file does not exist yet and will be created.'} Scripts and agents on this machine that read this file will use the new key.`,
      'Write');
    if (choice !== 'Write') return undefined;
    const { backupPath } = await writeConfAtomic(path, after);
    logger.log('info', `Wrote new credentials (access key ${creds.accessKey}) to ${path}${backupPath ? `; backup ${backupPath}` : ''}`);
    return { path, backupPath };
  } catch (e) {
    await ui.error(msg`Writing ${path} failed: ${(e as Error).message}. The previous file is unchanged.`);
    return undefined;
  } finally {
    await preview.close(uris);
  }
}
