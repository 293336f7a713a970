/**
 * A singleton panel whose code loads on first use: its serializer (a panel restored with the window) and its
 * command load the controller, which is created once and disposed with the extension.
 */
import * as vscode from 'vscode';
import { once } from '../lazy';

interface PanelController extends vscode.Disposable {
  open(): unknown;
  adopt(panel: vscode.WebviewPanel): unknown;
}

export function lazyPanel<C extends PanelController>(context: vscode.ExtensionContext, viewType: string, create: () => Promise<C>): { controller: () => Promise<C>; open: () => Promise<void> } {
  const controller = once(async () => {
    const c = await create();
    context.subscriptions.push(c);
    return c;
  });
  context.subscriptions.push(vscode.window.registerWebviewPanelSerializer(viewType, {
    deserializeWebviewPanel: async (panel) => { (await controller()).adopt(panel); },
  }));
  return { controller, open: async () => { (await controller()).open(); } };
}
