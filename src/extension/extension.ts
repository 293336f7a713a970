import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { activateAccounts } from './accounts';
import { activatePreferences } from './preferences';
import { activateSetupCheck } from './setupCheck';
import { activateVaults } from './vault';
import { exportedApi } from './api';
import { activateStorage } from './storage';
import { testing as uiTesting } from './ui';

/**
 * Registers every contribution and returns without awaiting any I/O (VS Code counts the time until the returned
 * value settles as activation time); the stored profile is restored in the background, see `ready`.
 */
export function activate(context: vscode.ExtensionContext) {
  const accounts = activateAccounts(context);
  const preferences = activatePreferences(context, accounts.service);
  const vaults = activateVaults(context, accounts.service);
  const setupCheck = activateSetupCheck(context, accounts.service, accounts.preview);
  const storage = activateStorage(context, accounts.service);
  const commandIds = registerCommands(context, accounts.commands, preferences.commands, vaults.commands, setupCheck.commands, storage.commands);
  // Never exposes secrets; the testing hooks only in ExtensionMode.Test.
  return exportedApi(context.extensionMode, { commandIds, accounts: accounts.service, ready: accounts.ready }, () => ({
    ui: uiTesting, accounts: accounts.testing, preferences: preferences.testing, vaults: vaults.testing,
    setupCheck: setupCheck.testing, storage: storage.testing,
  }));
}

export function deactivate(): void {
  // Disposables are registered on context.subscriptions.
}
