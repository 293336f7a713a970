/**
 * The three conf-language entry points the providers call. The core (src/core/conf-language) is written in parallel
 * with this area: until an entry point exists, its provider answers nothing instead of failing to load.
 */
import * as confLanguage from '../../core/conf-language';
import type { CompleteOptions, ConfCompletion, ConfDiagnostic, ConfHover, ConfPosition, HoverOptions, LintOptions } from '../../core/conf-language';

interface ConfLanguageCore {
  lintConf(text: string, options?: LintOptions): ConfDiagnostic[];
  hoverConf(text: string, position: ConfPosition, options?: HoverOptions): ConfHover | undefined;
  completeConf(text: string, position: ConfPosition, options?: CompleteOptions): ConfCompletion[];
}

const core = confLanguage as unknown as Partial<ConfLanguageCore>;

export function lintConf(text: string, options?: LintOptions): ConfDiagnostic[] {
  return core.lintConf?.(text, options) ?? [];
}

export function hoverConf(text: string, position: ConfPosition, options?: HoverOptions): ConfHover | undefined {
  return core.hoverConf?.(text, position, options);
}

export function completeConf(text: string, position: ConfPosition, options?: CompleteOptions): ConfCompletion[] {
  return core.completeConf?.(text, position, options) ?? [];
}
