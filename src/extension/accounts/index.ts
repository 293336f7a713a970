import * as vscode from 'vscode';
import type { AccountService, CommandTable } from '../services';
import { placeholderCommands } from '../placeholder';

export async function activateAccounts(context: vscode.ExtensionContext): Promise<{ service: AccountService; commands: CommandTable; testing?: unknown }> {
  const emitter = new vscode.EventEmitter<undefined>();
  context.subscriptions.push(emitter);
  const tree = vscode.window.createTreeView('clearml.explorer', { treeDataProvider: { getTreeItem: (e: vscode.TreeItem) => e, getChildren: () => [] } });
  context.subscriptions.push(tree);
  await vscode.commands.executeCommand('setContext', 'clearml.initialized', true);
  const service: AccountService = { active: undefined, onDidChangeActive: emitter.event, requireActive: async () => undefined, profiles: () => [] };
  return {
    service,
    commands: placeholderCommands(['clearml.signIn', 'clearml.pasteCredentials', 'clearml.useDetectedConfig', 'clearml.signOut', 'clearml.switchProfile', 'clearml.refresh', 'clearml.switchWorkspace', 'clearml.editUserName', 'clearml.createCredentials', 'clearml.editCredentialLabel', 'clearml.revokeCredentials', 'clearml.copyAccessKey', 'clearml.inviteUsers', 'clearml.copyInviteLink', 'clearml.leaveWorkspace', 'clearml.renameWorkspace', 'clearml.generateGatewayToken', 'clearml.revokeGatewayToken', 'clearml.openWebSettings', 'clearml.loadMore']),
  };
}
