/**
 * The conf-language contract (issue 20). These shapes are fixed: tests outside the project call lintConf,
 * hoverConf and completeConf from src/core/conf-language/index.ts with exactly these arguments and read exactly
 * these fields. Positions are 0-based (line, character), as in VS Code.
 */

export type ConfFormat = 'hocon' | 'json' | 'yaml';
export type ConfRole = 'clearml.conf' | 'vault';

export interface ConfPosition {
  line: number;
  character: number;
}

export interface ConfRange {
  line: number;
  character: number;
  endLine: number;
  endCharacter: number;
}

export interface ConfEdit extends ConfRange {
  newText: string;
}

export interface ConfFix {
  title: string;
  edits: ConfEdit[];
}

export type ConfSeverity = 'error' | 'warning' | 'information' | 'hint';

/** The fixed codes; storage-rule and setup-check causes add their own codes (strings) beside these. */
export type ConfDiagnosticCode =
  | 'parse-error'
  | 'unknown-key'
  | 'wrong-type'
  | 'bad-value'
  | 'quoted-substitution'
  | 'legacy-key'
  | 'not-read'
  | (string & {});

export interface ConfDiagnostic extends ConfRange {
  severity: ConfSeverity;
  code: ConfDiagnosticCode;
  /** Dotted path, list items as [] ('sdk.aws.s3.credentials[].secure'). */
  key?: string;
  /** Names the right key / type / allowed values. */
  message: string;
  fixes?: ConfFix[];
}

export interface LintOptions {
  format?: ConfFormat;
  role?: ConfRole;
}

export interface HoverVault {
  name: string;
  format: ConfFormat;
  text: string;
  /** Defaults to true. */
  enabled?: boolean;
}

export interface HoverOptions {
  format?: ConfFormat;
  role?: ConfRole;
  env?: Record<string, string | undefined>;
  vaults?: HoverVault[];
  /** For role 'vault': the clearml.conf beneath it. */
  confText?: string;
  fileName?: string;
}

export type EffectiveSource = 'env' | 'vault' | 'file' | 'default';

export interface ConfHover {
  key: string;
  markdown: string;
  effective?: {
    /** Secrets masked. */
    value: string;
    source: EffectiveSource;
    /** Variable name, vault name, file name or 'SDK default'. */
    from: string;
  };
}

export interface CompleteOptions {
  format?: ConfFormat;
  role?: ConfRole;
}

export interface ConfCompletion {
  label: string;
  kind: 'key' | 'value' | 'snippet';
  insertText: string;
  detail?: string;
}
