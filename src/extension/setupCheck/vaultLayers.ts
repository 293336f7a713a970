/**
 * The enabled configuration vaults of the signed-in server as the setup check's layers: the same vaults, labels and
 * formats the Storage panel merges over clearml.conf, so both show the same storage findings.
 */
import type { ClearMLClientApi } from '../../core/api';
import type { VaultLayer } from '../../core/setup-check';
import { normalizeServerFormat } from '../../core/vault/format';
import { logger } from '../log';
import { listConfigVaults } from '../vault/serverVaults';
import { vaultDisplayName, vaultUri } from '../vault/uri';

/**
 * Empty when signed out or when the server has no vaults (or cannot list them: the check goes on without them). With
 * the signed-in profile, each layer says where its vault opens, so a click on a finding opens the vault at the line.
 */
export async function enabledVaultLayers(client: ClearMLClientApi | undefined, signal?: AbortSignal, profileId?: string): Promise<VaultLayer[]> {
  if (!client) return [];
  try {
    const vaults = (await listConfigVaults(client, signal)).filter((v) => v.enabled);
    return vaults.map((v) => ({
      name: `vault "${vaultDisplayName(v)}"`, format: normalizeServerFormat(v.format), text: v.data ?? '',
      ...(profileId ? { uri: vaultUri(profileId, v).toString() } : {}),
    }));
  } catch (e) {
    if (signal?.aborted) throw e;
    logger.log('info', `Setup check: the server's configuration vaults could not be read (${e instanceof Error ? e.name : 'error'}); storage findings cover clearml.conf only`);
    return [];
  }
}
