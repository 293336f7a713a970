/**
 * Hover: what a key does and the value the SDK will use, from hoverConf. The markdown is the core's; text in it
 * comes from the file (key names, values), so it goes through the project's seam for such Markdown
 * (surfaces.markdownFromCore): not trusted (no command links), no HTML, no theme icons, link syntax defused.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { hover as hoverOf, markdownFromCore } from '../surfaces';
import { loadBaseConfig } from '../vault/baseConfig';
import { hoverConf, type HoverOptions } from '../../core/conf-language';
import type { ConfDocumentKind } from './documents';
import type { ServerVaultCache } from './serverVaults';

/** A key, a dotted path or a value under the cursor, for the range the hover is anchored to. */
const HOVER_WORD = /[^\s{}[\]:=,"#]+/;

export class ConfHoverProvider implements vscode.HoverProvider {
  constructor(private readonly kindOf: (uri: vscode.Uri) => ConfDocumentKind | undefined, private readonly vaults: ServerVaultCache) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    const kind = this.kindOf(document.uri);
    if (!kind) return undefined;
    const options: HoverOptions = { ...kind, env: process.env, fileName: path.posix.basename(document.uri.path) };
    if (kind.role === 'clearml.conf') {
      options.vaults = await this.vaults.enabled();
    } else {
      // In a vault: env > the vaults merged after this one > this vault > clearml.conf.
      options.vaults = await this.vaults.mergedAfter(document.uri);
      options.confText = (await loadBaseConfig()).text;
    }
    if (token.isCancellationRequested) return undefined;
    const hover = hoverConf(document.getText(), { line: position.line, character: position.character }, options);
    if (!hover) return undefined;
    return hoverOf(markdownFromCore(hover.markdown), document.getWordRangeAtPosition(position, HOVER_WORD));
  }
}
