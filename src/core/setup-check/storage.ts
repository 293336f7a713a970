import { mergeVaults, sourceLabel, type ConfigObject, type Env, type MergeResult } from '../config';
import { listPathOf, readStorage } from '../storage/model';
import { validateStorage, type StorageIssue } from '../storage/rules';
import type { Finding, FindingLocation, VaultLayer } from './types';

/**
 * Storage findings (`check: 'storage'`) over the effective configuration (clearml.conf + enabled vaults).
 * `sourceOf` names where a dotted path was set (e.g. `clearml.conf:42`), for messages.
 * The storage model owns the rules; this is the setup check's entry into it.
 */
export function storageFindings(config: ConfigObject, sourceOf?: (path: string) => string | undefined, env: Env = {}, locate?: (path: string) => FindingLocation | undefined): Finding[] {
  const issues = validateStorage(readStorage(config, sourceOf), { env });
  return issues.map((i): Finding => {
    const location = locate?.(issuePath(i));
    return {
      check: 'storage',
      status: i.severity === 'info' ? 'ok' : i.severity,
      ...(i.cause ? { cause: i.cause } : {}),
      message: i.message,
      ...(i.field ? { detail: `rule ${i.rule}, key ${i.field}` } : { detail: `rule ${i.rule}` }),
      ...(location ? { location } : {}),
    };
  });
}

/** The dotted path an issue is about: its URI setting, its entry's list, or its key. */
function issuePath(i: StorageIssue): string {
  if (i.setting) return i.setting;
  if (i.entry) return listPathOf(i.entry.provider);
  return i.field ? `sdk.${i.field}` : '';
}

export interface EffectiveStorageInput {
  /** clearml.conf as discovery merged it (trains.conf below it), used as is when no vault applies. */
  config: ConfigObject;
  /** The file the SDK treats as clearml.conf, and its text. */
  file?: string;
  text?: string;
  /** The enabled vaults, in server order: the SDK merges them over clearml.conf as the Storage panel does. */
  vaults: VaultLayer[];
  env: Env;
}

/**
 * The Storage panel's view of storage, as findings: clearml.conf merged with the enabled vaults (mergeVaults, as the
 * SDK merges them), read by the storage model and checked by its rules with the same environment. A vault the SDK
 * skips is reported too, since its entries then do not count.
 */
export function effectiveStorageFindings(input: EffectiveStorageInput): Finding[] {
  const { file, text = '', vaults, env } = input;
  let merged: MergeResult | undefined;
  try {
    merged = mergeVaults(text, vaults, { env, baseFilename: file });
  } catch {
    // an unparsable clearml.conf has no provenance; config-parse reports it
  }
  const sourceOf = (p: string) => sourceLabel(merged, p, file);
  const locate = (p: string): FindingLocation | undefined => {
    const e = merged?.provenance.get(p);
    const line = e?.line ? { line: e.line } : {};
    if (e?.source === 'base') return file ? { file, ...line } : undefined;
    // A setting an enabled vault writes: the vault opens at that line when the layer says where it opens.
    const vault = e && vaults.find((v) => v.name === e.source);
    return vault?.uri ? { file: vault.name, uri: vault.uri, ...line } : undefined;
  };
  const applied = merged?.vaults.some((v) => v.status === 'applied');
  const findings = storageFindings(applied && merged ? merged.config : input.config, sourceOf, env, locate);
  for (const v of merged?.vaults ?? []) {
    if (v.status === 'applied') continue;
    findings.push({
      check: 'storage', status: 'warning',
      message: `The SDK skips ${v.name} (${v.status}${v.error ? `: ${v.error.message}` : ''}), so none of its settings, storage credentials included, count. Fix the vault or disable it.`,
      detail: 'vaults are merged over clearml.conf in server order; a vault that does not parse is skipped whole',
    });
  }
  return findings;
}
