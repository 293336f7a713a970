/**
 * Every prompt and progress indicator the extension shows goes through here, so integration tests inside the real
 * extension host can answer them (VS Code offers no way to drive a quick pick from an extension). In normal use this
 * is a thin pass-through to `vscode.window` / `vscode.env`.
 *
 * It is also the seam where text meets VS Code: notifications, progress titles and messages, quick pick items and
 * input boxes all render `[label](command:…)` links and `$(icon)` syntax, so every string handed to them is
 * neutralised here, whatever its type says. (Tree items, views, the status bar, panel titles and Markdown: surfaces.ts.)
 */
import * as vscode from 'vscode';
import { neutralise, plainText, type SafeText } from './safeText';

export { msg, safeText, type SafeText } from './safeText';

/** The VS Code surfaces a string can reach; tests read what each was given (see `testing.recordSurfaces`). */
export type Surface = 'progress' | 'quickPick' | 'inputBox' | 'treeItem' | 'treeView' | 'statusBar' | 'markdown' | 'panelTitle';
export interface SurfaceRecord { surface: Surface; text: string }
let recordingSurfaces = false;
const surfaceLog: SurfaceRecord[] = [];

/** The seam modules call this with each string they hand to VS Code; it is kept only while a test records. */
export function recordSurface(surface: Surface, ...texts: (string | undefined)[]): void {
  if (!recordingSurfaces) return;
  for (const text of texts) if (text) surfaceLog.push({ surface, text });
}

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
  /** While on, every string given to a VS Code surface is kept (`surfaces()`); off by default, so nothing grows. */
  recordSurfaces(on: boolean): void { recordingSurfaces = on; },
  surfaces(): readonly SurfaceRecord[] { return surfaceLog; },
  reset(): void {
    responder = undefined; history.length = 0; clipboardWrites.length = 0; externalOpens.length = 0; clipboardText = '';
    recordingSurfaces = false; surfaceLog.length = 0;
  },
  get active(): boolean { return responder !== undefined; },
};

/** Quick pick options: the title and placeholder render links and icons, so they are SafeText. */
export interface PickOptions extends Omit<vscode.QuickPickOptions, 'title' | 'placeHolder' | 'canPickMany'> { title?: SafeText; placeHolder?: SafeText }

const optional = (text: string | undefined) => (text === undefined ? undefined : neutralise(text));

/**
 * What the quick pick shows for each item: label, description and detail render `$(icon)` (and may carry a
 * workspace, vault or bucket name), so each is neutralised here; the caller gets its own item objects back.
 */
function shownItems<T extends vscode.QuickPickItem>(items: readonly T[], options: PickOptions): T[] {
  const shown = items.map((i) => ({ ...i, label: neutralise(i.label), description: optional(i.description), detail: optional(i.detail) }));
  recordSurface('quickPick', optional(options.title), optional(options.placeHolder), ...shown.flatMap((i) => [i.label, i.description, i.detail]));
  return shown;
}

function pickPrompt(shown: readonly vscode.QuickPickItem[], options: PickOptions, canPickMany?: boolean): Prompt {
  return { kind: 'quickPick', title: optional(options.title), placeHolder: optional(options.placeHolder), items: shown.map((i) => i.label), canPickMany };
}

export async function pickOne<T extends vscode.QuickPickItem>(items: readonly T[], options: PickOptions = {}): Promise<T | undefined> {
  const shown = shownItems(items, options);
  if (responder) {
    const prompt = pickPrompt(shown, options);
    const answer = responder(prompt);
    history.push({ prompt, answer });
    const chosen = Array.isArray(answer) ? answer[0] : answer;
    return chosen === undefined ? undefined : items[shown.findIndex((i) => i.label === neutralise(chosen))];
  }
  const picked = await vscode.window.showQuickPick(shown, { ...options, title: optional(options.title), placeHolder: optional(options.placeHolder) });
  return picked && items[shown.indexOf(picked)];
}

export async function pickMany<T extends vscode.QuickPickItem>(items: readonly T[], options: PickOptions = {}): Promise<T[] | undefined> {
  const shown = shownItems(items, options);
  if (responder) {
    const prompt = pickPrompt(shown, options, true);
    const answer = responder(prompt);
    history.push({ prompt, answer });
    if (answer === undefined) return undefined;
    const labels = (Array.isArray(answer) ? answer : [answer]).map(neutralise);
    return items.filter((_, i) => labels.includes(shown[i].label));
  }
  const picked = await vscode.window.showQuickPick(shown, { ...options, title: optional(options.title), placeHolder: optional(options.placeHolder), canPickMany: true });
  return picked?.map((p) => items[shown.indexOf(p)]);
}

/** Input box options: title, prompt and placeholder render links (the prompt, validation messages) and icons. */
export interface InputOptions extends Omit<vscode.InputBoxOptions, 'title' | 'prompt' | 'placeHolder'> { title?: SafeText; prompt?: SafeText; placeHolder?: SafeText }

/**
 * What the input box is given: its labels neutralised, its validation messages too (they render links like the
 * prompt); the value is the user's text to edit, rendered as typed, so it loses only bidi and control characters
 * (and a password box's value is left alone).
 */
function shownInput(options: InputOptions): vscode.InputBoxOptions {
  const validate = options.validateInput;
  const shown: vscode.InputBoxOptions = {
    ...options,
    title: optional(options.title),
    prompt: optional(options.prompt),
    placeHolder: optional(options.placeHolder),
    value: options.value === undefined || options.password ? options.value : plainText(options.value),
    validateInput: validate && (async (text) => {
      const result = await validate(text);
      if (!result) return result;
      return typeof result === 'string' ? neutralise(result) : { ...result, message: neutralise(result.message) };
    }),
  };
  // The value is not recorded as rendered text: it is an editable field's content, shown as typed.
  recordSurface('inputBox', shown.title, shown.prompt, shown.placeHolder);
  return shown;
}

export async function input(options: InputOptions): Promise<string | undefined> {
  const shown = shownInput(options);
  if (responder) {
    const prompt: Prompt = { kind: 'inputBox', title: shown.title, prompt: shown.prompt, value: shown.value, password: shown.password };
    const answer = responder(prompt);
    const text = Array.isArray(answer) ? answer[0] : answer;
    // Run the real validation so tests exercise it; an invalid answer behaves like the user giving up.
    const invalid = text !== undefined && shown.validateInput ? await shown.validateInput(text) : undefined;
    const validationError = typeof invalid === 'string' ? invalid : invalid?.message;
    history.push({ prompt, answer: text, validationError: validationError || undefined });
    return validationError ? undefined : text;
  }
  return vscode.window.showInputBox(shown);
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

/** A progress step's message (`report`): rendered like the title, so SafeText too. */
export type ProgressReport = (message: SafeText, increment?: number) => void;

/**
 * Progress with a title that renders links and icons (a notification's title is where a workspace named
 * `[…](command:…)` once became a clickable link): both title and every reported message pass neutralise here.
 */
export function withProgress<T>(title: SafeText, task: (signal: AbortSignal, report: ProgressReport) => Promise<T>, location: vscode.ProgressLocation | { viewId: string } = vscode.ProgressLocation.Notification): Promise<T> {
  const shownTitle = neutralise(title);
  recordSurface('progress', shownTitle);
  return Promise.resolve(vscode.window.withProgress({ location, title: shownTitle, cancellable: true }, (progress, token) => {
    const controller = new AbortController();
    token.onCancellationRequested(() => controller.abort());
    const report: ProgressReport = (message, increment) => {
      const shown = neutralise(message);
      recordSurface('progress', shown);
      progress.report({ message: shown, increment });
    };
    return task(controller.signal, report);
  }));
}
