/** What the workspace commands share: the account, the tree model, the detected setup, and a progress+failure wrapper. */
import * as vscode from 'vscode';
import type { ClearMLClientApi } from '../../core/api';
import type { SetupDetector } from '../accounts/setupDetector';
import type { AccountManager, ActiveProfileAccount } from '../accounts/service';
import type { ExplorerModel } from '../tree/model';
import * as ui from '../ui';
import type { DiffPreview } from './diffPreview';
import { reportFailure } from './failures';

export interface WorkspaceContext {
  accounts: AccountManager;
  model: ExplorerModel;
  detector: SetupDetector;
  preview: DiffPreview;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false };

/**
 * Runs one API operation with progress; on failure shows "<what> failed: <endpoint>: <server message>" with one
 * useful action (Retry re-runs the whole command when given).
 */
export async function attempt<T>(what: string, progressTitle: ui.SafeText, task: (client: ClearMLClientApi, signal: AbortSignal) => Promise<T>, account: ActiveProfileAccount, retry?: () => unknown, location = vscode.ProgressLocation.Notification): Promise<Outcome<T>> {
  try {
    const value = await ui.withProgress(progressTitle, (signal) => task(account.client, signal), location);
    return { ok: true, value };
  } catch (e) {
    await reportFailure(what, e, retry);
    return { ok: false };
  }
}

export async function requireAccount(ctx: WorkspaceContext): Promise<ActiveProfileAccount | undefined> {
  await ctx.accounts.requireActive();
  return ctx.accounts.active;
}
