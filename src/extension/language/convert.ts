/** Core shapes (0-based ranges, plain severities) to VS Code's. */
import * as vscode from 'vscode';
import type { ConfDiagnostic, ConfRange, ConfSeverity } from '../../core/conf-language';

/** The Problems panel's source column for every finding of this area. */
export const DIAGNOSTIC_SOURCE = 'ClearML';

const SEVERITY: Record<ConfSeverity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export function toRange(r: ConfRange): vscode.Range {
  return new vscode.Range(r.line, r.character, r.endLine, r.endCharacter);
}

export function toDiagnostic(finding: ConfDiagnostic): vscode.Diagnostic {
  const d = new vscode.Diagnostic(toRange(finding), finding.message, SEVERITY[finding.severity] ?? vscode.DiagnosticSeverity.Warning);
  d.source = DIAGNOSTIC_SOURCE;
  d.code = finding.code;
  // Legacy names are struck through, keys nothing reads are faded, as VS Code shows deprecated and unused code.
  if (finding.code === 'legacy-key') d.tags = [vscode.DiagnosticTag.Deprecated];
  else if (finding.code === 'not-read') d.tags = [vscode.DiagnosticTag.Unnecessary];
  return d;
}

/** The same finding: what the code action request's diagnostics are matched on (they arrive as copies). */
export function sameFinding(d: vscode.Diagnostic, finding: ConfDiagnostic): boolean {
  return d.source === DIAGNOSTIC_SOURCE && d.code === finding.code && d.message === finding.message && d.range.isEqual(toRange(finding));
}
