/**
 * runSetupCheck: resolves the setup as the SDK does, then probes the API, the web UI and the files server in
 * parallel (each bounded by timeoutMs), signs in once, and returns one report in a fixed check order. No secret
 * leaves this function: the secret key and the full access key are scrubbed from every text of the report.
 */
import { mergeVaults } from '../config';
import { configFileFindings, envOverrideFindings, parseFindings } from './config-checks';
import { buildContext, readText, type CheckContext, type Field } from './context';
import { addressAnswers, apiCredentials, apiReachable, CheckAborted, siteReachable, type ApiOutcome } from './reachability';
import { KnownSecrets, scrubReport } from './scrub';
import { storageFindings } from './storage';
import type { CheckId, Finding, SetupCheckOptions, SetupReport } from './types';
import { CHECK_ORDER } from './order';
import { proposedAddress, urlFinding } from './url-checks';

function validHttpUrl(url: string | undefined): boolean {
  if (!url) return false;
  try { return /^https?:$/.test(new URL(url).protocol); } catch { return false; }
}

function storage(ctx: CheckContext): Finding[] {
  const file = ctx.setup.files.includes(ctx.setup.primaryFile) ? ctx.setup.primaryFile : ctx.setup.files[0];
  const text = file ? readText(file) : undefined;
  let lines: Map<string, number> | undefined;
  const sourceOf = (p: string): string | undefined => {
    if (!file || text === undefined) return undefined;
    if (!lines) {
      lines = new Map();
      try {
        for (const [key, entry] of mergeVaults(text, [], { env: ctx.env, baseFilename: file }).provenance) if (entry.line) lines.set(key, entry.line);
      } catch {
        // an unparsable file has no provenance; config-parse reports it
      }
    }
    const line = lines.get(p);
    return line ? `${file}:${line}` : undefined;
  };
  const found = storageFindings(ctx.setup.config, sourceOf);
  if (found.length) return found;
  const note = ctx.tls.verify ? undefined : 'api.verify_certificate is false, but that covers only API calls: storage uploads (files server, S3, GCS, Azure) still verify certificates';
  return [{ check: 'storage', status: 'ok', message: 'No storage credential problems found.', detail: note }];
}

/** Every secret the check read, for the report's last scrub (see scrub.ts). */
function knownSecrets(ctx: CheckContext): KnownSecrets {
  const known = new KnownSecrets();
  const { setup } = ctx;
  known.pair(setup.accessKey, setup.secretKey);
  known.fromConfig(setup.config);
  known.fromEnv(ctx.env);
  const unparsed = new Set(setup.errors.map((e) => e.filename).filter((f): f is string => !!f));
  for (const file of new Set([...setup.files, ...unparsed])) {
    const text = readText(file);
    if (text !== undefined) known.fromText(text, unparsed.has(file));
  }
  return known;
}

export async function runSetupCheck(options: SetupCheckOptions): Promise<SetupReport> {
  const started = Date.now();
  if (options.signal?.aborted) throw new CheckAborted();
  const ctx = await buildContext(options);
  const { setup } = ctx;
  const findings: Finding[] = [...configFileFindings(ctx), ...parseFindings(ctx), ...envOverrideFindings(ctx)];

  const skipped = (check: CheckId, why: string): Finding => ({ check, status: 'skipped', message: why });
  const apiValid = validHttpUrl(setup.apiServer);
  // The address each url check would propose is probed beside the rest: it is offered only if it answers.
  const proposalAnswers = (field: Field): Promise<boolean> => {
    const proposed = proposedAddress(ctx, field);
    return proposed ? addressAnswers(ctx, field, proposed) : Promise.resolve(false);
  };
  const [api, web, files, apiProposal, webProposal, filesProposal] = await Promise.all([
    apiValid ? apiReachable(ctx) : Promise.resolve<ApiOutcome | undefined>(undefined),
    validHttpUrl(setup.webServer) ? siteReachable(ctx, 'webServer') : Promise.resolve(undefined),
    validHttpUrl(setup.filesServer) ? siteReachable(ctx, 'filesServer') : Promise.resolve(undefined),
    proposalAnswers('apiServer'), proposalAnswers('webServer'), proposalAnswers('filesServer'),
  ]);
  const credentials = apiValid ? await apiCredentials(ctx, !!api?.ok) : skipped('api-credentials', 'Not checked: no usable API address.');

  const reachOf = (f: Finding | undefined) => f && { answered: f.status === 'ok', fixes: f.fixes };
  findings.push(
    urlFinding(ctx, 'apiServer', api && { answered: api.ok, fixes: api.finding.fixes }, apiProposal),
    urlFinding(ctx, 'webServer', reachOf(web), webProposal),
    urlFinding(ctx, 'filesServer', reachOf(files), filesProposal),
    api?.finding ?? skipped('api-reachable', 'Not checked: no usable API address.'),
    credentials,
    web ?? skipped('web-reachable', 'Not checked: no usable web UI address.'),
    files ?? skipped('files-reachable', 'Not checked: no usable files server address.'),
    ...storage(ctx),
  );
  findings.sort((a, b) => CHECK_ORDER.indexOf(a.check) - CHECK_ORDER.indexOf(b.check));
  const report: SetupReport = { findings, durationMs: Date.now() - started };
  const configFile = ctx.fileOverride ? setup.files[0] ?? setup.primaryFile : setup.files.includes(setup.primaryFile) ? setup.primaryFile : setup.files[0];
  if (configFile) report.configFile = configFile;
  return scrubReport(report, knownSecrets(ctx));
}
