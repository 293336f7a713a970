import type * as vscode from 'vscode';
import type { AccountService, CommandTable } from '../services';
import { placeholderCommands } from '../placeholder';

export function activateVaults(_context: vscode.ExtensionContext, _accounts: AccountService): { commands: CommandTable; testing?: unknown } {
  return { commands: placeholderCommands(['clearml.vault.open', 'clearml.vault.openPreview', 'clearml.vault.push', 'clearml.vault.pull', 'clearml.vault.convertFormat', 'clearml.vault.toggleEnabled', 'clearml.vault.showDiff']) };
}
