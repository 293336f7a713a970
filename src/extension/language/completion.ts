/** Completion by position from completeConf: keys valid at the cursor, entry templates, allowed values. */
import * as vscode from 'vscode';
import { completeConf, type ConfCompletion } from '../../core/conf-language';
import type { ConfDocumentKind } from './documents';

const KIND: Record<ConfCompletion['kind'], vscode.CompletionItemKind> = {
  key: vscode.CompletionItemKind.Property,
  value: vscode.CompletionItemKind.Value,
  snippet: vscode.CompletionItemKind.Snippet,
};

/** Typing a key's separator or a dot asks again: the next key, or the value, is what comes now. */
export const TRIGGER_CHARACTERS = ['.', ':', '='];

export class ConfCompletionProvider implements vscode.CompletionItemProvider {
  constructor(private readonly kindOf: (uri: vscode.Uri) => ConfDocumentKind | undefined) {}

  provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem[] {
    const kind = this.kindOf(document.uri);
    if (!kind) return [];
    return completeConf(document.getText(), { line: position.line, character: position.character }, kind).map(toItem);
  }
}

export function toItem(c: ConfCompletion): vscode.CompletionItem {
  const item = new vscode.CompletionItem(c.label, KIND[c.kind] ?? vscode.CompletionItemKind.Text);
  // Entry templates carry tab stops ($1, ${1:bucket}); keys and values are inserted as they are.
  item.insertText = c.kind === 'snippet' ? new vscode.SnippetString(c.insertText) : c.insertText;
  if (c.detail) item.detail = c.detail;
  return item;
}
