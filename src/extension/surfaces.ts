/**
 * The seam for every VS Code surface that is not a prompt (those are in ui.ts): tree items, tree views, the status
 * bar, webview panel titles, hovers and other Markdown. A workspace, vault, bucket or user name from a server, or a
 * key or value from a file, reaches these surfaces; each one renders part of `[label](command:…)`, `$(icon)` or
 * Markdown, so each function here neutralises (or escapes) what its surface renders, and the objects it returns
 * are typed so their text cannot be set again around it. ESLint forbids creating these objects anywhere else.
 *
 * What renders where (VS Code 1.100): tree item labels and descriptions show text as is, but their hover shows a
 * string tooltip as text and a MarkdownString tooltip as Markdown; a view's message and title are text; status bar
 * text draws `$(icon)`, its tooltip as the tree's; a panel title is text. Neutralising text that would show as is
 * costs one space and keeps a later change of VS Code's rendering from turning a name into a link.
 */
import * as vscode from 'vscode';
import { neutralise, type SafeMarkdown, type SafeText } from './safeText';
import { recordSurface } from './ui';

export { md, escapeMarkdown, type SafeMarkdown } from './safeText';

const optional = (text: string | undefined) => (text === undefined ? undefined : neutralise(text));

/**
 * Markdown that is never trusted: no command links run, no HTML, no `$(icon)`. For Markdown written with
 * `md`…``, whose values are escaped; hovers and Markdown tooltips take only this.
 */
export function markdown(text: SafeMarkdown): vscode.MarkdownString {
  recordSurface('markdown', text);
  const shown = new vscode.MarkdownString(text, false);
  shown.isTrusted = false;
  shown.supportHtml = false;
  shown.supportThemeIcons = false;
  return shown;
}

/**
 * Markdown built elsewhere from file text (the conf-language hovers of src/core): untrusted as above, and its link,
 * autolink and icon syntax defused, so a key or value from a file cannot become a link even if it was not escaped.
 */
export function markdownFromCore(text: string): vscode.MarkdownString {
  return markdown(neutralise(text) as string as SafeMarkdown);
}

/** A hover over Markdown from this seam (a hover's plain strings are Markdown too, so none are accepted). */
export function hover(contents: vscode.MarkdownString | vscode.MarkdownString[], range?: vscode.Range): vscode.Hover {
  return new vscode.Hover(contents, range);
}

/** The text a tree item shows: its label, the dimmed description, and the tooltip (plain text or seam Markdown). */
export interface TreeItemText {
  label: string;
  description?: string;
  tooltip?: string | vscode.MarkdownString;
}

/** A tree item whose text was set by `treeItem` and cannot be set again; everything else (icon, command) is open. */
export type SealedTreeItem = Omit<vscode.TreeItem, 'label' | 'description' | 'tooltip'> & { readonly label: string; readonly description?: string; readonly tooltip?: string | vscode.MarkdownString };

export function treeItem(text: TreeItemText, collapsibleState = vscode.TreeItemCollapsibleState.None): SealedTreeItem {
  const item = new vscode.TreeItem(neutralise(text.label), collapsibleState);
  item.description = optional(text.description);
  // A MarkdownString can only come from markdown() above; a string tooltip shows as text.
  item.tooltip = typeof text.tooltip === 'string' ? neutralise(text.tooltip) : text.tooltip;
  recordSurface('treeItem', item.label as string, item.description, typeof item.tooltip === 'string' ? item.tooltip : item.tooltip?.value);
  return item as SealedTreeItem;
}

/** A tree view whose message, description and title change only through `setViewText`. */
export type SealedTreeView<T> = Omit<vscode.TreeView<T>, 'message' | 'description' | 'title'> & { readonly message?: string; readonly description?: string; readonly title?: string };

export function treeView<T>(viewId: string, options: vscode.TreeViewOptions<T>): SealedTreeView<T> {
  return vscode.window.createTreeView(viewId, options);
}

export function setViewText<T>(view: SealedTreeView<T>, text: { message?: SafeText; description?: SafeText }): void {
  const open = view as vscode.TreeView<T>;
  if (text.message !== undefined) open.message = neutralise(text.message);
  if (text.description !== undefined) open.description = neutralise(text.description);
  recordSurface('treeView', open.message, open.description);
}

/** A status bar item whose text and tooltip change only through `setStatusBarText`. */
export type SealedStatusBarItem = Omit<vscode.StatusBarItem, 'text' | 'tooltip'> & { readonly text: string; readonly tooltip?: string | vscode.MarkdownString };

export function statusBarItem(id: string, alignment: vscode.StatusBarAlignment, priority: number): SealedStatusBarItem {
  return vscode.window.createStatusBarItem(id, alignment, priority);
}

/**
 * Status bar text draws `$(icon)`: the one icon is this extension's (a codicon id), the text after it is
 * neutralised, so a workspace name cannot add icons or links.
 */
export function setStatusBarText(item: SealedStatusBarItem, text: { icon?: string; text: SafeText; tooltip: SafeText }): { text: string; tooltip: string } {
  const open = item as vscode.StatusBarItem;
  const shown = { text: `${text.icon ? `$(${text.icon}) ` : ''}${neutralise(text.text)}`, tooltip: neutralise(text.tooltip) };
  open.text = shown.text;
  open.tooltip = shown.tooltip;
  recordSurface('statusBar', shown.text, shown.tooltip);
  return shown;
}

export function webviewPanel(viewType: string, title: SafeText, column: vscode.ViewColumn, options: vscode.WebviewPanelOptions & vscode.WebviewOptions): vscode.WebviewPanel {
  recordSurface('panelTitle', neutralise(title));
  return vscode.window.createWebviewPanel(viewType, neutralise(title), column, options);
}

/** Also for the panels VS Code restores after a reload (ESLint forbids assigning a title anywhere else). */
export function setPanelTitle(panel: vscode.WebviewPanel, title: SafeText): void {
  const shown = neutralise(title);
  recordSurface('panelTitle', shown);
  panel.title = shown;
}
