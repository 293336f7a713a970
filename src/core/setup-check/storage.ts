import type { ConfigObject } from '../config';
import type { Finding } from './types';

/**
 * Storage findings (`check: 'storage'`) over the effective configuration (clearml.conf + enabled vaults).
 * `sourceOf` names where a dotted path was set (e.g. `clearml.conf:42`), for messages.
 * The storage model owns the rules; this is the setup check's entry into it.
 */
export function storageFindings(config: ConfigObject, sourceOf?: (path: string) => string | undefined): Finding[] {
  void config; void sourceOf;
  return [];
}
