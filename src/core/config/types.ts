/** Types of the config engine's public contract (re-exported by index.ts). */
import type { ConfigParseError } from './errors';
export type ConfigValue = string | number | boolean | null | ConfigValue[] | ConfigObject;
export interface ConfigObject { [key: string]: ConfigValue }

export type Env = Record<string, string | undefined>;

/** Loads an included file's text; return undefined when it does not exist. Never called for url(...). */
export type IncludeLoader = (path: string, fromFile: string | undefined) => string | undefined;

export interface ParseOptions {
  /** Map used for `${VAR}` fallback. Default: process.env. */
  env?: Env;
  /** Shown in error messages and provenance. */
  filename?: string;
  includeLoader?: IncludeLoader;
}

export type VaultFormat = 'hocon' | 'json' | 'yaml';

export interface VaultInput {
  name: string;
  format: VaultFormat;
  text: string;
}

export type VaultStatus = 'applied' | 'parse-error' | 'not-an-object' | 'empty';

export interface VaultOutcome {
  name: string;
  status: VaultStatus;
  /** Present when status is parse-error. */
  error?: ConfigParseError;
}

export type LayerChange = 'base' | 'added' | 'overridden' | 'unchanged';

export interface ProvenanceEntry {
  /** Dotted leaf path, keys containing dots quoted as in HOCON: sdk.aws.s3."my.bucket" */
  path: string;
  segments: string[];
  /** 'base' or the vault name that set the final value. */
  source: string;
  /** 1-based line of the value in its layer's text, when known. */
  line?: number;
  /** base: only the base set it; added: a vault created it; overridden: a vault replaced a different value; unchanged: a vault set the same value. */
  change: LayerChange;
  /** The value before the last vault touched it (for overridden). */
  previous?: ConfigValue;
  /** Key the ClearML agent refuses to take from a vault (agent.cuda_version, ...). */
  agentProtected: boolean;
}

export interface MergeOptions extends ParseOptions {
  baseFilename?: string;
}

export interface MergeResult {
  config: ConfigObject;
  vaults: VaultOutcome[];
  /** Keyed by ProvenanceEntry.path, one entry per leaf of `config`. */
  provenance: Map<string, ProvenanceEntry>;
}


/** What the SDK would connect with, and where each value came from. */
export interface DiscoveredSetup {
  /** Files read in SDK order (existing ones only). */
  files: string[];
  /** Merged local configuration (files only, no packaged defaults). */
  config: ConfigObject;
  /** Text of the file the SDK would treat as "the" clearml.conf (CLEARML_CONFIG_FILE or ~/clearml.conf), if it exists. */
  primaryFile: string;
  apiServer?: string;
  webServer?: string;
  filesServer?: string;
  accessKey?: string;
  secretKey?: string;
  verifyCertificate: boolean;
  /** Per field: 'env:CLEARML_API_HOST', '/home/u/clearml.conf', 'derived', ... */
  sources: Partial<Record<'apiServer' | 'webServer' | 'filesServer' | 'accessKey' | 'secretKey' | 'verifyCertificate', string>>;
  /** Parse errors of files that could not be read; discovery still returns what it could. */
  errors: ConfigParseError[];
}

export interface DiscoveryHost {
  env: Env;
  homedir: string;
  readFile(path: string): string | undefined;
}

/** Lossless clearml.conf edits. `undefined` value removes nothing: it is not allowed; every edit sets. */
export type ConfEdit =
  | { kind: 'api'; key: 'api_server' | 'web_server' | 'files_server'; value: string }
  | { kind: 'credentials'; accessKey: string; secretKey: string }
  | { kind: 's3-credentials'; entry: S3CredentialEntry }
  /** Any scalar by dotted path (setup-check fixes such as `api.api_server` or `sdk.aws.s3.credentials.0.secure`). */
  | { kind: 'set'; path: string; value: string | number | boolean };

export interface S3CredentialEntry {
  bucket?: string;
  host?: string;
  key?: string;
  secret?: string;
  token?: string;
  region?: string;
  multipart?: boolean;
  secure?: boolean;
  verify?: boolean;
}

/** Returns the new text; every byte outside the edited values stays as it was. Throws ConfigParseError on unparsable input. */

/** Atomic write (temp file + rename), previous file kept as `<path>.bak` (returned), new file mode 0600. */

export interface CredentialsSection {
  webServer: string;
  apiServer: string;
  filesServer?: string;
  accessKey: string;
  secretKey: string;
  label?: string;
  comment?: string;
}
/** The web UI's "ready-to-copy" api { ... } section, byte for byte (clearml-api.md §4.4). */
/** The web UI's Jupyter %env variant. */
/** Reverse of formatCredentialsSection, accepting what clearml-init accepts. Throws ConfigParseError. */
