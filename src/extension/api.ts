/**
 * What the extension exports to other extensions: the command ids and the account contract. The testing hooks
 * (prompt responders, clipboard capture, the tree model, raw state writes) exist only for the integration tests,
 * so they are part of the export only when VS Code runs the extension in ExtensionMode.Test.
 */
import * as vscode from 'vscode';

export function exportedApi<Api extends object, Testing>(mode: vscode.ExtensionMode, api: Api, testing: () => Testing): Api & { testing?: Testing } {
  return mode === vscode.ExtensionMode.Test ? { ...api, testing: testing() } : { ...api };
}
