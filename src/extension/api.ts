/**
 * What the extension exports to other extensions: the command ids and the account contract. The testing hooks
 * (prompt responders, clipboard capture, the tree model, raw state writes) exist only for the integration tests,
 * so they are part of the export only when VS Code runs the extension in ExtensionMode.Test.
 */
import * as vscode from 'vscode';

export function exportedApi<Api extends object, Testing>(mode: vscode.ExtensionMode, api: Api, testing: () => Promise<Testing>): (Api & { testing?: Testing }) | Promise<Api & { testing?: Testing }> {
  // The hooks reach into every area, so in test mode the areas that load on first use are loaded first.
  return mode === vscode.ExtensionMode.Test ? testing().then((t) => ({ ...api, testing: t })) : { ...api };
}
