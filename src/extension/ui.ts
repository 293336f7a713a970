/**
 * Every prompt the extension shows goes through here, so integration tests inside the real extension host can
 * answer them (VS Code offers no way to drive a quick pick from an extension). In normal use this is a thin
 * pass-through to `vscode.window` / `vscode.env`.
 */
import * as vscode from 'vscode';
import { neutralise, type SafeText } from './safeText';

export { msg, safeText, type SafeText } from './safeText';

export type Prompt =
  | { kind: 'quickPick'; title?: string; placeHolder?: string; items: string[]; canPickMany?: boolean }
  | { kind: 'inputBox'; title?: string; prompt?: string; value?: string; password?: boolean }
  | { kind: 'message'; severity: 'info' | 'warning' | 'error'; message: string; detail?: string; modal: boolean; actions: string[] };

/** Answer: quickPick → item label (or labels); inputBox → text; message → action title; undefined → dismissed. */
export type Responder = (prompt: Prompt) => string | string[] | undefined;

export interface PromptRecord { prompt: Prompt; answer: string | string[] | undefined; validationError?: string }

let responder: Responder | undefined;
const history: PromptRecord[] = [];
const clipboardWrites: string[] = [];
const externalOpens: string[] = [];
let clipboardText = '';

/** Test hook (exposed through the extension's exported API only). */
export const testing = {
  setResponder(r: Responder | undefined): void { responder = r; },
  history(): readonly PromptRecord[] { return history; },
  clipboardWrites(): readonly string[] { return clipboardWrites; },
  /** URLs the extension asked to open in the browser while a responder was set. */
  externalOpens(): readonly string[] { return externalOpens; },
  /** What readClipboard() returns while a responder is set. */
  setClipboard(text: string): void { clipboardText = text; },
  reset(): void { responder = undefined; history.length = 0; clipboardWrites.length = 0; externalOpens.length = 0; clipboardText = ''; },
  get active(): boolean { return responder !== undefined; },
};

export async function pickOne<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions = {}): Promise<T | undefined> {
  if (responder) {
    const prompt: Prompt = { kind: 'quickPick', title: options.title, placeHolder: options.placeHolder, items: items.map((i) => i.label) };
    const answer = responder(prompt);
    history.push({ prompt, answer });
    return items.find((i) => i.label === answer);
  }
  return vscode.window.showQuickPick(items, options);
}

export async function pickMany<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions = {}): Promise<T[] | undefined> {
  if (responder) {
    const prompt: Prompt = { kind: 'quickPick', title: options.title, placeHolder: options.placeHolder, items: items.map((i) => i.label), canPickMany: true };
    const answer = responder(prompt);
    history.push({ prompt, answer });
    if (answer === undefined) return undefined;
    const labels = Array.isArray(answer) ? answer : [answer];
    return items.filter((i) => labels.includes(i.label));
  }
  return vscode.window.showQuickPick(items, { ...options, canPickMany: true });
}

export async function input(options: vscode.InputBoxOptions): Promise<string | undefined> {
  if (responder) {
    const prompt: Prompt = { kind: 'inputBox', title: options.title, prompt: options.prompt, value: options.value, password: options.password };
    const answer = responder(prompt);
    const text = Array.isArray(answer) ? answer[0] : answer;
    // Run the real validation so tests exercise it; an invalid answer behaves like the user giving up.
    const invalid = text !== undefined && options.validateInput ? await options.validateInput(text) : undefined;
    const validationError = typeof invalid === 'string' ? invalid : invalid?.message;
    history.push({ prompt, answer: text, validationError: validationError || undefined });
    return validationError ? undefined : text;
  }
  return vscode.window.showInputBox(options);
}

async function message(severity: 'info' | 'warning' | 'error', safe: SafeText, options: { modal?: boolean; detail?: SafeText }, actions: string[]): Promise<string | undefined> {
  // The type already says it went through msg; defusing again here keeps a cast (`as SafeText`) harmless too.
  const text = neutralise(safe);
  const detail = options.detail === undefined ? undefined : neutralise(options.detail);
  if (responder) {
    const prompt: Prompt = { kind: 'message', severity, message: text, detail, modal: !!options.modal, actions };
    const answer = responder(prompt);
    const chosen = Array.isArray(answer) ? answer[0] : answer;
    history.push({ prompt, answer: chosen });
    return chosen !== undefined && actions.includes(chosen) ? chosen : undefined;
  }
  const show = severity === 'info' ? vscode.window.showInformationMessage : severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
  return show(text, { modal: options.modal, detail }, ...actions);
}

/** Messages take only SafeText: build them with `` msg`…${value}…` `` so no value can render as a link. */
export const info = (text: SafeText, ...actions: string[]) => message('info', text, {}, actions);
export const warn = (text: SafeText, ...actions: string[]) => message('warning', text, {}, actions);
export const error = (text: SafeText, ...actions: string[]) => message('error', text, {}, actions);
/** Modal confirmation for destructive actions; returns the chosen action or undefined (Cancel). */
export const confirm = (text: SafeText, detail: SafeText, ...actions: string[]) => message('warning', text, { modal: true, detail }, actions);
/** Modal information with detail text (e.g. a result that is shown only once); returns the chosen action. */
export const notice = (text: SafeText, detail: SafeText, ...actions: string[]) => message('info', text, { modal: true, detail }, actions);

/** Copies, then says so with `feedback` (an info toast) unless the caller shows the outcome itself (a modal's status line). */
export async function copyToClipboard(text: string, feedback?: SafeText): Promise<void> {
  if (responder) { clipboardWrites.push(text); clipboardText = text; } else await vscode.env.clipboard.writeText(text);
  if (feedback) void info(feedback);
}

export async function readClipboard(): Promise<string> {
  if (responder) return clipboardText;
  return vscode.env.clipboard.readText();
}

/** Opens a URL in the user's browser (recorded instead while a responder is set). */
export async function openExternal(url: string): Promise<boolean> {
  if (responder) { externalOpens.push(url); return true; }
  return vscode.env.openExternal(vscode.Uri.parse(url));
}

export function withProgress<T>(title: string, task: (signal: AbortSignal) => Promise<T>, location: vscode.ProgressLocation = vscode.ProgressLocation.Notification): Promise<T> {
  return Promise.resolve(vscode.window.withProgress({ location, title, cancellable: true }, (_p, token) => {
    const controller = new AbortController();
    token.onCancellationRequested(() => controller.abort());
    return task(controller.signal);
  }));
}
