/**
 * Public entry of the config engine. CONTRACT: other modules import only from here.
 * Signatures are fixed; implementations live in sibling modules of src/core/config/.
 * No `vscode` import, no runtime dependency but `yaml`.
 */

export type {
  ConfigValue, ConfigObject, Env, IncludeLoader, ParseOptions, VaultFormat, VaultInput, VaultStatus, VaultOutcome,
  LayerChange, ProvenanceEntry, MergeOptions, MergeResult, DiscoveredSetup, DiscoveryHost, ConfEdit, S3CredentialEntry,
  CredentialsSection,
} from './types';
export { asParseError, ConfigParseError } from './errors';

/** parseHocon(text, options?) → object; throws ConfigParseError with line/column on what the SDK refuses. */
export { parseHocon } from './hocon';
export { UNRESOLVED_SUBSTITUTION } from './resolve';
/** parseVault(text, format, options?) → object (YAML through `yaml`, JSON and HOCON through parseHocon). */
export { parseVault } from './vault';
/** mergeVaults(baseText, vaults, options?) → { config, vaults, provenance } as the SDK merges them. */
export { mergeVaults, sourceLabel, vaultTextProblem } from './merge-vaults';
/** isAgentProtected(segments): keys clearml-agent keeps from its local file whatever a vault says. */
export { isAgentProtected } from './merge-vaults';
export { toHocon, toJson, toYaml } from './serialize';
/** discoverSetup(host): what the SDK would connect with (files, env overrides, derived hosts). */
export { discoverSetup, confFilePath } from './discovery';
/** editClearmlConf(text, edits): new text, every byte outside the edited values unchanged. */
export { editClearmlConf, summarizeConfEdits } from './edit';
/** writeConfAtomic(path, bytes, options): temp file + fsync + rename, `<path>.bak` (+ `.orig.bak`), new files 0600. */
export { writeConfAtomic, contentHash, ConcurrentChangeError, type AtomicWriteOptions, type AtomicWriteResult } from './atomic-write';
/** Byte-exact text view of a file (bytes that are not UTF-8 survive an edit elsewhere). */
export { ConfigEncodingError, decodeConfBytes, encodeConfText, encodingProblem } from './bytes';
/** The web UI's ready-to-copy section, its Jupyter %env variant, and the reverse (as clearml-init accepts). */
export { formatCredentialsSection, formatJupyterEnv, parsePastedCredentials } from './credentials-section';
