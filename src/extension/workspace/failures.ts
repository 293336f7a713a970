/**
 * Failure wording shared by commands (a message with one useful action) and the tree (an error node).
 * Every text names what failed: the endpoint and the server's own message.
 */
import * as vscode from 'vscode';
import * as ui from '../ui';
import { msg } from '../safeText';
import { logError, outputChannel } from '../log';
import { isApiError, isFeatureUnavailable, isInvalidCredentials } from '../accounts/service';

/** Offered where the setup itself may be the cause (unreachable server, rejected key). */
export const RUN_SETUP_CHECK = 'Run Setup Check';

export type FailureKind = 'invalid-credentials' | 'unavailable' | 'unreachable' | 'server' | 'other';

export interface FailureDescription {
  kind: FailureKind;
  /** One line: "<endpoint>: <server message> (<code>/<subcode>)". */
  detail: string;
  endpoint?: string;
}

export function describeFailure(e: unknown): FailureDescription {
  if (isFeatureUnavailable(e)) return { kind: 'unavailable', detail: `${e.endpoint}: ${e.reason}`, endpoint: e.endpoint };
  if (isApiError(e)) {
    const code = e.code ? ` (${e.code}/${e.subcode})` : '';
    const detail = `${e.endpoint}: ${e.serverMessage || e.message}${code}`;
    if (isInvalidCredentials(e)) return { kind: 'invalid-credentials', detail, endpoint: e.endpoint };
    if (e.code === 0 || e.kind === 'transport' || e.kind === 'timeout' || e.kind === 'tls') return { kind: 'unreachable', detail, endpoint: e.endpoint };
    return { kind: 'server', detail, endpoint: e.endpoint };
  }
  return { kind: 'other', detail: e instanceof Error ? e.message : String(e) };
}

export function isCancelled(e: unknown): boolean {
  return isApiError(e) && e.kind === 'cancelled';
}

/**
 * Shows "<what> failed: <detail>" with the one action that helps most: sign in again for rejected credentials,
 * retry for transient problems (when the caller can retry), otherwise the log.
 */
export async function reportFailure(what: string, e: unknown, retry?: () => unknown): Promise<void> {
  if (isCancelled(e)) return;
  const failure = describeFailure(e);
  logError(what, e);
  const text = msg`${what} failed: ${failure.detail}`;
  if (failure.kind === 'invalid-credentials') {
    // While signing in, "try again" with the other fields kept is the useful action; elsewhere, a new sign-in.
    const action = retry ? 'Try Again' : 'Sign In';
    const choice = await ui.error(text, action, RUN_SETUP_CHECK);
    if (choice === RUN_SETUP_CHECK) await vscode.commands.executeCommand('clearml.setupCheck.run');
    if (choice !== action) return;
    if (retry) await retry(); else await vscode.commands.executeCommand('clearml.signIn');
    return;
  }
  if (retry && (failure.kind === 'unreachable' || failure.kind === 'server' || failure.kind === 'other')) {
    const choice = await ui.error(text, 'Retry', ...(failure.kind === 'unreachable' ? [RUN_SETUP_CHECK] : []));
    if (choice === RUN_SETUP_CHECK) await vscode.commands.executeCommand('clearml.setupCheck.run');
    if (choice === 'Retry') await retry();
    return;
  }
  if (failure.kind === 'unreachable') {
    if ((await ui.error(text, RUN_SETUP_CHECK)) === RUN_SETUP_CHECK) await vscode.commands.executeCommand('clearml.setupCheck.run');
    return;
  }
  if ((await ui.error(text, 'Show Log')) === 'Show Log') outputChannel().show(true);
}
