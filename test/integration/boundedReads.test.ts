/**
 * Issue 18.4 inside the extension host: the clearml.conf lookup that runs at activation (and on every focus while
 * signed out) reads CLEARML_CONFIG_FILE without blocking. A FIFO with no writer there froze every extension of the
 * window (a synchronous read waits for a writer forever); now the lookup finishes and finds no setup.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { getExtension, tmpDir, type ExtensionApi } from './helpers';

describe('bounded reads in the extension host', function () {
  this.timeout(30_000);
  let api: ExtensionApi;
  let fifo: string;
  const saved = process.env.CLEARML_CONFIG_FILE;

  before(async function () {
    api = await getExtension();
    fifo = path.join(tmpDir('clearml-fifo-'), 'clearml.conf');
    if (spawnSync('mkfifo', [fifo]).status !== 0) this.skip();
  });

  after(async () => {
    if (saved === undefined) delete process.env.CLEARML_CONFIG_FILE;
    else process.env.CLEARML_CONFIG_FILE = saved;
    // Releases a read that did block (the bug), so a failing run still ends.
    try { fs.closeSync(fs.openSync(fifo, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK)); } catch { /* no reader waiting */ }
    await api.testing.accounts.detectedSetup();
  });

  it('the setup lookup with CLEARML_CONFIG_FILE naming a FIFO finishes and finds no setup', async () => {
    process.env.CLEARML_CONFIG_FILE = fifo;
    const started = Date.now();
    assert.equal(await api.testing.accounts.detectedSetup(), undefined);
    assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
  });
});
