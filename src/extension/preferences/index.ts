import type * as vscode from 'vscode';
import type { AccountService, CommandTable } from '../services';
import { placeholderCommands } from '../placeholder';

export function activatePreferences(_context: vscode.ExtensionContext, _accounts: AccountService): { commands: CommandTable; testing?: unknown } {
  return { commands: placeholderCommands(['clearml.openPreferences']) };
}
