import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { activateAccounts } from './accounts';
import { activatePreferences } from './preferences';
import { activateSetupCheck } from './setupCheck';
import { activateVaults } from './vault';
import { exportedApi } from './api';
import { activateStorage } from './storage';
import { activateWalkthrough } from './walkthrough';
import { activateLanguage } from './language';
import { testing as uiTesting } from './ui';
import { logger } from './log';

/** Set by the bundle's first line (scripts/build.mjs), for the activation figure in the log. */
declare const __clearmlLoadStart: number | undefined;

/**
 * Registers every contribution and returns without awaiting any I/O (VS Code counts the time until the returned
 * value settles as activation time); the stored profile is restored in the background, see `ready`.
 */
export function activate(context: vscode.ExtensionContext) {
  const activateStart = performance.now();
  const phases: string[] = [];
  const timed = <T>(name: string, f: () => T): T => {
    const t = performance.now();
    const r = f();
    phases.push(`${name} ${(performance.now() - t).toFixed(1)}`);
    return r;
  };
  const accounts = timed('accounts', () => activateAccounts(context));
  const preferences = timed('preferences', () => activatePreferences(context, accounts.service));
  const vaults = timed('vaults', () => activateVaults(context, accounts.service, accounts.onSignOut));
  const setupCheck = timed('setup check', () => activateSetupCheck(context, accounts.service, accounts.preview));
  const storage = timed('storage', () => activateStorage(context, accounts.service));
  const walkthrough = timed('walkthrough', () => activateWalkthrough(context, accounts.service, accounts.ready));
  timed('language', () => activateLanguage(context, accounts.service));
  const commandIds = timed('commands', () => registerCommands(context, accounts.commands, preferences.commands, vaults.commands, setupCheck.commands, storage.commands, walkthrough.commands));
  const evaluated = typeof __clearmlLoadStart === 'number' ? `; bundle evaluated in ${(activateStart - __clearmlLoadStart).toFixed(1)} ms` : '';
  logger.log('info', `Activated in ${(performance.now() - activateStart).toFixed(1)} ms (${phases.join(', ')} ms${evaluated})`);
  // Never exposes secrets; the testing hooks only in ExtensionMode.Test.
  return exportedApi(context.extensionMode, { commandIds, accounts: accounts.service, ready: accounts.ready }, async () => ({
    ui: uiTesting, accounts: accounts.testing, preferences: await preferences.testing(), vaults: await vaults.testing(),
    setupCheck: setupCheck.testing, storage: await storage.testing(), walkthrough: walkthrough.testing,
  }));
}

export function deactivate(): void {
  // Disposables are registered on context.subscriptions.
}
