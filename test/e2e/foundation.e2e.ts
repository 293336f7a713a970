import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openClearMLView, runCommand, startWorkbench, type Workbench } from './harness';

describe('foundation e2e: the packaged extension in code-server', () => {
  let workbench: Workbench | undefined;
  let home: string;

  before(async () => {
    // No clearml.conf anywhere: the view must offer to sign in.
    home = mkdtempSync(join(tmpdir(), 'clearml-e2e-home-'));
    workbench = await startWorkbench({ env: { CLEARML_CONFIG_FILE: join(home, 'clearml.conf') } });
  });

  after(async () => {
    await workbench?.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('shows the ClearML activity-bar item and the sign-in welcome view', async () => {
    const { page } = workbench!;
    const sidebar = await openClearMLView(page);
    await sidebar.getByText('Sign in to a ClearML server', { exact: false }).waitFor();
    await sidebar.getByRole('button', { name: 'Sign In', exact: true }).waitFor();
    const shot = await workbench!.screenshot('foundation-welcome');
    assert.ok(existsSync(shot));
  });

  it('reopens the view from the command palette after the side bar was closed', async () => {
    const { page } = workbench!;
    await runCommand(page, 'View: Close Primary Side Bar');
    await page.locator('.part.sidebar').waitFor({ state: 'hidden' });
    await runCommand(page, 'ClearML: Focus on ClearML View');
    await page.locator('.part.sidebar').getByText('Sign in to a ClearML server', { exact: false }).waitFor();
  });
});
