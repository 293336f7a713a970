/**
 * Shared by the accounts / tree / workspace integration suites: a local ClearML server per suite, a rule-based
 * responder for the extension's prompts, and small accessors for the tree.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startServer, type RunningServer } from '../../server/index';
import { DEMO } from '../../server/demo';
import type { Prompt } from '../../src/extension/ui';
import type { ExplorerNode } from '../../src/extension/tree/nodes';
import { getExtension, waitFor, type ExtensionApi } from './helpers';

export { DEMO };

export type Answer = string | string[] | undefined;

export interface Rule {
  kind?: Prompt['kind'];
  /** Tested against the prompt's title, prompt text, placeholder and message. */
  match: RegExp;
  answer: Answer | ((p: Prompt) => Answer);
  /** How many prompts this rule answers (default 1; Infinity = always). */
  times?: number;
}

export class Prompts {
  private rules: (Rule & { left: number })[] = [];
  readonly seen: Prompt[] = [];
  readonly unanswered: Prompt[] = [];

  constructor(private readonly api: ExtensionApi) {}

  /** Replaces the rules; messages no rule matches are dismissed, other prompts too (and recorded). */
  answer(...rules: Rule[]): this {
    this.rules = rules.map((r) => ({ ...r, left: r.times ?? 1 }));
    this.seen.length = 0;
    this.unanswered.length = 0;
    this.api.testing.ui.setResponder((p) => {
      this.seen.push(p);
      const text = textOf(p);
      const rule = this.rules.find((r) => r.left > 0 && (!r.kind || r.kind === p.kind) && r.match.test(text));
      if (!rule) { if (p.kind !== 'message' || p.modal) this.unanswered.push(p); return undefined; }
      rule.left--;
      return typeof rule.answer === 'function' ? rule.answer(p) : rule.answer;
    });
    return this;
  }

  messages(severity?: 'info' | 'warning' | 'error'): Extract<Prompt, { kind: 'message' }>[] {
    return this.seen.filter((p): p is Extract<Prompt, { kind: 'message' }> => p.kind === 'message' && (!severity || p.severity === severity));
  }

  /** Every rule was used as often as it said (a rule with times: Infinity is never required). */
  assertUsed(): void {
    const unused = this.rules.filter((r) => r.left > 0 && r.times !== Infinity);
    assert.deepEqual(unused.map((r) => String(r.match)), [], `prompts that never came; seen: ${this.seen.map(textOf).join(' | ')}`);
  }
}

export function textOf(p: Prompt): string {
  if (p.kind === 'message') return `${p.message}\n${p.detail ?? ''}`;
  if (p.kind === 'inputBox') return `${p.title ?? ''}\n${p.prompt ?? ''}`;
  return `${p.title ?? ''}\n${p.placeHolder ?? ''}`;
}

export interface Harness {
  api: ExtensionApi;
  prompts: Prompts;
  testing: ExtensionApi['testing']['accounts'];
}

export async function harness(): Promise<Harness> {
  const api = await getExtension();
  return { api, prompts: new Prompts(api), testing: api.testing.accounts };
}

export async function server(edition: 'hosted' | 'opensource' | 'enterprise', extra: Partial<Parameters<typeof startServer>[0]> = {}): Promise<RunningServer> {
  return startServer({ port: 0, edition, ...extra });
}

/** Signs in without prompts, as Jane in her own workspace unless other credentials are given. */
export async function signIn(url: string, creds: { accessKey: string; secretKey: string } = DEMO.signIn): Promise<{ profileId: string; workspaceId: string }> {
  return vscode.commands.executeCommand('clearml.signIn', { apiServer: url, accessKey: creds.accessKey, secretKey: creds.secretKey });
}

/** Fresh start: no profiles, no responder, a clean tree. */
export async function resetAccounts(h: Harness): Promise<void> {
  h.api.testing.ui.reset();
  await h.testing.signOutAll();
  h.testing.model.refresh();
}

export async function roots(h: Harness): Promise<ExplorerNode[]> {
  return h.testing.model.children();
}

/** Child of `parent` (or of the roots) whose kind matches, loading as the tree would. */
export async function child(h: Harness, parent: ExplorerNode | undefined, predicate: (n: ExplorerNode) => boolean, what = 'node'): Promise<ExplorerNode> {
  const children = await h.testing.model.children(parent);
  const hit = children.find(predicate);
  assert.ok(hit, `${what} under ${parent?.label ?? 'root'}; children: ${children.map((c) => `${c.kind}:${c.label}`).join(', ')}`);
  return hit;
}

export async function activeWorkspace(h: Harness): Promise<ExplorerNode> {
  const workspaces = await child(h, undefined, (n) => n.kind === 'workspaces', 'Workspaces');
  return child(h, workspaces, (n) => n.kind === 'workspace' && !!n.isActiveWorkspace, 'active workspace');
}

export async function section(h: Harness, kind: ExplorerNode['kind']): Promise<ExplorerNode> {
  return child(h, await activeWorkspace(h), (n) => n.kind === kind, kind);
}

export async function sectionChildren(h: Harness, kind: ExplorerNode['kind']): Promise<ExplorerNode[]> {
  return h.testing.model.children(await section(h, kind));
}

/** Waits until the tree's cache for `kind` was dropped and reloads it. */
export async function reloadedSection(h: Harness, kind: ExplorerNode['kind'], predicate: (children: ExplorerNode[]) => boolean, message: string): Promise<ExplorerNode[]> {
  return waitFor(async () => {
    const children = await sectionChildren(h, kind);
    return predicate(children) ? children : undefined;
  }, { message });
}

export function calls(srv: RunningServer, endpoint: string): number {
  return srv.state.counters.calls[endpoint] ?? 0;
}
