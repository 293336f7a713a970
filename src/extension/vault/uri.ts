/** `clearml-vault:/<profile id>/<vault id>/<description>.<ext>` — one document per server vault of one profile. */
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

export function vaultUri(profileId: string, vault: Vault): vscode.Uri {
  const name = safeFileStem(vaultDisplayName(vault)) + serverExtension(normalizeServerFormat(vault.format));
  return vscode.Uri.from({ scheme: VAULT_SCHEME, path: `/${encodeURIComponent(profileId)}/${encodeURIComponent(vault.id)}/${name}` });
}

export function parseVaultUri(uri: vscode.Uri): VaultUriParts | undefined {
  if (uri.scheme !== VAULT_SCHEME) return undefined;
  const parts = uri.path.split('/').filter(Boolean);
  if (parts.length !== 3) return undefined;
  try {
    return { profileId: decodeURIComponent(parts[0]), vaultId: decodeURIComponent(parts[1]), fileName: parts[2] };
  } catch {
    return undefined;
  }
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
