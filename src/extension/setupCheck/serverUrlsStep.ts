/**
 * The sign-in step for the three server addresses: the user gives any one of them (API, web UI or files), the
 * other two are derived as clearml-init and the web UI derive them, all three are probed live, and when one does
 * not answer a pick shows all three with what is wrong with each, to edit or to continue.
 */
import * as os from 'node:os';
import * as vscode from 'vscode';
import type { Finding } from '../../core/setup-check';
import { checkServerUrls, deriveServerUrls, roleOf, type ServerUrls, type ServerUrlsCheck } from '../../core/setup-check/serverUrls';
import * as ui from '../ui';
import { validateServerUrl } from '../accounts/urls';

export const CONTINUE = 'Continue with these addresses';
const EDIT: Record<keyof ServerUrls, string> = { apiServer: 'Edit the API server URL', webServer: 'Edit the web UI URL', filesServer: 'Edit the files server URL' };
const NAME: Record<keyof ServerUrls, string> = { apiServer: 'API server', webServer: 'Web UI', filesServer: 'Files server' };

export function probeServerUrls(urls: ServerUrls): Promise<ServerUrlsCheck> {
  return ui.withProgress(ui.msg`Checking the three server addresses…`, (signal) => checkServerUrls(urls, { env: process.env, homedir: os.homedir(), timeoutMs: 5000, signal }));
}

// iconPath, not `$(name)` in the label: the text seam shows label text as the characters it is.
const ICON: Record<Finding['status'], string> = { ok: 'pass', warning: 'warning', error: 'error', skipped: 'circle-slash' };

/** One line per failing address: "Web UI http://…: refused the connection …". */
export function whatIsWrong(urls: ServerUrls, result: ServerUrlsCheck): string {
  const byField: [keyof ServerUrls, Finding][] = [['apiServer', result.api], ['webServer', result.web], ['filesServer', result.files]];
  return byField.filter(([, f]) => f.status !== 'ok').map(([k, f]) => `${NAME[k]} ${urls[k]}: ${f.message}`).join('\n');
}

/**
 * Shows the three addresses until they all answer or the user continues; undefined when the user gives up.
 * With `blockOnlyOnApi`, a failing web UI or files server does not stop the flow (its problem is returned).
 */
export async function confirmServerUrls(initial: ServerUrls, title: string, blockOnlyOnApi = false): Promise<{ urls: ServerUrls; problems?: string } | undefined> {
  const urls = { ...initial };
  for (;;) {
    const result = await probeServerUrls(urls);
    if (result.ok) return { urls };
    if (blockOnlyOnApi && result.api.status === 'ok') return { urls, problems: whatIsWrong(urls, result) };
    const rows: [keyof ServerUrls, Finding][] = [['apiServer', result.api], ['webServer', result.web], ['filesServer', result.files]];
    const items = [
      ...rows.map(([field, f]) => ({ label: `${NAME[field]}: ${urls[field]}`, iconPath: new vscode.ThemeIcon(ICON[f.status]), detail: f.message, field })),
      ...(result.api.status === 'ok' ? [{ label: CONTINUE, detail: 'Sign in now; fix the other addresses later (the Setup Check view shows them again).', field: undefined }] : []),
      ...(Object.keys(EDIT) as (keyof ServerUrls)[]).map((field) => ({ label: EDIT[field], detail: undefined, field })),
    ];
    const picked = await ui.pickOne(items, { title: ui.msg`${title}: server addresses`, placeHolder: ui.safeText(whatIsWrong(urls, result).split('\n')[0]), ignoreFocusOut: true });
    if (!picked) return undefined;
    if (!picked.field) return { urls, problems: whatIsWrong(urls, result) };
    const value = await ui.input({ title: ui.msg`${title}: ${NAME[picked.field]} URL`, prompt: ui.msg`${NAME[picked.field]} URL`, value: urls[picked.field], validateInput: validateServerUrl, ignoreFocusOut: true });
    if (value === undefined) continue;
    urls[picked.field] = value.trim().replace(/\/+$/, '');
  }
}

/** The first sign-in step: one address typed or pasted, the other two derived (prefilled ones kept). */
export async function askServerUrls(prefill: Partial<ServerUrls>, title: string): Promise<ServerUrls | undefined> {
  const typed = await ui.input({
    title: ui.msg`${title} (1/3)`,
    prompt: ui.msg`API server URL, or the web UI or files server address: the other two are derived from it (app.clear.ml users: https://api.clear.ml; self-hosted: http://<host>:8008)`,
    value: prefill.apiServer ?? 'https://api.clear.ml', validateInput: validateServerUrl, ignoreFocusOut: true,
  });
  if (typed === undefined) return undefined;
  const derived = deriveServerUrls(typed)!;
  const keepPrefill = roleOf(typed) === 'api' && typed.trim().replace(/\/+$/, '') === prefill.apiServer?.replace(/\/+$/, '');
  const urls: ServerUrls = keepPrefill ? { ...derived, webServer: prefill.webServer ?? derived.webServer, filesServer: prefill.filesServer ?? derived.filesServer } : derived;
  return (await confirmServerUrls(urls, title))?.urls;
}
