/**
 * The Storage Credentials panel in a real VS Code UI with the packaged .vsix: a clearml.conf with a MinIO-style entry
 * on a local s3rver (behind the SigV4-checking front), a host entry without its port and an Azure SAS key; the panel
 * shows the problems where they are written, the URI access test reaches the server, and the editor validates inline.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { S3_KEY, S3_SECRET, startS3, type Running } from '../unit/storage/servers';
import { runCommand, screenshot, startWorkbench, type Workbench } from './harness';

function panelFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

describe('storage e2e: the Storage Credentials panel', () => {
  let s3: Running;
  let home: string;
  let workbench: Workbench | undefined;

  before(async () => {
    s3 = await startS3(['data']);
    home = mkdtempSync(join(tmpdir(), 'clearml-e2e-storage-'));
    writeFileSync(join(home, 'clearml.conf'), `# e2e storage setup
sdk {
    aws {
        s3 {
            credentials: [
                {
                    # local MinIO-compatible server
                    host: "127.0.0.1:${s3.port}"
                    key: "${S3_KEY}"
                    secret: "${S3_SECRET}"
                    secure: false
                }
                {
                    # forgot the port
                    host: "minio.lab"
                    bucket: "archive"
                    key: "LABKEY"
                    secret: "lab-secret"
                }
            ]
        }
    }
    azure.storage.containers: [
        { account_name: "acme", container_sas: "sv=2022-11-02&sig=abc", container_name: "models" }
    ]
    development {
        default_output_uri: "s3://127.0.0.1:${s3.port}/data/output"
    }
}
`);
    workbench = await startWorkbench({ env: { CLEARML_CONFIG_FILE: join(home, 'clearml.conf') }, viewport: { width: 1400, height: 1000 } });
  });

  after(async () => {
    await workbench?.close();
    await s3?.stop();
    rmSync(home, { recursive: true, force: true });
  });

  it('opens from the palette and shows each entry with its line and its problems', async () => {
    const { page } = workbench!;
    await runCommand(page, 'ClearML: Open Storage Credentials');
    await page.locator('.tab', { hasText: 'ClearML: Storage Credentials' }).waitFor();
    const frame = panelFrame(page);
    await frame.getByRole('heading', { name: 'Storage Credentials', exact: true }).waitFor();
    await frame.getByText(/host "minio\.lab" has no port/).first().waitFor();
    await frame.getByText(/SAS tokens are not supported yet/).first().waitFor();
    await frame.getByText(/uses the entry 127\.0\.0\.1:\d+ \(every bucket\)/).first().waitFor();
    assert.equal(await frame.getByText('lab-secret').count(), 0, 'a stored secret is visible in the panel');
    await screenshot(page, 'storage-panel');
  });

  it('tests a URI for real against the local S3 server', async () => {
    const { page } = workbench!;
    const frame = panelFrame(page);
    const field = frame.locator('#test-uri input');
    await field.click();
    await field.fill(`s3://127.0.0.1:${s3.port}/data/runs`);
    await frame.getByRole('button', { name: 'Test Access', exact: true }).click();
    const result = frame.locator('#test-result, .status.error').first();
    await result.waitFor({ timeout: 60_000 });
    await result.scrollIntoViewIfNeeded();
    await screenshot(page, 'storage-test-ok');
    assert.match(await result.innerText(), /access works/);
  });

  it('validates a new entry while it is typed (host without its port)', async () => {
    const { page } = workbench!;
    const frame = panelFrame(page);
    await frame.getByRole('button', { name: 'Add S3 / MinIO Entry' }).click();
    const host = frame.locator('#f-host input');
    await host.click();
    await host.fill('minio.example.com');
    await frame.locator('#f-key input').click();
    await frame.getByText(/has no port/).first().waitFor();
    await frame.locator('.editor').scrollIntoViewIfNeeded();
    await screenshot(page, 'storage-inline-validation');
  });
});
