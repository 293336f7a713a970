/** Server-side vault access for the vault editor: the active account's client, config vaults in server order. */
import { createHash } from 'node:crypto';
import type { ClearMLClientApi, Vault } from '../../core/api';
import type { AccountService } from '../services';

/** Version of a vault's content as the editor remembers it (the conflict check compares these). */
export function contentVersion(vault: Pick<Vault, 'data'>): string {
  return createHash('sha256').update(vault.data ?? '').digest('hex');
}

/** Vaults the SDK merges are type "config" (the SDK asks for types=config). */
export function isConfigVault(v: Vault): boolean {
  return !v.type || v.type === 'config';
}

export class NotSignedInError extends Error {
  constructor(profileId: string | undefined) {
    super(profileId ? `Sign in to the ClearML profile "${profileId}" to use its vaults.` : 'Sign in to ClearML to use configuration vaults.');
    this.name = 'NotSignedInError';
  }
}

export function clientFor(accounts: AccountService, profileId?: string): { client: ClearMLClientApi; profileId: string } {
  const active = accounts.active;
  if (!active || (profileId !== undefined && active.profile.id !== profileId)) throw new NotSignedInError(profileId);
  return { client: active.client, profileId: active.profile.id };
}

export async function listConfigVaults(client: ClearMLClientApi, signal?: AbortSignal): Promise<Vault[]> {
  return (await client.getVaults(undefined, { signal })).filter(isConfigVault);
}

export async function fetchVault(client: ClearMLClientApi, vaultId: string, signal?: AbortSignal): Promise<Vault | undefined> {
  return (await client.getVaults(undefined, { signal })).find((v) => v.id === vaultId);
}
