/**
 * The extension's one output channel ("ClearML", a log channel so VS Code adds time stamps and levels).
 * Every area logs through `logger` (it implements the API client's Logger) or `logError`.
 */
import * as vscode from 'vscode';
import type { Logger } from '../core/api';
import { safeText, type SafeText } from './safeText';

let channel: vscode.LogOutputChannel | undefined;

/** Created on first use so any area may log before accounts finish activating. */
export function outputChannel(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('ClearML', { log: true });
  return channel;
}

/**
 * Last line of defence: the API client already redacts, but a message built elsewhere (an error's text, a pasted
 * snippet) could still carry an Authorization value or a secret_key; those never reach the channel.
 */
export function redact(text: string): string {
  return text
    .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g, '$1 <redacted>')
    .replace(/("?(?:secret_key|secretKey|CLEARML_API_SECRET_KEY)"?\s*[=:]\s*"?)[^"\s,}]+/gi, '$1<redacted>');
}

export const logger: Logger = {
  log(level, message) {
    const c = outputChannel();
    const line = redact(message);
    switch (level) {
      case 'debug': c.debug(line); break;
      case 'info': c.info(line); break;
      case 'warn': c.warn(line); break;
      default: c.error(line);
    }
  },
};

/** Logs a failure with what was being done; returns the message, defused for a notification, so callers can show the same text. */
export function logError(what: string, error: unknown): SafeText {
  const text = `${what}: ${error instanceof Error ? error.message : String(error)}`;
  logger.log('error', text);
  return safeText(text);
}

export function disposeLog(): void {
  channel?.dispose();
  channel = undefined;
}
