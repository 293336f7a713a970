/** The language area, loaded with the first clearml.conf or vault document (see ./index): every provider at once. */
import * as vscode from 'vscode';
import type { AccountService } from '../services';
import { ConfCodeActions } from './codeActions';
import { ConfCompletionProvider, TRIGGER_CHARACTERS } from './completion';
import { ConfDiagnostics } from './diagnostics';
import { confDocumentKind, confDocumentSelector } from './documents';
import { ConfHoverProvider } from './hover';
import { ConfNavigation } from './navigation';
import { ServerVaultCache } from './serverVaults';

export function createLanguageArea(accounts: AccountService): vscode.Disposable {
  const kindOf = (uri: vscode.Uri) => confDocumentKind(uri);
  const selector = confDocumentSelector();
  const diagnostics = new ConfDiagnostics(kindOf);
  const vaults = new ServerVaultCache(accounts);
  const navigation = new ConfNavigation(kindOf);
  const disposables: vscode.Disposable[] = [
    diagnostics,
    vaults,
    vscode.languages.registerCodeActionsProvider(selector, new ConfCodeActions(diagnostics), ConfCodeActions.metadata),
    vscode.languages.registerHoverProvider(selector, new ConfHoverProvider(kindOf, vaults)),
    vscode.languages.registerCompletionItemProvider(selector, new ConfCompletionProvider(kindOf), ...TRIGGER_CHARACTERS),
    vscode.languages.registerDocumentSymbolProvider(selector, navigation, { label: 'ClearML' }),
    vscode.languages.registerFoldingRangeProvider(selector, navigation),
    vscode.languages.registerDefinitionProvider(selector, navigation),
    plainTextAsHocon(kindOf),
  ];
  return vscode.Disposable.from(...disposables);
}

/**
 * The file CLEARML_CONFIG_FILE names may have any name (`~/.config/clearml/prod.cfg`): opened as plain text it
 * would get no colours and VS Code's word-based suggestions (which offer the secret key as a word). It is HOCON.
 */
function plainTextAsHocon(kindOf: (uri: vscode.Uri) => unknown): vscode.Disposable {
  const adopt = (d: vscode.TextDocument) => {
    if (d.languageId === 'plaintext' && kindOf(d.uri)) void vscode.languages.setTextDocumentLanguage(d, 'hocon');
  };
  vscode.workspace.textDocuments.forEach(adopt);
  return vscode.workspace.onDidOpenTextDocument(adopt);
}
