import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { activateAccounts } from './accounts';
import { activatePreferences } from './preferences';
import { activateVaults } from './vault';
import { activateStorage } from './storage';
import { testing as uiTesting } from './ui';

export async function activate(context: vscode.ExtensionContext) {
  const accounts = await activateAccounts(context);
  const preferences = activatePreferences(context, accounts.service);
  const vaults = activateVaults(context, accounts.service);
  const storage = activateStorage(context, accounts.service);
  const commandIds = registerCommands(context, accounts.commands, preferences.commands, vaults.commands, storage.commands);
  // The exported API exists for the integration tests (and other extensions); it never exposes secrets.
  return {
    commandIds,
    accounts: accounts.service,
    testing: { ui: uiTesting, accounts: accounts.testing, preferences: preferences.testing, vaults: vaults.testing, storage: storage.testing },
  };
}

export function deactivate(): void {
  // Disposables are registered on context.subscriptions.
}
