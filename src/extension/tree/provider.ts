/** Adapts ExplorerModel to VS Code's tree view "clearml.explorer". */
import * as vscode from 'vscode';
import { treeItem, type SealedTreeItem } from '../surfaces';
import type { ExplorerModel } from './model';
import type { ExplorerNode } from './nodes';

const STATES = {
  none: vscode.TreeItemCollapsibleState.None,
  collapsed: vscode.TreeItemCollapsibleState.Collapsed,
  expanded: vscode.TreeItemCollapsibleState.Expanded,
} as const;

export function toTreeItem(node: ExplorerNode): SealedTreeItem {
  // Labels, descriptions and tooltips carry workspace, user and credential names from the server.
  const item = treeItem({ label: node.label, description: node.description, tooltip: node.tooltip }, STATES[node.collapsible]);
  item.id = node.id;
  // Without this, VS Code reads the tooltip to screen readers instead of what the row shows.
  item.accessibilityInformation = { label: [node.label, node.description].filter(Boolean).join(', ') };
  item.contextValue = node.contextValue;
  if (node.icon) item.iconPath = new vscode.ThemeIcon(node.icon, node.iconColor ? new vscode.ThemeColor(node.iconColor) : undefined);
  if (node.command) item.command = node.command;
  return item;
}

export class ExplorerTreeProvider implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<ExplorerNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly subscription: { dispose(): void };

  constructor(readonly model: ExplorerModel) {
    this.subscription = model.onDidChange((node) => this.emitter.fire(node));
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem { return toTreeItem(node); }
  getChildren(node?: ExplorerNode): Promise<ExplorerNode[]> { return this.model.children(node); }
  getParent(node: ExplorerNode): ExplorerNode | undefined { return node.parent; }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}
