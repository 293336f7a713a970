/**
 * The setup check's report contract. It is fixed: tests outside the project import these shapes, so fields are only
 * ever added, never renamed.
 */

export type CheckId =
  | 'config-file' | 'config-parse' | 'env-overrides' | 'api-url' | 'web-url' | 'files-url'
  | 'api-reachable' | 'api-credentials' | 'web-reachable' | 'files-reachable' | 'storage'
  /** Only when VS Code is signed in to another server than clearml.conf's. */
  | 'signed-in-server';

export type FindingStatus = 'ok' | 'warning' | 'error' | 'skipped';

export type FindingCause =
  | 'missing' | 'relative-path' | 'parse-error' | 'env-override' | 'missing-port' | 'port-mixup' | 'localhost-files'
  | 'dns' | 'refused' | 'timeout' | 'tls-self-signed' | 'tls-untrusted' | 'tls-expired' | 'tls-hostname'
  | 'not-clearml' | 'proxy-411' | 'auth-unknown-key' | 'auth-other' | 'http-error'
  | 'storage-no-entry' | 'storage-no-port' | 'storage-secure-mismatch';

/** A change the extension can apply for the user (through the lossless clearml.conf edit: diff, confirmation, backup). */
export type Fix =
  | { kind: 'set'; path: string; value: string | number | boolean; label?: string }
  | { kind: 'set-env'; name: string; value?: string; label?: string }
  | { kind: 'create-credentials'; label?: string };

export interface Finding {
  check: CheckId;
  status: FindingStatus;
  cause?: FindingCause;
  /** Plain words: the host, the setting (`api.api_server`, `CLEARML_API_HOST`, …) and what to do. */
  message: string;
  /** The technical part: errno, TLS code, HTTP status, the first bytes of a non-ClearML answer. */
  detail?: string;
  fixes?: Fix[];
  /** Where the setting the finding is about is written (clearml.conf and its line), for "open at the line". */
  location?: FindingLocation;
}

export interface FindingLocation {
  file: string;
  line?: number;
  column?: number;
  /** A document to open instead of `file`, as a URI string: a server vault (`clearml-vault:…`); `file` then names it. */
  uri?: string;
}

/** An enabled configuration vault, as the SDK merges it over clearml.conf. */
export interface VaultLayer {
  name: string;
  format: 'hocon' | 'json' | 'yaml';
  text: string;
  /** Where the vault opens (a URI string), so a finding about a setting in it opens there at its line. */
  uri?: string;
}

export interface SetupReport {
  configFile?: string;
  findings: Finding[];
  durationMs: number;
}

export interface SetupCheckOptions {
  /** A `process.env`-like map; the config file is found from it and `homedir` exactly as the SDK finds it. */
  env: Record<string, string | undefined>;
  homedir: string;
  /** Bound of each network probe (default 5000 ms). */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Directory a relative CLEARML_CONFIG_FILE or CA bundle path is resolved against (default process.cwd()). */
  cwd?: string;
  /** The profile VS Code is signed in to: checked too when its server is not clearml.conf's. */
  profile?: SignedInProfile;
  /** The enabled configuration vaults of the signed-in server, in server order (storage findings use them). */
  vaults?: VaultLayer[];
}

export interface SignedInProfile { apiServer: string; label: string }
