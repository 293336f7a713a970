import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, getExtension } from './helpers';

interface Manifest {
  activationEvents?: string[];
  contributes: {
    commands: { command: string }[];
    viewsContainers: { activitybar: { id: string; title: string }[] };
    views: Record<string, { id: string; name: string }[]>;
  };
}

describe('foundation: the extension in a real VS Code', () => {
  const manifest = () => vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as Manifest;

  it('runs in the VS Code version code-server bundles, not a stub', function () {
    const expected = process.env.VSCODE_TEST_EXPECTED_VERSION;
    // Our driver always sets both; a desktop VS Code started from launch.json sets neither.
    if (!expected && !process.env.VSCODE_TEST_LOG) this.skip();
    assert.ok(expected, 'the driver passes VSCODE_TEST_EXPECTED_VERSION');
    assert.equal(vscode.version, expected);
    assert.match(vscode.version, /^1\.\d+\.\d+/);
  });

  it('activates and exports its testing API', async () => {
    const api = await getExtension();
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID)!.isActive);
    assert.equal(typeof api.testing.ui.setResponder, 'function');
  });

  it('registers every command contributed in package.json', async () => {
    await getExtension();
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = manifest().contributes.commands.map((c) => c.command);
    assert.ok(contributed.length > 0);
    assert.deepEqual(contributed.filter((id) => !registered.has(id)), [], 'contributed but not registered');
  });

  it('registers no clearml.* command that package.json does not contribute', async () => {
    const api = await getExtension();
    const contributed = new Set(manifest().contributes.commands.map((c) => c.command));
    assert.deepEqual(api.commandIds.filter((id) => !contributed.has(id)), []);
  });

  it('the command tables that load on first use have exactly the ids registered for them at activation', async () => {
    await getExtension();
    const { WORKSPACE_COMMAND_IDS } = await import('../../src/extension/workspace');
    const { workspaceCommandTable } = await import('../../src/extension/workspace/table');
    const { VAULT_COMMAND_IDS } = await import('../../src/extension/vault');
    const { createVaultCommands } = await import('../../src/extension/vault/commands');
    // Building a table only captures its dependencies; no handler runs.
    const workspace = Object.keys(workspaceCommandTable({} as never)).sort();
    const vault = Object.keys(createVaultCommands({} as never).commands).sort();
    assert.deepEqual(workspace, [...WORKSPACE_COMMAND_IDS].sort());
    assert.deepEqual(vault, [...VAULT_COMMAND_IDS].sort());
  });

  it('contributes the ClearML activity-bar container with its explorer view, which the workbench can show', async () => {
    const { contributes } = manifest();
    assert.ok(contributes.viewsContainers.activitybar.some((c) => c.id === 'clearml' && c.title === 'ClearML'));
    assert.ok(contributes.views.clearml.some((v) => v.id === 'clearml.explorer'));
    // The workbench generates a focus command for every registered view: it exists only if the view does.
    const registered = await vscode.commands.getCommands(true);
    assert.ok(registered.includes('clearml.explorer.focus'), 'clearml.explorer.focus is registered');
    await vscode.commands.executeCommand('clearml.explorer.focus');
  });

  it('activates only on its own events, never on startup', () => {
    const events = manifest().activationEvents ?? [];
    assert.ok(!events.includes('*') && !events.includes('onStartupFinished'), `activationEvents: ${events.join(', ')}`);
  });
});
