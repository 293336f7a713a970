/**
 * The "Get Started with ClearML" walkthrough (package.json `contributes.walkthroughs`). Each step completes by itself
 * when the extension's state says the user did it: this module sets one context key per step
 * (`clearml.walkthrough.<step>`), which the step's `completionEvents` name. It watches the account, the open tabs and
 * the setup check; it opens the walkthrough once, on the first activation after install.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AccountService, CommandTable } from './services';
import { VIEW_TYPE as VAULT_VIEW_TYPE, FILE_VIEW_TYPE as VAULT_FILE_VIEW_TYPE } from './vault/viewTypes';
// The view type's own module: importing it does not load the storage area.
import { STORAGE_VIEW_TYPE } from './storage/viewType';
import { logger } from './log';
import * as ui from './ui';
import { msg } from './safeText';

export const WALKTHROUGH_ID = 'clearml.gettingStarted';
/** Global state flag: the walkthrough was opened once (a reinstall or a new window does not open it again). */
export const WALKTHROUGH_SHOWN_KEY = 'clearml.walkthrough.shown';

export type WalkthroughStep = 'setupFound' | 'signedIn' | 'setupChecked' | 'confOpened' | 'vaultOrStorageOpened';

const completed = new Set<WalkthroughStep>();

/** Context key a step's completion event waits for. */
export const stepContextKey = (step: WalkthroughStep): string => `clearml.walkthrough.${step}`;

/** The workbench's id of each step (`publisher.name#clearml.gettingStarted#clearml.findSetup`), read from the manifest. */
const workbenchStepIds = new Map<WalkthroughStep, string>();

/** Marks a step done; its context key stays set for this window (VS Code remembers completed steps itself). */
export function completeWalkthroughStep(step: WalkthroughStep): void {
  if (completed.has(step)) return;
  completed.add(step);
  void vscode.commands.executeCommand('setContext', stepContextKey(step), true);
  // The context key alone does not tick a step whose key is already true when VS Code registers the walkthrough: its
  // walkthrough service starts late (often only when the walkthrough opens, which activation itself does on the first
  // run), and registerDoneListeners then records the event as seen without progressing the step. The workbench's
  // welcome.markStepComplete ticks it in any order: it stores the progress before it looks the step up.
  const id = workbenchStepIds.get(step);
  if (id) void vscode.commands.executeCommand('welcome.markStepComplete', id).then(undefined, () => undefined);
}

/** Maps each step to its workbench id through the `onContext:clearml.walkthrough.<step>` completion event it waits for. */
function readWorkbenchStepIds(extension: vscode.Extension<unknown>): void {
  const manifest = extension.packageJSON as { contributes?: { walkthroughs?: { id: string; steps: { id: string; completionEvents?: string[] }[] }[] } };
  const walkthrough = manifest.contributes?.walkthroughs?.find((w) => w.id === WALKTHROUGH_ID);
  for (const s of walkthrough?.steps ?? []) {
    for (const event of s.completionEvents ?? []) {
      const m = /^onContext:clearml\.walkthrough\.(\w+)$/.exec(event);
      if (m) workbenchStepIds.set(m[1] as WalkthroughStep, `${extension.id}#${WALKTHROUGH_ID}#${s.id}`);
    }
  }
}

/** The file the SDK reads; core/config loads on first use, so activation does not evaluate the parser. */
async function sdkConfFile(): Promise<string> {
  const { confFilePath } = await import('../core/config/discovery');
  return confFilePath(process.env, os.homedir());
}

function tabShowsConf(input: unknown, confFile: string): boolean {
  if (!(input instanceof vscode.TabInputText) || input.uri.scheme !== 'file') return false;
  return input.uri.fsPath === confFile || path.basename(input.uri.fsPath) === 'clearml.conf';
}

function tabShowsVaultOrStorage(input: unknown): boolean {
  if (input instanceof vscode.TabInputCustom) return input.viewType === VAULT_VIEW_TYPE || input.viewType === VAULT_FILE_VIEW_TYPE;
  if (input instanceof vscode.TabInputText) return input.uri.scheme === 'clearml-vault';
  // A webview panel's tab carries the view type behind a workbench prefix ("mainThreadWebview-…").
  if (input instanceof vscode.TabInputWebview) return input.viewType.endsWith(STORAGE_VIEW_TYPE);
  return false;
}

/** Opens the walkthrough the first time the extension runs after install; false when it was opened before. */
export async function openWalkthroughOnFirstRun(state: vscode.Memento, open: () => Thenable<unknown>): Promise<boolean> {
  if (state.get<boolean>(WALKTHROUGH_SHOWN_KEY)) return false;
  await state.update(WALKTHROUGH_SHOWN_KEY, true);
  await open();
  return true;
}

export function activateWalkthrough(context: vscode.ExtensionContext, accounts: AccountService, ready: Promise<void>) {
  readWorkbenchStepIds(context.extension);
  const extensionId = `${context.extension.packageJSON.publisher as string}.${context.extension.packageJSON.name as string}`;
  const openWalkthrough = () => vscode.commands.executeCommand('workbench.action.openWalkthrough', `${extensionId}#${WALKTHROUGH_ID}`, false);
  // On the first run it opens as an inactive tab: activation can come from a command whose prompt is on screen (the
  // first "ClearML: Sign In"), and an editor taking focus would close that prompt or the palette the user is typing in.
  const openWalkthroughInBackground = () => vscode.commands.executeCommand('workbench.action.openWalkthrough', `${extensionId}#${WALKTHROUGH_ID}`, { toSide: false, inactive: true });

  const checkTabs = async (): Promise<void> => {
    const inputs = vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.input));
    if (inputs.some(tabShowsVaultOrStorage)) completeWalkthroughStep('vaultOrStorageOpened');
    if (completed.has('confOpened') || !inputs.some((i) => i instanceof vscode.TabInputText)) return;
    const confFile = await sdkConfFile();
    if (inputs.some((i) => tabShowsConf(i, confFile))) completeWalkthroughStep('confOpened');
  };
  const checkAccount = (): void => {
    if (!accounts.active) return;
    completeWalkthroughStep('setupFound');
    completeWalkthroughStep('signedIn');
  };
  const checkSetup = async (): Promise<void> => {
    if (completed.has('setupFound')) return;
    const { detectSetup } = await import('./accounts/discovery');
    if ((await detectSetup())?.complete) completeWalkthroughStep('setupFound');
  };
  const logFailure = (what: string) => (e: unknown) => logger.log('warn', `Walkthrough: ${what} failed: ${(e as Error).message}`);

  context.subscriptions.push(
    accounts.onDidChangeActive(checkAccount),
    vscode.window.tabGroups.onDidChangeTabs(() => { void checkTabs().catch(logFailure('looking at the open tabs')); }),
    // clearml-init may have run meanwhile.
    vscode.window.onDidChangeWindowState((s) => { if (s.focused) void checkSetup().catch(logFailure('looking for a setup')); }),
  );
  void ready.then(async () => {
    checkAccount();
    await checkSetup();
    await checkTabs();
    // Tests run in a shared window: opening an editor there would disturb every other suite. VS Code's own switch
    // for walkthroughs on install is honoured (the UI tests and benches turn it off).
    const allowed = vscode.workspace.getConfiguration('workbench').get<boolean>('welcomePage.walkthroughs.openOnInstall', true);
    if (context.extensionMode !== vscode.ExtensionMode.Test && allowed) await openWalkthroughOnFirstRun(context.globalState, openWalkthroughInBackground);
  }).catch(logFailure('starting'));

  const commands: CommandTable = {
    'clearml.walkthrough.open': () => openWalkthrough(),
    'clearml.walkthrough.openConfFile': async () => {
      const confFile = await sdkConfFile();
      try {
        await vscode.window.showTextDocument(vscode.Uri.file(confFile), { preview: false });
      } catch {
        void ui.info(msg`There is no ${confFile} yet. Create app credentials (Create App Credentials, then "Write to clearml.conf"), or run clearml-init.`);
      }
    },
  };
  return {
    commands,
    testing: {
      completed: (): WalkthroughStep[] => [...completed],
      /** Looks for a setup and at the open tabs again, as a window focus or a tab change would. */
      recheck: async (): Promise<void> => { checkAccount(); await checkSetup(); await checkTabs(); },
      /** Forgets the completed steps (suites share one window) and clears their context keys. */
      reset: (): void => {
        for (const step of completed) void vscode.commands.executeCommand('setContext', stepContextKey(step), false);
        completed.clear();
      },
      openWalkthroughOnFirstRun,
    },
  };
}
