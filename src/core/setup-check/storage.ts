import type { ConfigObject } from '../config';
import { readStorage } from '../storage/model';
import { validateStorage } from '../storage/rules';
import type { Finding } from './types';

/**
 * Storage findings (`check: 'storage'`) over the effective configuration (clearml.conf + enabled vaults).
 * `sourceOf` names where a dotted path was set (e.g. `clearml.conf:42`), for messages.
 * The storage model owns the rules; this is the setup check's entry into it.
 */
export function storageFindings(config: ConfigObject, sourceOf?: (path: string) => string | undefined): Finding[] {
  const issues = validateStorage(readStorage(config, sourceOf));
  return issues.map((i): Finding => ({
    check: 'storage',
    status: i.severity === 'info' ? 'ok' : i.severity,
    ...(i.cause ? { cause: i.cause } : {}),
    message: i.message,
    ...(i.field ? { detail: `rule ${i.rule}, key ${i.field}` } : { detail: `rule ${i.rule}` }),
  }));
}
