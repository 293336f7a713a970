/** Loads what surrounds a vault document in the preview: base clearml.conf and the server's other config vaults. */
import * as vscode from 'vscode';
import { FeatureUnavailableError, type Vault } from '../../core/api';
import { normalizeServerFormat } from '../../core/vault/format';
import type { PreviewContext } from '../../core/vault/model';
import type { AccountService } from '../services';
import { logError } from '../log';
import { loadBaseConfig } from './baseConfig';
import type { VaultFileSystem } from './fileSystem';
import type { VaultLinks } from './links';
import { listConfigVaults } from './serverVaults';
import { parseVaultUri, vaultDisplayName } from './uri';

export interface LoadedContext {
  context: PreviewContext;
  /** The server vault this document is (server documents) or is linked to (local files). */
  vault?: Vault;
  /** In words, for the header. */
  position: string;
  /** Why the server's vaults are missing, when they are. */
  note?: string;
}

const ordinal = (n: number) => `${n}${n % 10 === 1 && n % 100 !== 11 ? 'st' : n % 10 === 2 && n % 100 !== 12 ? 'nd' : n % 10 === 3 && n % 100 !== 13 ? 'rd' : 'th'}`;

export async function loadPreviewContext(uri: vscode.Uri, accounts: AccountService, fs: VaultFileSystem, links: VaultLinks): Promise<LoadedContext> {
  const base = await loadBaseConfig();
  const parts = parseVaultUri(uri);
  await accounts.ready;
  const active = accounts.active;
  let vaults: Vault[] = [];
  let note: string | undefined;
  if (!active) note = 'Not signed in: the preview merges no server vaults.';
  else if (parts && parts.profileId !== active.profile.id) note = `This vault belongs to another profile (${parts.profileId}); sign in to it to see its neighbours.`;
  else {
    try {
      vaults = await listConfigVaults(active.client);
    } catch (e) {
      note = e instanceof FeatureUnavailableError ? 'This server has no configuration vaults.' : logError('Loading the server\'s vaults for the preview', e);
    }
  }
  const thisId = parts?.vaultId ?? links.get(uri);
  let index = thisId ? vaults.findIndex((v) => v.id === thisId) : -1;
  let vault = index >= 0 ? vaults[index] : undefined;
  if (parts && !vault) vault = fs.entry(uri)?.vault;
  const others = vaults.filter((v) => v.id !== thisId);
  if (index < 0) index = others.length;
  const context: PreviewContext = {
    base: { text: base.text, file: base.file },
    others: others.map((v) => ({ name: vaultDisplayName(v), text: v.data ?? '', format: normalizeServerFormat(v.format), enabled: v.enabled })),
    position: index,
    env: base.env,
  };
  const enabledBefore = others.slice(0, index).filter((v) => v.enabled).length;
  const enabledTotal = others.filter((v) => v.enabled).length + 1;
  let position: string;
  if (parts) position = `server vault, ${ordinal(enabledBefore + 1)} of ${enabledTotal} in merge order`;
  else if (vault) position = `local file linked to the server vault "${vaultDisplayName(vault)}", merged at its place (${ordinal(enabledBefore + 1)} of ${enabledTotal})`;
  else position = vaults.length ? `local file, merged last (as a newly pushed vault would be), after ${enabledTotal - 1} enabled server vault${enabledTotal === 2 ? '' : 's'}` : 'local file, merged over clearml.conf';
  return { context, vault, position, note };
}
