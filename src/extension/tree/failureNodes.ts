/**
 * Failures inside the tree become nodes, not notifications: the node says what could not be loaded, names the
 * endpoint and the server's message, and its click does the one useful thing (retry, or sign in again).
 * No `vscode` import (shared with the bench).
 */
import { messageNode, type ExplorerNode } from './nodes';

interface ApiErrorLike { name: string; endpoint: string; code: number; subcode: number; serverMessage: string; kind?: string; message: string }
interface UnavailableLike { name: string; feature: string; endpoint: string; reason: string }

const FEATURE_TEXT: Record<string, string> = {
  gatewayTokens: 'AI gateway tokens are a ClearML Enterprise / app.clear.ml feature',
  vaults: 'Configuration vaults are a ClearML Enterprise feature',
  invites: 'Invitations are managed by app.clear.ml; this server has no invitation API',
  workspaces: 'This server has a single workspace',
};

const SECTION_TEXT: Partial<Record<ExplorerNode['kind'], string>> = {
  workspaces: 'workspaces', members: 'members', credentials: 'app credentials', gatewayTokens: 'AI gateway tokens',
  vaults: 'configuration vaults', invites: 'pending invitations',
};

export function describeTreeFailure(parent: ExplorerNode | undefined, e: unknown, what?: string): ExplorerNode {
  const err = e as Partial<ApiErrorLike & UnavailableLike> | undefined;
  const subject = what ?? (parent ? SECTION_TEXT[parent.kind] ?? parent.label : 'your ClearML profile');
  if (err?.name === 'FeatureUnavailableError') {
    const text = FEATURE_TEXT[err.feature ?? ''] ?? `${err.feature} is not available`;
    return messageNode(parent, 'unavailable', 'Not available on this server', {
      description: text,
      tooltip: `${text}.\n${err.endpoint}: ${err.reason}`,
      icon: 'circle-slash', contextValue: 'clearml.unavailable',
    });
  }
  const retry = { command: 'clearml.refresh', title: 'Retry', arguments: parent ? [parent] : [] };
  if (err?.name === 'ClearMLApiError') {
    const detail = `${err.endpoint}: ${err.serverMessage || err.message}${err.code ? ` (${err.code}/${err.subcode})` : ''}`;
    const invalid = err.code === 401 && (err.subcode === 22 || err.subcode === 21 || err.subcode === 20);
    // The setup check explains an unreachable server or a rejected key; offered inline on the node.
    const setupCheck = invalid || err.code === 0 ? ' setupCheck' : '';
    return messageNode(parent, 'error', invalid ? 'Credentials rejected: sign in again' : `Could not load ${subject}`, {
      description: detail,
      tooltip: `Could not load ${subject}.\n${detail}\n${invalid ? 'Click to sign in with valid credentials.' : 'Click to retry.'}`,
      icon: invalid ? 'warning' : 'error', iconColor: 'errorForeground',
      contextValue: (invalid ? 'clearml.error signIn' : 'clearml.error retry') + setupCheck,
      command: invalid ? { command: 'clearml.signIn', title: 'Sign In' } : retry,
    });
  }
  const message = e instanceof Error ? e.message : String(e);
  return messageNode(parent, 'error', `Could not load ${subject}`, {
    description: message, tooltip: `Could not load ${subject}.\n${message}\nClick to retry.`,
    icon: 'error', iconColor: 'errorForeground', contextValue: 'clearml.error retry', command: retry,
  });
}
