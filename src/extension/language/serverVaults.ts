/**
 * The signed-in profile's configuration vaults, for hovers (the effective value: env > enabled vaults > file >
 * default). One request per profile and minute at most, never one per hover: a hover uses the list at hand, and
 * signing in or out, switching profile and saving a server vault drop it.
 */
import * as vscode from 'vscode';
import { FeatureUnavailableError, type Vault } from '../../core/api';
import type { HoverVault } from '../../core/conf-language';
import { normalizeServerFormat } from '../../core/vault/format';
import { logError } from '../log';
import type { AccountService } from '../services';
import { listConfigVaults } from '../vault/serverVaults';
import { parseVaultUri, VAULT_SCHEME, vaultDisplayName } from '../vault/uri';

/** How long a fetched list is used before the next hover fetches it again. */
const MAX_AGE_MS = 60_000;
/** A hover waits this long for a list being fetched, then goes on without it. */
const HOVER_WAIT_MS = 1_500;

export interface MergeVault extends HoverVault { id: string }

export class ServerVaultCache implements vscode.Disposable {
  private cached: { profileId: string; at: number; vaults: Promise<MergeVault[]> } | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly accounts: AccountService) {
    this.subscriptions = [
      accounts.onDidChangeActive(() => { this.cached = undefined; }),
      vscode.workspace.onDidSaveTextDocument((d) => { if (d.uri.scheme === VAULT_SCHEME) this.cached = undefined; }),
    ];
  }

  /** The enabled config vaults in the SDK's merge order (server order); [] when signed out or not fetched in time. */
  async enabled(): Promise<MergeVault[]> {
    const active = this.accounts.active;
    if (!active) return [];
    if (!this.cached || this.cached.profileId !== active.profile.id || Date.now() - this.cached.at > MAX_AGE_MS) {
      const vaults = listConfigVaults(active.client).then((list) => list.filter((v) => v.enabled).map(toMergeVault), (e: unknown) => {
        if (!(e instanceof FeatureUnavailableError)) logError('Loading the configuration vaults for hovers', e);
        return [];
      });
      this.cached = { profileId: active.profile.id, at: Date.now(), vaults };
    }
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<MergeVault[]>((resolve) => { timer = setTimeout(() => resolve([]), HOVER_WAIT_MS); });
    try {
      return await Promise.race([this.cached.vaults, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** For a server vault document: the enabled vaults merged after it (they win over it); [] for other documents. */
  async mergedAfter(uri: vscode.Uri): Promise<MergeVault[]> {
    const parts = parseVaultUri(uri);
    if (!parts || parts.profileId !== this.accounts.active?.profile.id) return [];
    const vaults = await this.enabled();
    const index = vaults.findIndex((v) => v.id === parts.vaultId);
    return index < 0 ? [] : vaults.slice(index + 1);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}

function toMergeVault(v: Vault): MergeVault {
  return { id: v.id, name: vaultDisplayName(v), format: normalizeServerFormat(v.format), text: v.data ?? '', enabled: true };
}
