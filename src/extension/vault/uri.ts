/**
 * `clearml-vault:/<description>.<ext>?profile=<profile id>&vault=<vault id>` — one document per server vault of one
 * profile. The ids live in the query so tab titles and breadcrumbs show only the vault's name; custom-editor selectors
 * match `scheme:path`, which the query does not affect.
 */
import * as vscode from 'vscode';
import type { Vault } from '../../core/api';
import { normalizeServerFormat, safeFileStem, serverExtension, isLocalVaultFileName, formatFromFileName } from '../../core/vault/format';
import type { VaultFormatName } from '../../core/protocol/vault';

export const VAULT_SCHEME = 'clearml-vault';
export const DIFF_SCHEME = 'clearml-vault-diff';

export interface VaultUriParts {
  profileId: string;
  vaultId: string;
  fileName: string;
}

export function vaultDisplayName(vault: Pick<Vault, 'id' | 'description' | 'scope'>): string {
  return vault.description?.trim() || (vault.scope === 'user' ? 'Personal vault' : `Vault ${vault.id.slice(0, 8)}`);
}

/** The document of a server vault; its file name carries the format the text is in (the server's, unless converted). */
export function vaultUri(profileId: string, vault: Vault, format: VaultFormatName = normalizeServerFormat(vault.format)): vscode.Uri {
  const name = safeFileStem(vaultDisplayName(vault)) + serverExtension(format);
  const query = new URLSearchParams({ profile: profileId, vault: vault.id }).toString();
  return vscode.Uri.from({ scheme: VAULT_SCHEME, path: `/${name}`, query });
}

export function parseVaultUri(uri: vscode.Uri): VaultUriParts | undefined {
  if (uri.scheme !== VAULT_SCHEME) return undefined;
  const params = new URLSearchParams(uri.query);
  const profileId = params.get('profile');
  const vaultId = params.get('vault');
  const fileName = uri.path.split('/').filter(Boolean).pop();
  if (!profileId || !vaultId || !fileName) return undefined;
  return { profileId, vaultId, fileName };
}

/** Any document the vault editor handles: server vaults and local *.vault.* files. */
export function isVaultDocumentUri(uri: vscode.Uri): boolean {
  if (uri.scheme === VAULT_SCHEME) return parseVaultUri(uri) !== undefined;
  if (uri.scheme === DIFF_SCHEME || uri.scheme === 'output') return false;
  return isLocalVaultFileName(uri.path);
}

export function localFormat(uri: vscode.Uri): VaultFormatName {
  return formatFromFileName(uri.path) ?? 'hocon';
}

/**
 * The format of a vault document's text: from its file name, for server vaults too (`Personal vault.json`), so a
 * converted vault is a document of its new format and the server's format changes only when it is saved.
 */
export const documentFormat = localFormat;

/** The same server vault's document in another format. */
export function withFormat(uri: vscode.Uri, format: VaultFormatName): vscode.Uri {
  return uri.with({ path: uri.path.replace(/\.[A-Za-z]+$/, '') + serverExtension(format) });
}
