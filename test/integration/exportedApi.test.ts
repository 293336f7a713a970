/** The exported API: testing hooks only when VS Code runs the extension in ExtensionMode.Test. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { exportedApi } from '../../src/extension/api';
import { EXTENSION_ID, getExtension } from './helpers';

describe('exported API', () => {
  it('in this test host (ExtensionMode.Test) carries the command ids, the account contract and the testing hooks', async () => {
    const api = await getExtension();
    assert.deepEqual(Object.keys(api).sort(), ['accounts', 'commandIds', 'ready', 'testing']);
    assert.deepEqual(Object.keys(api.testing).sort(), ['accounts', 'preferences', 'setupCheck', 'storage', 'ui', 'vaults', 'walkthrough']);
    assert.ok(api.commandIds.includes('clearml.signIn'));
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.exports, api, 'the same object other extensions get');
  });

  it('activation awaits no I/O: the API is returned as a value, and `ready` settles once the stored profile is restored', async () => {
    // VS Code counts until activate()'s result settles; a returned promise would mean activation waited on I/O.
    const { activate } = await import('../../src/extension/extension');
    assert.equal(activate.constructor.name, 'Function', 'activate is not an async function');
    const api = await getExtension();
    assert.ok(api.ready instanceof Promise);
    assert.equal(api.accounts.ready instanceof Promise, true);
    await api.ready;
  });

  it('in production and development mode has no testing hooks and never builds them', async () => {
    for (const mode of [vscode.ExtensionMode.Production, vscode.ExtensionMode.Development]) {
      let built = false;
      const api = exportedApi(mode, { commandIds: ['clearml.signIn'] }, async () => { built = true; return { ui: {} }; });
      assert.equal(api instanceof Promise, false, 'activation returns the API at once');
      assert.deepEqual(Object.keys(api), ['commandIds'], `mode ${mode}`);
      assert.equal('testing' in api, false);
      assert.equal(built, false, 'the hooks are not even created');
    }
    const test = await exportedApi(vscode.ExtensionMode.Test, { commandIds: [] }, async () => ({ ui: 1 }));
    assert.deepEqual((test as { testing?: unknown }).testing, { ui: 1 });
  });
});
