/** The workspace / credential / token commands: registered at activation, their code loaded on first use. */
import { lazyCommands } from '../lazy';
import type { CommandTable } from '../services';
import type { WorkspaceContext } from './context';

export type { WorkspaceContext } from './context';

/** The ids of ./table's handlers (the integration tests check that the two agree). */
export const WORKSPACE_COMMAND_IDS = [
  'clearml.switchWorkspace', 'clearml.leaveWorkspace', 'clearml.renameWorkspace', 'clearml.inviteUsers', 'clearml.copyInviteLink',
  'clearml.revokeInvite', 'clearml.createCredentials', 'clearml.editCredentialLabel', 'clearml.revokeCredentials',
  'clearml.copyAccessKey', 'clearml.editUserName', 'clearml.generateGatewayToken', 'clearml.revokeGatewayToken',
  'clearml.openWebSettings', 'clearml.refresh', 'clearml.loadMore', 'clearml.confReview.write', 'clearml.confReview.discard',
] as const;

export function workspaceCommandTable(ctx: WorkspaceContext): CommandTable {
  return lazyCommands(WORKSPACE_COMMAND_IDS, async () => (await import('./table')).workspaceCommandTable(ctx));
}
