/**
 * Preferences area: the web UI's Settings → Configuration page inside VS Code.
 */
import * as vscode from 'vscode';
import * as os from 'node:os';
import type { AccountService, CommandTable } from '../services';
import type { Env } from '../../core/config';
import { lazyPanelArea } from '../webview/lazyPanel';
import type { PreferencesController } from './panel';
import { PREFERENCES_VIEW_TYPE } from './viewType';

export type PreferencesTesting = Awaited<ReturnType<typeof testingHooks>>;

async function testingHooks(controller: PreferencesController) {
  const { defaultEnvironment, readFile } = await import('./exporter');
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

export function activatePreferences(context: vscode.ExtensionContext, accounts: AccountService): { commands: CommandTable; testing: () => Promise<PreferencesTesting> } {
  return lazyPanelArea(context, {
    viewType: PREFERENCES_VIEW_TYPE,
    command: 'clearml.openPreferences',
    create: async () => {
      const [{ PreferencesController }, { CloudAccessStore }] = await Promise.all([import('./panel'), import('./cloudStore')]);
      return new PreferencesController(context.extensionUri, accounts, new CloudAccessStore(context.globalState, context.secrets));
    },
    testingHooks,
  });
}
