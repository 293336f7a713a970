/**
 * The "Setup Check" view: one node per check (status icon, message as description, detail in the tooltip), the
 * findings of a check as children when it has several, and each offered fix as a child that applies it.
 */
import * as vscode from 'vscode';
import type { Finding, Fix, SetupReport } from '../../core/setup-check';
import { CHECK_ORDER } from '../../core/setup-check/order';
import { treeItem, type SealedTreeItem } from '../surfaces';

const TITLE: Record<Finding['check'], string> = {
  'config-file': 'Configuration file',
  'config-parse': 'Configuration syntax',
  'env-overrides': 'Environment overrides',
  'api-url': 'API server address',
  'web-url': 'Web UI address',
  'files-url': 'Files server address',
  'api-reachable': 'API server reachable',
  'api-credentials': 'Credentials accepted',
  'web-reachable': 'Web UI reachable',
  'files-reachable': 'Files server reachable',
  'signed-in-server': 'Signed-in server',
  storage: 'Storage credentials',
};

const ICON: Record<Finding['status'], [string, string]> = {
  ok: ['pass', 'testing.iconPassed'],
  warning: ['warning', 'list.warningForeground'],
  error: ['error', 'list.errorForeground'],
  skipped: ['circle-slash', 'disabledForeground'],
};

const RANK: Record<Finding['status'], number> = { error: 3, warning: 2, ok: 1, skipped: 0 };

export type SetupNode =
  | { kind: 'check'; id: string; check: Finding['check']; findings: Finding[] }
  | { kind: 'finding'; id: string; finding: Finding }
  | { kind: 'fix'; id: string; fix: Fix; finding: Finding };

export function worst(findings: Finding[]): Finding {
  return findings.reduce((a, b) => (RANK[b.status] > RANK[a.status] ? b : a));
}

export function fixLabel(fix: Fix): string {
  if (fix.label) return fix.label;
  if (fix.kind === 'set') return `Set ${fix.path} to ${String(fix.value)}`;
  if (fix.kind === 'set-env') return fix.value === undefined ? `Unset ${fix.name}` : `Set ${fix.name}=${fix.value}`;
  return 'Create credentials and write them to clearml.conf';
}

function findingItem(label: string, f: Finding, id: string, collapsible: boolean, description = f.message): SealedTreeItem {
  // Plain text: messages quote server answers and file contents, which must not render as Markdown.
  const tooltip = `${f.message}${f.cause ? `\n\ncause: ${f.cause}` : ''}${f.detail ? `\n\n${f.detail}` : ''}`;
  const item = treeItem({ label, description, tooltip }, collapsible ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
  item.id = id;
  const [icon, color] = ICON[f.status];
  item.iconPath = new vscode.ThemeIcon(icon, new vscode.ThemeColor(color));
  item.contextValue = `clearml.setupFinding ${f.status}${f.fixes?.length ? ' fixable' : ''}`;
  item.accessibilityInformation = { label: `${label}: ${f.status}. ${f.message}` };
  if (f.location) {
    // A click opens the file where the setting (or the parse error) is.
    const line = Math.max(0, (f.location.line ?? 1) - 1);
    const column = Math.max(0, (f.location.column ?? 1) - 1);
    const selection = new vscode.Range(line, column, line, column);
    // A vault opens as text (its editor's default is the preview, which has no line to go to).
    item.command = f.location.uri
      ? { command: 'vscode.openWith', title: 'Open', arguments: [vscode.Uri.parse(f.location.uri), 'default', { selection }] }
      : { command: 'vscode.open', title: 'Open', arguments: [vscode.Uri.file(f.location.file), { selection }] };
  }
  return item;
}

export class SetupCheckProvider implements vscode.TreeDataProvider<SetupNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<SetupNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private current: SetupReport | undefined;

  get report(): SetupReport | undefined { return this.current; }

  show(report: SetupReport | undefined): void {
    this.current = report;
    this.emitter.fire(undefined);
  }

  getChildren(node?: SetupNode): SetupNode[] {
    if (!this.current) return [];
    if (!node) {
      return CHECK_ORDER
        .map((check) => ({ check, findings: this.current!.findings.filter((f) => f.check === check) }))
        .filter((g) => g.findings.length > 0)
        .map((g) => ({ kind: 'check' as const, id: `check/${g.check}`, check: g.check, findings: g.findings }));
    }
    if (node.kind === 'check') {
      if (node.findings.length > 1) return node.findings.map((finding, i) => ({ kind: 'finding' as const, id: `${node.id}/${i}`, finding }));
      return fixNodes(node.id, node.findings[0]);
    }
    if (node.kind === 'finding') return fixNodes(node.id, node.finding);
    return [];
  }

  getTreeItem(node: SetupNode): vscode.TreeItem {
    if (node.kind === 'fix') {
      const tooltip = `${fixLabel(node.fix)}\n${node.fix.kind === 'set' ? 'Edits clearml.conf after showing the change (a .bak of the file is kept).' : node.fix.kind === 'set-env' ? 'Changes the variable for this VS Code window and its terminals.' : 'Creates new credentials on the server you are signed in to.'}`;
      const item = treeItem({ label: fixLabel(node.fix), tooltip });
      item.id = node.id;
      item.iconPath = new vscode.ThemeIcon('wrench');
      item.contextValue = 'clearml.setupFix';
      item.command = { command: 'clearml.setupCheck.applyFix', title: 'Apply Fix', arguments: [node] };
      return item;
    }
    if (node.kind === 'finding') return findingItem(node.finding.message.split(/[=:]/)[0].trim().slice(0, 40), node.finding, node.id, !!node.finding.fixes?.length);
    const shown = worst(node.findings);
    const many = node.findings.length > 1;
    const count = node.findings.filter((f) => f.status === shown.status).length;
    const description = many ? `${count} ${shown.status === 'ok' ? 'ok' : `${shown.status}${count === 1 ? '' : 's'}`}: ${shown.message}` : undefined;
    const item = findingItem(TITLE[node.check], shown, node.id, many || !!shown.fixes?.length, description);
    if (many) item.contextValue = `clearml.setupFinding ${shown.status}`;
    return item;
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

function fixNodes(parentId: string, f: Finding): SetupNode[] {
  return (f.fixes ?? []).map((fix, i) => ({ kind: 'fix' as const, id: `${parentId}/fix/${i}`, fix, finding: f }));
}
