/**
 * Accounts area: profiles (globalState + SecretStorage), sign-in flows, the AuthenticationProvider, the status
 * bar, the "clearml.explorer" tree and every workspace command. Other areas use the returned AccountService.
 */
import * as vscode from 'vscode';
import { ClearMLAuthenticationProvider, AUTH_PROVIDER_ID } from '../auth/provider';
import { disposeLog, logger } from '../log';
import type { AccountService, CommandTable, SignOutHook } from '../services';
import { AccountStatusBar } from '../statusBar';
import { treeView } from '../surfaces';
import { ExplorerModel } from '../tree/model';
import { profileNode } from '../tree/nodes';
import { ExplorerTreeProvider } from '../tree/provider';
import { workspaceCommandTable } from '../workspace';
import { DiffPreview } from '../workspace/diffPreview';
import { accountCommands } from './commands';
import { SetupDetector } from './setupDetector';
import { ProfileStore, STATE_KEY, profileIdOfSecret, secretKeyName, type StoredProfile } from './profileStore';
import { AccountManager } from './service';
import type { SignInFlowApi } from './signInFlow';
import { once } from '../lazy';

/**
 * Synchronous on purpose: activation registers the view, commands and providers and returns; restoring the last
 * profile (a secret read) and looking for clearml.conf (file reads) finish in the background. Until then the view
 * shows its "loading" welcome (clearml.initialized unset); whatever needs the account awaits `accounts.ready`.
 */
export function activateAccounts(context: vscode.ExtensionContext) {
  context.subscriptions.push({ dispose: disposeLog });
  const store = new ProfileStore(context.globalState, context.secrets);
  const accounts = new AccountManager(store);
  const detector = new SetupDetector();
  const loadFlow = once(async () => new (await import('./signInFlow')).SignInFlow(accounts, detector));
  const flow: SignInFlowApi = {
    command: async (arg) => (await loadFlow()).command(arg),
    prompt: async (prefill) => (await loadFlow()).prompt(prefill),
    paste: async () => (await loadFlow()).paste(),
    useDetected: async () => (await loadFlow()).useDetected(),
  };
  accounts.promptSignIn = () => flow.prompt();
  context.subscriptions.push(accounts);

  // The tree marks the credential that clearml.conf uses: find clearml.conf before the restored account loads it.
  const restored = accounts.restoreInBackground(() => detector.refresh());

  const model = new ExplorerModel({
    account: () => {
      const a = accounts.active;
      return a && { profileId: a.profile.id, client: a.client, apiServer: a.profile.apiServer, webServer: a.profile.webServer, accessKey: a.profile.accessKey, workspaceId: a.profile.workspaceId, userId: a.profile.userId, storedKeys: Object.values(a.profile.workspaceKeys).map((k) => k.accessKey) };
    },
    pageSize: () => vscode.workspace.getConfiguration('clearml').get<number>('membersPageSize', 100),
    confAccessKey: () => detector.current?.setup.accessKey,
    userLoaded: (user) => accounts.setUser(user),
  });
  const provider = new ExplorerTreeProvider(model);
  const view = treeView('clearml.explorer', { treeDataProvider: provider, showCollapseAll: true });
  const preview = new DiffPreview();
  const statusBar = new AccountStatusBar(accounts);
  // The Accounts menu's "Sign in" starts from the setup the SDK uses (as the welcome view's offer does), not from scratch.
  const auth = new ClearMLAuthenticationProvider(accounts, async () => ((await detector.refresh()) ? flow.useDetected() : flow.prompt()));
  let accountsMenuOffers = 0;
  let offered = false;
  /**
   * Signed out: a silent-free, non-creating session request is what puts "Sign in with ClearML to use ClearML
   * Settings" into VS Code's Accounts menu (and a badge on its icon); choosing it runs createSession, our sign-in.
   */
  const offerSignInInAccountsMenu = () => {
    if (accounts.active || accounts.profiles().length) { offered = false; return; }
    if (offered) return;
    offered = true;
    accountsMenuOffers++;
    vscode.authentication.getSession(AUTH_PROVIDER_ID, [], { createIfNone: false })
      .then(undefined, (e: unknown) => logger.log('warn', `Offering sign-in in the Accounts menu failed: ${(e as Error).message}`));
  };
  context.subscriptions.push(
    provider, view, preview, statusBar, auth,
    vscode.authentication.registerAuthenticationProvider(AUTH_PROVIDER_ID, 'ClearML', auth, { supportsMultipleAccounts: true }),
    accounts.onDidChangeProfiles(offerSignInInAccountsMenu),
    // Everything below the root depends on the account: after a sign-in, switch or sign-out, reload it all.
    accounts.onDidChangeActive(() => model.refresh()),
    // A new user or workspace name: the profile node shows both, without reloading the tree.
    accounts.onDidUpdateActiveProfile((a) => {
      if (a.user) {
        const fresh = profileNode(a.profile.id, a.user, a.profile.apiServer);
        model.patch((n) => n.kind === 'profile', { label: fresh.label, description: fresh.description, tooltip: fresh.tooltip });
      }
    }),
    // Another window signed in, out or switched: secrets raise an event; globalState is checked on focus.
    context.secrets.onDidChange((e) => {
      const id = profileIdOfSecret(e.key);
      if (id) void accounts.reloadSecret(id);
    }),
    vscode.window.onDidChangeWindowState((state) => {
      if (!state.focused) return;
      if (store.reloadIfChanged()) void accounts.syncFromOtherWindow();
      // The user may have run clearml-init or edited clearml.conf meanwhile: keep the welcome view's offer current.
      if (!accounts.active) void detector.refresh();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('clearml.membersPageSize')) model.refreshSection('members');
    }),
  );
  // The welcome view's offers depend on both the restored profile and the detected setup: set them before it shows.
  const ready = restored.then(async () => {
    await vscode.commands.executeCommand('setContext', 'clearml.signedIn', !!accounts.active);
    await vscode.commands.executeCommand('setContext', 'clearml.initialized', true);
    offerSignInInAccountsMenu();
  }).catch((e: unknown) => logger.log('error', `Starting the ClearML view failed: ${(e as Error).message}`));

  const commands: CommandTable = { ...accountCommands(accounts, flow), ...workspaceCommandTable({ accounts, model, detector, preview }) };
  // Other areas (and other extensions, through the exported API) get only the contract, not the manager and its store.
  const service: AccountService = {
    get active() { return accounts.active; },
    get ready() { return accounts.ready; },
    onDidChangeActive: accounts.onDidChangeActive,
    onDidUpdateActiveProfile: accounts.onDidUpdateActiveProfile,
    requireActive: () => accounts.requireActive(),
    profiles: () => accounts.profiles(),
  };
  const onSignOut: SignOutHook = (cleanup) => accounts.onSignOut(cleanup);
  return {
    service,
    commands,
    /** For the areas' own sign-out cleanups (vault drafts); not exported to other extensions. */
    onSignOut,
    /** Settles when the view shows its real content: profile restored, clearml.conf looked for, context keys set. */
    ready,
    /** The clearml.conf diff preview, shared with the setup check's fixes. */
    preview,
    /** For integration tests only; nothing here exposes a secret. */
    testing: {
      model,
      /** The tree item VS Code is given for a node (its text went through the surfaces seam). */
      treeItem: provider.getTreeItem.bind(provider),
      statusBar: () => statusBar.snapshot(),
      preview: () => preview.snapshot(),
      detectedSetup: () => detector.refresh(),
      /** What the focus handler does when another window changed the stored profiles. */
      syncFromOtherWindow: () => (store.reloadIfChanged() ? accounts.syncFromOtherWindow() : Promise.resolve(false)),
      authProvider: auth,
      /** How often the Accounts menu was asked to offer sign-in (once at start and after each sign-out to nobody). */
      accountsMenuOffers: () => accountsMenuOffers,
      signOutAll: async () => { for (const p of accounts.profiles()) await accounts.signOut(p.id); },
      /**
       * Stands in for another VS Code window sharing this machine's storage. Write-only: tests can change what
       * "the other window" stored, never read a secret.
       */
      otherWindow: {
        updateState: (change: (state: { revision: number; activeId?: string; profiles: StoredProfile[] }) => void) => {
          const state = context.globalState.get<{ revision: number; activeId?: string; profiles: StoredProfile[] }>(STATE_KEY) ?? { revision: 0, profiles: [] };
          change(state);
          state.revision++;
          return context.globalState.update(STATE_KEY, state);
        },
        storeSecret: (profileId: string, accessKey: string, secretKey: string) => context.secrets.store(secretKeyName(profileId, accessKey), secretKey),
      },
      credentialsInvalid: () => accounts.credentialsInvalid,
      view,
    },
  };
}
