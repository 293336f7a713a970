/**
 * The platform's floor for "keystroke in a text editor → a webview's DOM": a throw-away extension that does nothing
 * but post the edited line to a webview on every document change, packaged on the fly. The keystroke bench types
 * into it exactly as into the vault editor, so the difference between the two figures is what the extension adds.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VAULT_MESSAGE_MARK } from '../src/core/protocol/vault';
import { REPO_ROOT } from '../test/e2e/harness';

export const ECHO_COMMAND_TITLE = 'Echo Floor: Open Beside';

const EXTENSION_JS = `
const vscode = require('vscode');
exports.activate = (context) => {
  context.subscriptions.push(vscode.commands.registerCommand('echoFloor.open', () => {
    const document = vscode.window.activeTextEditor.document;
    const panel = vscode.window.createWebviewPanel('echoFloor', 'Echo', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: true });
    panel.webview.html = '<!DOCTYPE html><html><body><pre id="line"></pre><script>'
      + 'window.addEventListener("message", (e) => { performance.clearMarks(${JSON.stringify(VAULT_MESSAGE_MARK)}); performance.mark(${JSON.stringify(VAULT_MESSAGE_MARK)}); document.getElementById("line").textContent = e.data; });'
      + '</script></body></html>';
    const sub = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document === document && e.contentChanges.length) void panel.webview.postMessage(document.lineAt(e.contentChanges[0].range.start.line).text);
    });
    panel.onDidDispose(() => sub.dispose());
  }));
};
`;

/** Packages the echo extension; returns the .vsix path and a cleanup. */
export function packageEchoExtension(): { vsix: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'clearml-echo-floor-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({
    name: 'echo-floor', publisher: 'bench', version: '0.0.1', license: 'MIT', main: 'extension.js',
    engines: { vscode: '^1.90.0' }, activationEvents: ['onCommand:echoFloor.open'],
    contributes: { commands: [{ command: 'echoFloor.open', title: ECHO_COMMAND_TITLE }] },
  }));
  writeFileSync(join(dir, 'extension.js'), EXTENSION_JS);
  const vsix = join(dir, 'echo-floor.vsix');
  execFileSync(join(REPO_ROOT, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', vsix], { cwd: dir, stdio: 'pipe' });
  return { vsix, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
