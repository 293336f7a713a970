/** Quick fixes: each finding's `fixes` from lintConf, as code actions on the finding's range. */
import * as vscode from 'vscode';
import { sameFinding, toRange } from './convert';
import type { ConfDiagnostics } from './diagnostics';

export class ConfCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly diagnostics: ConfDiagnostics) {}

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const finding of this.diagnostics.findings(document)) {
      if (!finding.fixes?.length || !toRange(finding).intersection(range)) continue;
      const shown = context.diagnostics.filter((d) => sameFinding(d, finding));
      finding.fixes.forEach((fix, i) => {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.edit = new vscode.WorkspaceEdit();
        for (const e of fix.edits) action.edit.replace(document.uri, toRange(e), e.newText);
        action.diagnostics = shown;
        // The first fix of a finding is its best guess (the closest key): Ctrl+. applies it first.
        action.isPreferred = i === 0;
        actions.push(action);
      });
    }
    return actions;
  }
}
