/**
 * The explorer's data: lazily loaded children, cached per node so each expanded node costs exactly one request
 * (until it is refreshed), with paging for members. No `vscode` import (the bench drives it in plain Node);
 * provider.ts adapts it to a TreeDataProvider.
 */
import type { ClearMLClientApi, CurrentUser, Member } from '../../core/api';
import { inviteLink } from '../../core/api/hosted-endpoints';
import { describeTreeFailure } from './failureNodes';
import {
  credentialGroupNode, credentialNode, credentialsSummary, gatewayTokenNode, inviteNode, loadMoreNode, memberNode, messageNode, profileNode, vaultNode,
  workspaceNode, workspaceSections, workspacesNode, type ExplorerNode,
} from './nodes';

export interface ExplorerAccount {
  profileId: string;
  client: ClearMLClientApi;
  apiServer: string;
  /** The key this extension signs in with (marked in App Credentials). */
  accessKey: string;
  /** For invitation links. */
  webServer?: string;
  /** Keys whose secret this machine holds (usable for switching to their workspace). */
  storedKeys?: string[];
  workspaceId?: string;
  userId?: string;
}

export interface ExplorerSource {
  account(): ExplorerAccount | undefined;
  pageSize(): number;
  /** Access key clearml.conf uses, to mark it. */
  confAccessKey(): string | undefined;
  /** Lets the account cache the user loaded for the profile node. */
  userLoaded?(user: CurrentUser): void;
}

interface MemberPages { members: Member[]; nextPage: number; hasMore: boolean; loading?: Promise<void> }

export class ExplorerModel {
  private readonly cache = new Map<string, ExplorerNode[]>();
  private readonly loading = new Map<string, Promise<ExplorerNode[]>>();
  private readonly memberPages = new Map<string, MemberPages>();
  private readonly listeners = new Set<(node: ExplorerNode | undefined) => void>();

  constructor(private readonly source: ExplorerSource) {}

  onDidChange(listener: (node: ExplorerNode | undefined) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private fire(node: ExplorerNode | undefined): void {
    for (const l of this.listeners) l(node);
  }

  /** Children of a node (roots for undefined). Cached: a second call costs no request. */
  children(node?: ExplorerNode): Promise<ExplorerNode[]> {
    const key = node?.id ?? '';
    const cached = this.cache.get(key);
    if (cached) return Promise.resolve(cached);
    const pending = this.loading.get(key);
    if (pending) return pending;
    const description = node?.description;
    const promise: Promise<ExplorerNode[]> = this.load(node).then((children) => {
      // A refresh while loading removed our entry: the answer is stale, so it is returned but not cached.
      if (this.loading.get(key) === promise) {
        this.loading.delete(key);
        this.cache.set(key, children);
      }
      // Loading may update the node's own row (the credentials section's "N of max"). Telling the view only after
      // these children are delivered: a change event while the view still waits for them makes it register the
      // same elements twice ("Element with id … is already registered").
      if (node && node.description !== description) setTimeout(() => this.fire(node), 0);
      return children;
    });
    this.loading.set(key, promise);
    return promise;
  }

  /** Cached children without loading (tests, reveal). */
  peek(node?: ExplorerNode): ExplorerNode[] | undefined {
    return this.cache.get(node?.id ?? '');
  }

  /** Drops the node's children and everything below it (all for undefined) and tells the view. */
  refresh(node?: ExplorerNode): void {
    if (!node) {
      this.cache.clear();
      this.loading.clear();
      this.memberPages.clear();
    } else {
      for (const map of [this.cache, this.loading, this.memberPages] as Map<string, unknown>[]) {
        for (const key of [...map.keys()]) if (key === node.id || key.startsWith(`${node.id}/`)) map.delete(key);
      }
    }
    this.fire(node);
  }

  /** Refreshes the section of the active workspace with this kind (after a command changed it). */
  refreshSection(kind: ExplorerNode['kind']): void {
    const section = this.findCached((n) => n.kind === kind);
    if (section) this.refresh(section);
    else this.refresh();
  }

  /** Changes a loaded node in place (e.g. a new user name) without any request. */
  patch(predicate: (node: ExplorerNode) => boolean, change: Partial<ExplorerNode>): boolean {
    const node = this.findCached(predicate);
    if (!node) return false;
    Object.assign(node, change);
    this.fire(node);
    return true;
  }

  findCached(predicate: (node: ExplorerNode) => boolean): ExplorerNode | undefined {
    for (const children of this.cache.values()) {
      const hit = children.find(predicate);
      if (hit) return hit;
    }
    return undefined;
  }

  /** Appends the next page of members below `more` (a loadMore node): one request. */
  loadMore(more: ExplorerNode): Promise<void> {
    const members = more.parent;
    const pages = members && this.memberPages.get(members.id);
    if (!members || !pages?.hasMore) return Promise.resolve();
    // A double click must not fetch the same page twice (and list its members twice).
    pages.loading ??= this.loadNextPage(members, pages).finally(() => { pages.loading = undefined; });
    return pages.loading;
  }

  private async loadNextPage(members: ExplorerNode, pages: MemberPages): Promise<void> {
    const account = this.source.account();
    if (!account) return;
    const pageSize = this.source.pageSize();
    try {
      const next = await account.client.getMembers(pages.nextPage, pageSize);
      pages.members.push(...next.members);
      pages.nextPage++;
      pages.hasMore = next.hasMore;
      this.cache.set(members.id, this.memberChildren(members, pages, account));
    } catch (e) {
      const current = this.cache.get(members.id) ?? [];
      this.cache.set(members.id, [...current.filter((n) => n.kind !== 'error'), describeTreeFailure(members, e, 'load more members')]);
    }
    this.fire(members);
  }

  private async load(node: ExplorerNode | undefined): Promise<ExplorerNode[]> {
    const account = this.source.account();
    if (!account) return [];
    const { client } = account;
    try {
      switch (node?.kind) {
        case undefined: {
          const user = await client.getCurrentUser();
          this.source.userLoaded?.(user);
          return [profileNode(account.profileId, user, account.apiServer), workspacesNode(account.profileId)];
        }
        case 'workspaces': {
          const workspaces = await client.getUserCompanies();
          if (!workspaces.length) return [messageNode(node, 'empty', 'No workspaces')];
          const active = workspaces.find((w) => w.active)?.id ?? account.workspaceId;
          return workspaces.map((w) => workspaceNode(node, w, active));
        }
        case 'workspace':
          return node.isActiveWorkspace ? workspaceSections(node) : [];
        case 'members': {
          const first = await client.getMembers(0, this.source.pageSize());
          const pages: MemberPages = { members: first.members, nextPage: 1, hasMore: first.hasMore };
          this.memberPages.set(node.id, pages);
          return this.memberChildren(node, pages, account);
        }
        case 'credentials': {
          const listing = await client.listCredentials();
          node.description = credentialsSummary(listing);
          const confKey = this.source.confAccessKey();
          const marks = { inUseKey: account.accessKey, confKey, storedKeys: new Set(account.storedKeys ?? []), now: Date.now() };
          const own = listing.credentials.map((c) => credentialNode(node, c, marks));
          const others = Object.entries(listing.otherWorkspaces).filter(([, keys]) => keys.length);
          const names = others.length ? await this.workspaceNames(client) : new Map<string, string>();
          const groups = others.map(([id, keys]) => credentialGroupNode(node, id, names.get(id) ?? id, keys, marks));
          if (!own.length && !groups.length) return [messageNode(node, 'empty', 'No app credentials', { description: 'Create some', command: { command: 'clearml.createCredentials', title: 'Create App Credentials', arguments: [node] } })];
          return [...own, ...groups];
        }
        case 'credentialGroup':
          return node.groupCredentials ?? [];
        case 'gatewayTokens': {
          const tokens = await client.hosted.listGatewayTokens();
          if (!tokens.length) return [messageNode(node, 'empty', 'No AI gateway tokens', { description: 'Generate one', command: { command: 'clearml.generateGatewayToken', title: 'Generate AI Gateway Token', arguments: [node] } })];
          return tokens.map((t) => gatewayTokenNode(node, t, Date.now()));
        }
        case 'vaults': {
          const vaults = await client.getVaults();
          if (!vaults.length) return [messageNode(node, 'empty', 'No configuration vaults')];
          const { vaultSkipReasons } = await import('./vaultHealth');
          const skipped = await vaultSkipReasons(vaults);
          return vaults.map((v) => vaultNode(node, v, skipped.get(v.id)));
        }
        case 'invites': {
          const invites = await client.hosted.getInvites();
          if (!invites.length) return [messageNode(node, 'empty', 'No pending invitations', { description: 'Invite users', command: { command: 'clearml.inviteUsers', title: 'Invite Users', arguments: [node] } })];
          return invites.map((i) => inviteNode(node, i, account.webServer ? inviteLink(account.webServer, i.id) : undefined, Date.now()));
        }
        default:
          return [];
      }
    } catch (e) {
      return [describeTreeFailure(node, e)];
    }
  }

  /** Names for the other workspaces' key groups: from the workspace nodes already shown, else one listing. */
  private async workspaceNames(client: ClearMLClientApi): Promise<Map<string, string>> {
    const shown = [...this.cache.values()].flat().filter((n) => n.kind === 'workspace');
    if (shown.length) return new Map(shown.map((n) => [n.workspaceId ?? '', n.workspaceName ?? '']));
    const workspaces = await client.getUserCompanies().catch(() => []);
    return new Map(workspaces.map((w) => [w.id, w.name]));
  }

  private memberChildren(node: ExplorerNode, pages: MemberPages, account: ExplorerAccount): ExplorerNode[] {
    if (!pages.members.length) return [messageNode(node, 'empty', 'No members')];
    const children = pages.members.map((m) => memberNode(node, m, account.userId));
    if (pages.hasMore) children.push(loadMoreNode(node, pages.members.length));
    return children;
  }
}
