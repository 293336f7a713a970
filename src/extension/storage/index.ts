/** Storage Credentials area: the panel, its command, and (in test mode only) its test hooks. */
import * as vscode from 'vscode';
import * as os from 'node:os';
import type { AccountService, CommandTable } from '../services';
import { lazyPanelArea } from '../webview/lazyPanel';
import type { StorageController } from './panel';
import type { StorageHost } from './state';
import { STORAGE_VIEW_TYPE } from './viewType';

export type StorageTesting = ReturnType<typeof testingHooks>;

function testingHooks(controller: StorageController) {
  return {
    controller,
    postFromWebview: (raw: unknown) => controller.receiveRaw(raw),
    idle: () => controller.idle(),
    sent: () => controller.sent,
    rejected: (): readonly string[] => controller.rejected,
    panel: () => controller.currentPanel,
    /** Points clearml.conf discovery at a fixture (CLEARML_CONFIG_FILE of a temporary file); undefined restores. */
    setHost(host?: StorageHost) { controller.host = host ? () => host : () => ({ env: process.env, homedir: os.homedir() }); },
    /** Blob endpoint for Azure accounts (the azurite emulator). */
    setAzureEndpoint(fn?: (account: string) => string | undefined) { controller.azureEndpoint = fn; },
  };
}

export function activateStorage(context: vscode.ExtensionContext, accounts: AccountService): { commands: CommandTable; testing: () => Promise<StorageTesting> } {
  return lazyPanelArea(context, {
    viewType: STORAGE_VIEW_TYPE,
    command: 'clearml.openStorageCredentials',
    create: async () => {
      const [{ StorageController }, { CloudAccessStore }] = await Promise.all([import('./panel'), import('../preferences/cloudStore')]);
      return new StorageController(context.extensionUri, accounts, new CloudAccessStore(context.globalState, context.secrets));
    },
    testingHooks,
  });
}
