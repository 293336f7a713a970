/** The one place where commands are registered. Feature areas hand in tables of handlers. */
import * as vscode from 'vscode';
import type { CommandTable } from './services';

export function registerCommands(context: vscode.ExtensionContext, ...tables: CommandTable[]): string[] {
  const ids: string[] = [];
  for (const table of tables) {
    for (const [id, handler] of Object.entries(table)) {
      if (ids.includes(id)) throw new Error(`command ${id} is registered twice`);
      context.subscriptions.push(vscode.commands.registerCommand(id, handler));
      ids.push(id);
    }
  }
  return ids;
}
