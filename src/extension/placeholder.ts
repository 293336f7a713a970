import * as vscode from 'vscode';
import type { CommandTable } from './services';

/** Temporary handlers for commands whose feature area is not built yet. */
export function placeholderCommands(ids: string[]): CommandTable {
  return Object.fromEntries(ids.map((id) => [id, () => vscode.window.showWarningMessage(`${id} is not available yet.`)]));
}
