/**
 * The conf-language core (issue 20): diagnostics, hover and completion for clearml.conf and vault texts, as the
 * ClearML SDK and clearml-agent read them. No `vscode` import; the editor providers call these three functions.
 */
import { complete } from './complete';
import { hover } from './hover';
import { lint } from './lint';
import { withinText } from './position';
import type { CompleteOptions, ConfCompletion, ConfDiagnostic, ConfHover, ConfPosition, HoverOptions, LintOptions } from './types';

export type * from './types';

export function lintConf(text: string, options?: LintOptions): ConfDiagnostic[] {
  return lint(text, options);
}

export function hoverConf(text: string, position: ConfPosition, options?: HoverOptions): ConfHover | undefined {
  return hover(text, withinText(text, position), options);
}

export function completeConf(text: string, position: ConfPosition, options?: CompleteOptions): ConfCompletion[] {
  return complete(text, withinText(text, position), options);
}
