/** Schemes of documents that may be clearml.conf or a vault (one module, so index.ts and documents.ts share it). */
import { VAULT_SCHEME } from '../vault/uri';

/** Documents on disk (code-server and remote windows see `vscode-remote`), plus server vaults. */
export const CONF_SCHEMES: readonly string[] = ['file', 'vscode-remote', VAULT_SCHEME];
