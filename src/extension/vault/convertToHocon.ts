/**
 * One click from "SDKs read this vault as HOCON: …" to a vault the SDK reads as intended: a quick fix on that
 * diagnostic that runs the existing conversion (clearml.vault.convertFormat, which lists what is lost and asks).
 */
import * as vscode from 'vscode';
import { isVaultDocumentUri } from './uri';

/** How the core's warning starts (formatAsHoconWarning in src/core/vault/model.ts). */
const SDK_READS_AS_HOCON = 'SDKs read this vault as HOCON:';

export class ConvertToHoconAction implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (!isVaultDocumentUri(document.uri)) return [];
    const diagnostic = context.diagnostics.find((d) => d.message.startsWith(SDK_READS_AS_HOCON));
    if (!diagnostic) return [];
    const action = new vscode.CodeAction('Convert this vault to HOCON (the format the SDK reads)', vscode.CodeActionKind.QuickFix);
    action.diagnostics = [diagnostic];
    action.isPreferred = true;
    action.command = { command: 'clearml.vault.convertFormat', title: 'Convert to HOCON', arguments: [document.uri, 'hocon'] };
    return [action];
  }
}
