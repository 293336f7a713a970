/**
 * Which documents the editor tabs show. A server vault's document outlives its tab (VS Code closes documents minutes
 * later, if at all), so the Problems entries of vaults (language and vault diagnostics alike) follow the tabs.
 */
import * as vscode from 'vscode';

/** The URI strings of the documents shown in any tab group: text and custom editors, and both sides of a diff. */
export function shownDocumentUris(): Set<string> {
  const shown = new Set<string>();
  for (const tab of vscode.window.tabGroups.all.flatMap((g) => g.tabs)) {
    const input = tab.input;
    if (input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom) shown.add(input.uri.toString());
    else if (input instanceof vscode.TabInputTextDiff) { shown.add(input.original.toString()); shown.add(input.modified.toString()); }
  }
  return shown;
}
