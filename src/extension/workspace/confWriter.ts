/**
 * Every write to the user's clearml.conf: a lossless edit of the file the SDK reads, shown as a diff the user can
 * scroll through before anything is asked, then a modal that names what changes (secrets by name only), then an
 * atomic write through a symlinked file, with `.bak` (and a first-time `.orig.bak`). When another program changed
 * the file after the diff was built, the edit is rebuilt on the new text and shown again.
 */
import * as vscode from 'vscode';
import {
  ConcurrentChangeError, ConfigParseError, contentHash, decodeConfBytes, editClearmlConf, encodeConfText, summarizeConfEdits,
  writeConfAtomic, type ConfEdit,
} from '../../core/config';
import { BoundedReadError, MAX_CONFIG_FILE_BYTES, readBoundedRegularFile } from '../../core/config/bounded-read';
import { primaryConfPath } from '../accounts/discovery';
import { logError, logger } from '../log';
import type { CommandTable } from '../services';
import * as ui from '../ui';
import { msg, safeText } from '../safeText';
import { whenDiffClosed, type DiffPreview, type OpenDiff } from './diffPreview';

export interface ConfCredentials { apiServer: string; webServer: string; filesServer?: string; accessKey: string; secretKey: string }

export interface ConfWriteResult { path: string; backupPath?: string; originalBackupPath?: string; /** The file already held the change. */ unchanged?: true }

export interface ConfWritePlan {
  file: string;
  edits: ConfEdit[];
  /** Title of the diff editor tab. */
  diffTitle: string;
  /** The modal's question. */
  question: string;
  /** Appended to the modal's detail (what the change means for the user). */
  consequence?: string;
  /** Told when the file already holds the change. */
  alreadyThere: string;
  showDiff(before: string, after: string, title: string): Promise<OpenDiff>;
}

export const REVIEW_WRITE = 'Write…';
/** How often a change made by another program is folded in before the user is asked to run the command again. */
const MAX_REBUILDS = 2;

/** Bounded and never blocking (a FIFO or device at the path is refused, see readBoundedRegularFile). */
async function readConf(file: string): Promise<Buffer | undefined> {
  try {
    return await readBoundedRegularFile(file, MAX_CONFIG_FILE_BYTES);
  } catch (e) {
    if (e instanceof BoundedReadError && e.problem === 'missing') return undefined;
    throw e;
  }
}

function modalDetail(plan: ConfWritePlan, before: string, existed: boolean): string {
  const changes = summarizeConfEdits(before, plan.edits).map((l) => `• ${l}`);
  const keep = existed
    ? `Everything else in the file stays byte for byte. The current file is kept as ${plan.file}.bak (the first version ever replaced stays in ${plan.file}.orig.bak).`
    : 'The file does not exist yet and is created (readable by you only).';
  return [`In ${plan.file}:`, ...changes, '', keep, plan.consequence].filter((l) => l !== undefined).join('\n');
}

/** The decision of the review under way: the diff editor's title actions and the toast both settle it. */
let settleReview: ((write: boolean) => void) | undefined;
const REVIEW_CONTEXT = 'clearml.confReviewPending';

/** The diff editor's title actions (✓ / discard) while a proposed clearml.conf change is reviewed. */
export const confReviewCommands: CommandTable = {
  'clearml.confReview.write': () => settleReview?.(true),
  'clearml.confReview.discard': () => settleReview?.(false),
};

/**
 * Waits for the user to finish reading the diff. The toast may hide into the notification centre while the
 * diff is read; the ✓ in the diff's title bar stays. Cancel, dismissing the toast or closing the diff cancel.
 */
async function review(diff: OpenDiff, message: string): Promise<boolean> {
  settleReview?.(false);
  const tab = whenDiffClosed(diff.modified);
  const decided = new Promise<boolean>((resolve) => { settleReview = resolve; });
  const mine = settleReview;
  await vscode.commands.executeCommand('setContext', REVIEW_CONTEXT, true);
  try {
    return await Promise.race([
      ui.info(safeText(message), REVIEW_WRITE, 'Cancel').then((a) => a === REVIEW_WRITE),
      decided,
      tab.closed.then(() => false),
    ]);
  } finally {
    tab.dispose();
    if (settleReview === mine) {
      settleReview = undefined;
      await vscode.commands.executeCommand('setContext', REVIEW_CONTEXT, false);
    }
  }
}

export async function reviewAndWriteConf(plan: ConfWritePlan): Promise<ConfWriteResult | undefined> {
  const { file } = plan;
  let rebuilt = false;
  for (let round = 0; ; round++) {
    let bytes: Buffer | undefined;
    try {
      bytes = await readConf(file);
    } catch (e) {
      await ui.error(e instanceof BoundedReadError ? msg`${e.message}` : msg`Cannot read ${file}: ${(e as Error).message}`);
      return undefined;
    }
    const before = bytes ? decodeConfBytes(bytes) : '';
    let after: string;
    try {
      after = editClearmlConf(before, plan.edits);
    } catch (e) {
      const where = e instanceof ConfigParseError ? `${file}:${e.line}:${e.column}: ${e.reason}` : `${file}: ${(e as Error).message}`;
      logError('Editing clearml.conf', where);
      await ui.error(msg`Cannot update clearml.conf because it does not parse: ${where}. Fix the file or copy the section instead.`);
      return undefined;
    }
    if (after === before) {
      void ui.info(safeText(plan.alreadyThere));
      return { path: file, unchanged: true };
    }
    const diff = await plan.showDiff(before, after, plan.diffTitle);
    try {
      const intro = rebuilt
        ? `${file} was changed by another program while you were reviewing; the change was rebuilt on its new content. Review it again in the diff editor.`
        : `Review the change to ${file} in the diff editor (left: current, right: proposed). Nothing is written until you choose ${REVIEW_WRITE} here or ✓ in the diff's title bar.`;
      if (!await review(diff, intro)) return undefined;
      const choice = await ui.confirm(safeText(plan.question), safeText(modalDetail(plan, before, bytes !== undefined)), 'Write');
      if (choice !== 'Write') return undefined;
      const r = await writeConfAtomic(file, encodeConfText(after), { baseHash: contentHash(bytes), keepOriginal: true, followLink: true });
      if (r.sweptTemps.length) logger.log('info', `Removed ${r.sweptTemps.length} temp file(s) left by an interrupted write of ${file}`);
      return { path: file, ...(r.backupPath ? { backupPath: r.backupPath } : {}), ...(r.originalBackupPath ? { originalBackupPath: r.originalBackupPath } : {}) };
    } catch (e) {
      if (e instanceof ConcurrentChangeError) {
        if (round < MAX_REBUILDS) {
          rebuilt = true;
          continue;
        }
        await ui.error(msg`${file} keeps changing while the change is reviewed (another program writes it); nothing was written. Run the command again when it is done.`);
        return undefined;
      }
      await ui.error(msg`Writing ${file} failed: ${(e as Error).message}. The previous file is unchanged.`);
      return undefined;
    } finally {
      await diff.close();
    }
  }
}

export function credentialEdits(creds: ConfCredentials): ConfEdit[] {
  return [
    { kind: 'api', key: 'api_server', value: creds.apiServer },
    { kind: 'api', key: 'web_server', value: creds.webServer },
    ...(creds.filesServer ? [{ kind: 'api' as const, key: 'files_server' as const, value: creds.filesServer }] : []),
    { kind: 'credentials', accessKey: creds.accessKey, secretKey: creds.secretKey },
  ];
}

export async function writeCredentialsToConf(creds: ConfCredentials, preview: DiffPreview): Promise<ConfWriteResult | undefined> {
  const file = primaryConfPath();
  const result = await reviewAndWriteConf({
    file,
    edits: credentialEdits(creds),
    diffTitle: `clearml.conf: add the new credentials (current ↔ proposed)`,
    question: `Write the new credentials to ${file}?`,
    consequence: 'Scripts and agents on this machine that read this file will use the new key.',
    alreadyThere: `${file} already contains these credentials.`,
    showDiff: (before, after, title) => preview.open(file, before, after, before ? title : title.replace('current', 'new file')),
  });
  if (result && !result.unchanged) {
    logger.log('info', `Wrote credentials (access key ${creds.accessKey}) to ${file}${result.backupPath ? `; backup ${result.backupPath}` : ''}`);
  }
  return result;
}
