/**
 * A singleton panel whose code loads on first use: its serializer (a panel restored with the window) and its
 * command load the controller, which is created once and disposed with the extension.
 */
import * as vscode from 'vscode';
import { once } from '../lazy';
import type { CommandTable } from '../services';

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

export interface PanelAreaSpec<C extends PanelController, T> {
  viewType: string;
  /** The command that opens the panel. */
  command: string;
  /** Loads the panel's code and creates its controller (once, on first use). */
  create: () => Promise<C>;
  /** Test hooks over the controller (handed out in test mode only, by the caller of `testing`). */
  testingHooks: (controller: C) => T | Promise<T>;
}

/** An area that is one lazily loaded panel: its open command, and its test hooks (which load the panel). */
export function lazyPanelArea<C extends PanelController, T>(context: vscode.ExtensionContext, spec: PanelAreaSpec<C, T>): { commands: CommandTable; testing: () => Promise<T> } {
  const panel = lazyPanel(context, spec.viewType, spec.create);
  return {
    commands: { [spec.command]: panel.open },
    testing: async () => spec.testingHooks(await panel.controller()),
  };
}
