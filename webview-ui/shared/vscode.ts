/** Typed access to the webview host API. */
interface VsCodeApi<S> {
  postMessage(message: unknown): void;
  getState(): S | undefined;
  setState(state: S): void;
}
declare function acquireVsCodeApi<S>(): VsCodeApi<S>;

let api: VsCodeApi<unknown> | undefined;
export function vscodeApi<S>(): VsCodeApi<S> {
  api ??= acquireVsCodeApi<unknown>();
  return api as VsCodeApi<S>;
}

/** Reads the JSON the extension embedded in the page (see renderWebviewHtml). */
export function initialState<T>(): T | undefined {
  const el = document.getElementById('initial-state');
  return el?.textContent ? (JSON.parse(el.textContent) as T) : undefined;
}
