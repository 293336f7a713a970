/**
 * Outline and breadcrumbs (document symbols), folding, and go to definition for `${path}` substitutions and
 * `include` targets, from the position scanner (src/core/conf-language/outline.ts). One scan per document version
 * serves all three.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { nodesAt, outlineConf, referenceAt, type ConfOutline, type OutlineNode } from '../../core/conf-language/outline';
import { toRange } from './convert';
import type { ConfDocumentKind } from './documents';

/** As VS Code's JSON support: beyond this the outline stops (a 400-bucket file has ~3,000). */
const MAX_SYMBOLS = 5_000;

const SYMBOL_KIND: Record<OutlineNode['kind'], vscode.SymbolKind> = {
  object: vscode.SymbolKind.Module,
  array: vscode.SymbolKind.Array,
  value: vscode.SymbolKind.Property,
};

export class ConfNavigation implements vscode.DocumentSymbolProvider, vscode.FoldingRangeProvider, vscode.DefinitionProvider {
  private last: { uri: string; version: number; outline: ConfOutline } | undefined;

  constructor(private readonly kindOf: (uri: vscode.Uri) => ConfDocumentKind | undefined) {}

  private outline(document: vscode.TextDocument): ConfOutline | undefined {
    const kind = this.kindOf(document.uri);
    if (!kind) return undefined;
    const uri = document.uri.toString();
    if (this.last?.uri !== uri || this.last.version !== document.version) this.last = { uri, version: document.version, outline: outlineConf(document.getText(), kind.format) };
    return this.last.outline;
  }

  provideDocumentSymbols(document: vscode.TextDocument): vscode.DocumentSymbol[] {
    const outline = this.outline(document);
    if (!outline) return [];
    let budget = MAX_SYMBOLS;
    const convert = (nodes: OutlineNode[]): vscode.DocumentSymbol[] => {
      const out: vscode.DocumentSymbol[] = [];
      for (const n of nodes) {
        if (budget-- <= 0) break;
        // VS Code refuses an empty name, and a selection range outside the range.
        const range = toRange(n.range);
        const selection = range.contains(toRange(n.keyRange)) ? toRange(n.keyRange) : range;
        const symbol = new vscode.DocumentSymbol(n.name || '""', '', SYMBOL_KIND[n.kind], range, selection);
        symbol.children = convert(n.children);
        out.push(symbol);
      }
      return out;
    };
    return convert(outline.nodes);
  }

  provideFoldingRanges(document: vscode.TextDocument): vscode.FoldingRange[] {
    return (this.outline(document)?.folds ?? []).map((f) => new vscode.FoldingRange(f.startLine, f.endLine, f.kind === 'comment' ? vscode.FoldingRangeKind.Comment : undefined));
  }

  provideDefinition(document: vscode.TextDocument, position: vscode.Position): vscode.Location[] {
    const outline = this.outline(document);
    const reference = outline && referenceAt(outline, position.line, position.character);
    if (!outline || !reference) return [];
    if (reference.kind === 'substitution') {
      // HOCON resolves `${a.b}` from the root; a value set twice resolves to the last, an object merges all.
      const nodes = nodesAt(outline, reference.target);
      const targets = nodes.length && nodes[nodes.length - 1].kind !== 'object' ? nodes.slice(-1) : nodes;
      return targets.map((n) => new vscode.Location(document.uri, toRange(n.keyRange)));
    }
    // Only files next to this one can be opened: url(…) and classpath(…) are the JVM's, not the SDK's.
    if (reference.resource === 'url' || reference.resource === 'classpath' || document.uri.scheme !== 'file') return [];
    const target = path.resolve(path.dirname(document.uri.fsPath), reference.target);
    return fs.existsSync(target) ? [new vscode.Location(vscode.Uri.file(target), new vscode.Position(0, 0))] : [];
  }
}
