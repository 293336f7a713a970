/**
 * Preferences area: the web UI's Settings → Configuration page inside VS Code.
 */
import * as vscode from 'vscode';
import * as os from 'node:os';
import type { AccountService, CommandTable } from '../services';
import type { Env } from '../../core/config';
import { CloudAccessStore } from './cloudStore';
import { PreferencesController, VIEW_TYPE } from './panel';
import { defaultEnvironment, readFile } from './exporter';

export type PreferencesTesting = ReturnType<typeof testingHooks>;

function testingHooks(controller: PreferencesController) {
  return {
    controller,
    /** Delivers a raw message as if the webview posted it (same validation as the channel); resolves when handled. */
    postFromWebview: (raw: unknown) => controller.receiveRaw(raw),
    idle: () => controller.idle(),
    rejectedCount: () => controller.rejected.length,
    rejected: (): readonly string[] => controller.rejected,
    /** Messages the extension posted to the webview, oldest first (last 200). */
    sent: () => controller.sent,
    panel: () => controller.currentPanel,
    session: () => controller.session,
    store: controller.store,
    /** Points the clearml.conf export at another environment (e.g. CLEARML_CONFIG_FILE of a temp file); undefined restores. */
    setConfigEnvironment(env?: Env, homedir?: string) {
      controller.exportEnvironment = env
        ? { discoveryHost: () => ({ env, homedir: homedir ?? os.homedir(), readFile }) }
        : defaultEnvironment;
    },
  };
}

export function activatePreferences(context: vscode.ExtensionContext, accounts: AccountService): { commands: CommandTable; testing: PreferencesTesting } {
  const store = new CloudAccessStore(context.globalState, context.secrets);
  const controller = new PreferencesController(context.extensionUri, accounts, store);
  context.subscriptions.push(
    controller,
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
      deserializeWebviewPanel: async (panel) => controller.adopt(panel),
    }),
  );
  return {
    commands: { 'clearml.openPreferences': () => { controller.open(); } },
    testing: testingHooks(controller),
  };
}
