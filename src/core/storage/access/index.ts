/**
 * Entry of the storage access test. Built as its own bundle (dist/storage-access.js) and loaded only when a test
 * runs, so activating the extension never loads the signing code.
 */
import type { Env } from '../../config';
import type { StorageEntry, StorageModel } from '../model';
import { resolutionOfEntry, resolveUri, type Resolution } from '../resolve';
import { splitHost, validateStorage } from '../rules';
import { probeAzure, type AzureProbeOptions } from './azure';
import type { AccessReport } from './outcome';
import { DEFAULT_TEST_MS, probeS3 } from './s3';

export type { AccessReport, AccessOutcome, AccessStep } from './outcome';

export interface AccessTestOptions extends AzureProbeOptions {
  env?: Env;
  /** Blob endpoint for an Azure account (emulators, sovereign clouds); default https://<URI host>. */
  azureEndpoint?: (accountName: string) => string | undefined;
}

export async function testResolution(r: Resolution, opts: AccessTestOptions = {}): Promise<AccessReport> {
  // One deadline for the whole test, every request included: per-socket idle timeouts never fire on a trickle.
  opts = { ...opts, deadlineAt: opts.deadlineAt ?? Date.now() + (opts.timeoutMs ?? DEFAULT_TEST_MS) };
  let report: AccessReport;
  const portless = r.provider === 's3' && r.host && splitHost(r.host).port === undefined;
  if (r.provider === 's3') report = await probeS3(r, opts);
  else if (r.provider === 'azure') report = await probeAzure(r, { ...opts, endpoint: opts.endpoint ?? opts.azureEndpoint?.(r.accountName) });
  else {
    report = {
      outcome: 'not-testable', target: r.uri, steps: [],
      message: 'Google Cloud Storage is validated but not access-tested yet: the test would need a Google OAuth token exchange this extension does not do.',
    };
  }
  if (portless && report.outcome !== 'ok') report = { ...report, message: `${report.message} Note: the entry's host "${(r as { host: string }).host}" has no port; the SDK needs host:port, even for 443.` };
  return { ...report, resolved: r.summary };
}

/**
 * Tests one configured entry as the SDK would use it for its own bucket (or the whole host / account). An S3 host
 * entry without a bucket (ClearML's template MinIO entry) is tested on the bucket of the first upload address that
 * uses it (default_output_uri, files_server), else by listing the host's buckets.
 */
export async function testEntry(model: StorageModel, entry: StorageEntry, opts: AccessTestOptions = {}): Promise<AccessReport> {
  if (entry.provider === 's3' && entry.host && !entry.bucket) {
    for (const used of model.uris) {
      const r = resolveUri(model, used.uri, opts.env);
      if (r?.provider === 's3' && r.entry?.index === entry.index && r.bucket) {
        const report = await testResolution(r, opts);
        return { ...report, resolved: `The entry names no bucket; testing ${used.uri} (${used.setting}), which uses it. ${report.resolved ?? ''}`.trim() };
      }
    }
  }
  return testResolution(resolutionOfEntry(model, entry, opts.env), opts);
}

/**
 * "Can I upload to <uri>?": resolve the entry the SDK would use, say so, then probe it. A URI the rules already
 * know is wrong (a host without its port, no entry at all) is reported with that rule's words.
 */
export async function testUri(model: StorageModel, uri: string, opts: AccessTestOptions = {}): Promise<AccessReport> {
  const r = resolveUri(model, uri, opts.env);
  if (!r) return { outcome: 'error', target: uri, steps: [], message: `"${uri}" is not a storage URI (s3://, gs:// or azure://).` };
  const rules = validateStorage({ ...model, uris: [{ setting: 'the URI', uri }] }, { env: opts.env })
    .filter((i) => i.setting === 'the URI' && (i.rule === 'uri-no-port' || i.rule === 'uri-no-entry'));
  if (rules.length && (rules[0].rule === 'uri-no-port' || r.provider !== 's3' || !r.key)) {
    // The rule's message opens with the resolution's summary, which the report carries as `resolved`: the panel
    // shows both, so the message keeps only what follows (the advice), or the whole text when nothing follows.
    const text = rules.map((i) => i.message.replace(/^the URI: /, '')).join(' ');
    const advice = text.startsWith(r.summary) ? text.slice(r.summary.length).trim() : text;
    return { outcome: 'no-entry', target: uri, steps: [], ...(advice ? { resolved: r.summary } : {}), message: advice || text };
  }
  return testResolution(r, opts);
}
