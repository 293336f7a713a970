import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { activateAccounts } from './accounts';
import { activatePreferences } from './preferences';
import { activateSetupCheck } from './setupCheck';
import { activateVaults } from './vault';
import { exportedApi } from './api';
import { activateStorage } from './storage';
import { testing as uiTesting } from './ui';

export async function activate(context: vscode.ExtensionContext) {
  const accounts = await activateAccounts(context);
  const preferences = activatePreferences(context, accounts.service);
  const vaults = activateVaults(context, accounts.service);
  const setupCheck = activateSetupCheck(context, accounts.service, accounts.preview);
  const storage = activateStorage(context, accounts.service);
  const commandIds = registerCommands(context, accounts.commands, preferences.commands, vaults.commands, setupCheck.commands, storage.commands);
  // Never exposes secrets; the testing hooks only in ExtensionMode.Test.
  return exportedApi(context.extensionMode, { commandIds, accounts: accounts.service }, () => ({
    ui: uiTesting, accounts: accounts.testing, preferences: preferences.testing, vaults: vaults.testing,
    setupCheck: setupCheck.testing, storage: storage.testing,
  }));
}

export function deactivate(): void {
  // Disposables are registered on context.subscriptions.
}
