/**
 * Which server vaults the SDK would skip, in words for the tree ("the SDK skips this vault: line 4, …"): each vault
 * is parsed on its own, as the SDK does (src/core/config/merge-vaults.ts), and one that does not parse, is empty or
 * is not an object is dropped. The config engine loads on first use, so the tree stays light at activation.
 */
import type { Vault } from '../../core/api';

/** vault id → why the SDK skips it; vaults it applies are absent. */
export async function vaultSkipReasons(vaults: readonly Vault[]): Promise<Map<string, string>> {
  const [{ checkVault }, { normalizeServerFormat }] = await Promise.all([import('../../core/vault/model'), import('../../core/vault/format')]);
  const reasons = new Map<string, string>();
  for (const v of vaults) {
    const check = checkVault(v.data ?? '', normalizeServerFormat(v.format), process.env);
    if (check.status === 'applied') continue;
    const problem = check.problems[0];
    const why = check.status === 'parse-error'
      ? (problem ? `line ${problem.line}, ${problem.message}` : 'its text does not parse')
      : check.status === 'empty' ? 'it is empty' : 'its text is not an object';
    reasons.set(v.id, `the SDK skips this vault: ${why}`);
  }
  return reasons;
}
