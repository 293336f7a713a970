/**
 * The three ways in: prompts (API server, web server, key, secret), the web UI's copied `api { ... }` section,
 * and an existing clearml.conf / CLEARML_* setup. Each ends in a real login (AccountManager.signIn).
 */
import * as vscode from 'vscode';
import { parsePastedCredentials } from '../../core/config';
import { deriveServerUrls } from '../../core/setup-check/serverUrls';
import { askServerUrls, confirmServerUrls } from '../setupCheck/serverUrlsStep';
import type { SignInArgs } from '../services';
import * as ui from '../ui';
import { msg } from '../safeText';
import { reportFailure, RUN_SETUP_CHECK } from '../workspace/failures';
import type { SetupDetector } from './setupDetector';
import type { AccountManager, SignInResult } from './service';
import { hostOf } from './urls';

export function isSignInArgs(value: unknown): value is SignInArgs {
  const v = value as Partial<SignInArgs> | undefined;
  return !!v && typeof v === 'object' && typeof v.apiServer === 'string' && typeof v.accessKey === 'string' && typeof v.secretKey === 'string';
}

export function validateAccessKey(text: string): string | undefined {
  const value = text.trim();
  if (!value) return 'Enter the access key (Settings → Workspace → App Credentials in the web UI)';
  if (/\s/.test(value)) return 'An access key has no spaces';
  return undefined;
}

const validateSecret = (text: string) => (text.trim() ? undefined : 'Enter the secret key that was shown when the credentials were created');

/** Reads credentials out of pasted text: the web UI's section first, then a lenient key = value scan. */
export function readPastedCredentials(text: string): Partial<SignInArgs> & { error?: string } {
  try {
    const parsed = parsePastedCredentials(text);
    return { apiServer: parsed.apiServer, webServer: parsed.webServer, filesServer: parsed.filesServer, accessKey: parsed.accessKey, secretKey: parsed.secretKey, label: parsed.label };
  } catch (e) {
    // An input box flattens newlines; the strict parser then fails although every value is still there.
    const pick = (name: string) => new RegExp(`"?${name}"?\\s*[:=]\\s*"?([^"\\s,}]+)"?`).exec(text)?.[1];
    const loose = { apiServer: pick('api_server') ?? pick('host'), webServer: pick('web_server'), filesServer: pick('files_server'), accessKey: pick('access_key'), secretKey: pick('secret_key') };
    // Never with a comment: on one line nothing ends it, and a scan would take "# api_server: …" for a value.
    if (loose.accessKey && loose.secretKey && !text.includes('#')) return loose;
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

/** What the commands use of the flow (./index loads the flow itself on first use). */
export type SignInFlowApi = Pick<SignInFlow, 'command' | 'prompt' | 'paste' | 'useDetected'>;

export class SignInFlow {
  constructor(private readonly accounts: AccountManager, private readonly detector: SetupDetector) {}

  /** `clearml.signIn`: with SignInArgs no prompt is shown and failures are thrown to the caller. */
  async command(arg?: unknown): Promise<SignInResult | undefined> {
    if (isSignInArgs(arg)) return this.accounts.signIn(arg);
    return this.prompt();
  }

  async prompt(prefill: Partial<SignInArgs> = {}): Promise<SignInResult | undefined> {
    const title = 'Sign in to ClearML';
    const urls = await askServerUrls(prefill, title);
    if (urls === undefined) return undefined;
    const { apiServer, webServer, filesServer } = urls;
    const accessKey = await ui.input({ title: msg`${title} (2/3)`, prompt: msg`Access key for ${hostOf(apiServer)}`, value: prefill.accessKey, validateInput: validateAccessKey, ignoreFocusOut: true });
    if (accessKey === undefined) return undefined;
    const secretKey = await ui.input({ title: msg`${title} (3/3)`, prompt: msg`Secret key`, password: true, validateInput: validateSecret, ignoreFocusOut: true });
    if (secretKey === undefined) return undefined;
    return this.run({ apiServer, webServer, filesServer, accessKey, secretKey, origin: prefill.origin ?? 'manual', label: prefill.label });
  }

  /** `clearml.pasteCredentials`: the clipboard first; if it holds no credentials, a box to paste into. */
  async paste(): Promise<SignInResult | undefined> {
    let found = readPastedCredentials(await ui.readClipboard());
    if (!found.accessKey || !found.secretKey) {
      const text = await ui.input({
        title: msg`Paste Credentials from the ClearML Web UI`,
        prompt: msg`Paste the "api { ... }" section shown after Settings → Workspace → Create new credentials`,
        // It holds the secret key; pasted lines arrive joined, which readPastedCredentials expects.
        password: true,
        validateInput: (t) => { const r = readPastedCredentials(t); return r.accessKey && r.secretKey ? undefined : `No credentials found: ${r.error ?? 'access_key / secret_key missing'}`; },
        ignoreFocusOut: true,
      });
      if (text === undefined) return undefined;
      found = readPastedCredentials(text);
    }
    if (!found.apiServer) return this.prompt({ ...found, origin: 'pasted' });
    // The pasted addresses are probed too; only a failing API server stops the sign-in.
    const derived = deriveServerUrls(found.apiServer);
    if (!derived) return this.run({ ...(found as SignInArgs), origin: 'pasted' });
    const checked = await confirmServerUrls({ apiServer: found.apiServer, webServer: found.webServer ?? derived.webServer, filesServer: found.filesServer ?? derived.filesServer }, 'Sign in with pasted credentials', true);
    if (!checked) return undefined;
    if (checked.problems) void ui.warn(msg`Some pasted server addresses do not answer:\n${checked.problems}`, RUN_SETUP_CHECK).then((c) => (c === RUN_SETUP_CHECK ? vscode.commands.executeCommand('clearml.setupCheck.run') : undefined));
    return this.run({ ...(found as SignInArgs), apiServer: checked.urls.apiServer, webServer: found.webServer ? checked.urls.webServer : undefined, filesServer: found.filesServer ? checked.urls.filesServer : undefined, origin: 'pasted' });
  }

  /** `clearml.useDetectedConfig`: signs in with what the SDK would use; asks only for what is missing. */
  async useDetected(): Promise<SignInResult | undefined> {
    const detected = await this.detector.refresh();
    if (!detected) {
      const choice = await ui.info(msg`No ClearML configuration was found (no clearml.conf with credentials and no CLEARML_API_* variables).`, 'Sign In');
      return choice === 'Sign In' ? this.prompt() : undefined;
    }
    const { setup, complete, origin } = detected;
    if (!complete) return this.prompt({ apiServer: setup.apiServer, webServer: setup.webServer, filesServer: setup.filesServer, accessKey: setup.accessKey, origin });
    return this.run({ apiServer: setup.apiServer!, webServer: setup.webServer, filesServer: setup.filesServer, accessKey: setup.accessKey!, secretKey: setup.secretKey!, origin });
  }

  private async run(args: SignInArgs): Promise<SignInResult | undefined> {
    try {
      const result = await ui.withProgress(msg`Signing in to ${hostOf(args.apiServer)}…`, (signal) => this.accounts.signIn(args, signal));
      void ui.info(msg`Signed in to ${hostOf(args.apiServer)} as ${this.accounts.active?.profile.userName ?? 'ClearML user'} (workspace ${result.workspaceName ?? result.workspaceId}).`);
      return result;
    } catch (e) {
      await reportFailure(`Sign in to ${hostOf(args.apiServer)}`, e, () => this.prompt({ ...args, secretKey: undefined }));
      return undefined;
    }
  }
}
