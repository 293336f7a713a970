/**
 * The setup check's report contract. It is fixed: tests outside the project import these shapes, so fields are only
 * ever added, never renamed.
 */

export type CheckId =
  | 'config-file' | 'config-parse' | 'env-overrides' | 'api-url' | 'web-url' | 'files-url'
  | 'api-reachable' | 'api-credentials' | 'web-reachable' | 'files-reachable' | 'storage';

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
}
