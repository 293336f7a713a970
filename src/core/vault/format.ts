/** Vault formats and how file names carry them. */
import type { VaultFormatName } from '../protocol/vault';

/** Local vault files: name.vault.conf / .hocon / .json / .yaml / .yml */
export const LOCAL_VAULT_FILE = /\.vault\.(conf|hocon|json|ya?ml)$/i;

export function isLocalVaultFileName(name: string): boolean {
  return LOCAL_VAULT_FILE.test(name);
}

/** Format from a file name's last extension (local `x.vault.json` or server `Personal vault.json`). */
export function formatFromFileName(name: string): VaultFormatName | undefined {
  const ext = /\.([A-Za-z]+)$/.exec(name)?.[1]?.toLowerCase();
  switch (ext) {
    case 'conf':
    case 'hocon':
      return 'hocon';
    case 'json':
      return 'json';
    case 'yaml':
    case 'yml':
      return 'yaml';
    default:
      return undefined;
  }
}

/** The server's `format` string as one of ours. Unknown spellings read as HOCON, which is what the SDK does anyway. */
export function normalizeServerFormat(format: string | undefined): VaultFormatName {
  const f = (format ?? '').trim().toLowerCase();
  if (f === 'json') return 'json';
  if (f === 'yaml' || f === 'yml') return 'yaml';
  return 'hocon';
}

/** Extension of a clearml-vault: document for a format. */
export function serverExtension(format: VaultFormatName): string {
  return format === 'hocon' ? '.hocon' : format === 'json' ? '.json' : '.yaml';
}

/** Extension of a local vault file for a format. */
export function localExtension(format: VaultFormatName): string {
  return format === 'hocon' ? '.vault.conf' : format === 'json' ? '.vault.json' : '.vault.yaml';
}

/** `a/b/x.vault.yaml` → `a/b/x.vault.json` for json; names without a vault extension get one appended. */
export function renameForFormat(fileName: string, format: VaultFormatName): string {
  const stem = LOCAL_VAULT_FILE.test(fileName) ? fileName.replace(LOCAL_VAULT_FILE, '') : fileName.replace(/\.[A-Za-z]+$/, '');
  return stem + localExtension(format);
}

export const FORMAT_LABEL: Record<VaultFormatName, string> = { hocon: 'HOCON', json: 'JSON', yaml: 'YAML' };

/** A name usable as one path segment of a file name. */
export function safeFileStem(name: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must not reach a file name
  const cleaned = name.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '_').replace(/^\.+/, '').trim();
  return (cleaned || 'vault').slice(0, 120);
}
