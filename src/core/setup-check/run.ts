/**
 * runSetupCheck: resolves the setup as the SDK does, then probes the API, the web UI and the files server in
 * parallel (each bounded by timeoutMs), signs in once, and returns one report in a fixed check order. No secret
 * leaves this function: the secret key and the full access key are scrubbed from every text of the report.
 */
import { mergeVaults } from '../config';
import { configFileFindings, envOverrideFindings, parseFindings } from './config-checks';
import { buildContext, readText, type CheckContext, type Field } from './context';
import { profileDiffers, signedInServerFinding } from './profile-check';
import { addressAnswers, apiCredentials, apiReachable, CheckAborted, hostOf, siteReachable, type ApiOutcome } from './reachability';
import { KnownSecrets, scrubReport } from './scrub';
import { effectiveStorageFindings } from './storage';
import type { CheckId, Finding, SetupCheckOptions, SetupReport, VaultLayer } from './types';
import { CHECK_ORDER } from './order';
import { proposedAddress, urlFinding } from './url-checks';

function validHttpUrl(url: string | undefined): boolean {
  if (!url) return false;
  try { return /^https?:$/.test(new URL(url).protocol); } catch { return false; }
}

/** The file the SDK treats as clearml.conf, when it exists. */
function primaryFile(ctx: CheckContext): string | undefined {
  return ctx.setup.files.includes(ctx.setup.primaryFile) ? ctx.setup.primaryFile : ctx.setup.files[0];
}

function storage(ctx: CheckContext, vaults: VaultLayer[]): Finding[] {
  const file = primaryFile(ctx);
  const found = effectiveStorageFindings({ config: ctx.setup.config, file, text: file ? readText(file) : undefined, vaults, env: ctx.env });
  if (found.length) return found;
  const note = ctx.tls.verify ? undefined : 'api.verify_certificate is false, but that covers only API calls: storage uploads (files server, S3, GCS, Azure) still verify certificates';
  return [{ check: 'storage', status: 'ok', message: 'No storage credential problems found.', detail: note }];
}

/** The setting each check is about, for opening clearml.conf at its line. */
const SETTING_OF: Partial<Record<CheckId, string>> = {
  'api-url': 'api.api_server', 'api-reachable': 'api.api_server', 'api-credentials': 'api.credentials.access_key',
  'web-url': 'api.web_server', 'web-reachable': 'api.web_server', 'files-url': 'api.files_server', 'files-reachable': 'api.files_server',
};

/** Adds where each finding's setting is written: a parse error's line and column, a setting's line in clearml.conf. */
function locate(ctx: CheckContext, findings: Finding[]): void {
  const file = primaryFile(ctx);
  const text = file ? readText(file) : undefined;
  let lines: Map<string, number> | undefined;
  try {
    if (file && text !== undefined) lines = new Map([...mergeVaults(text, [], { env: ctx.env, baseFilename: file }).provenance].flatMap(([k, e]) => (e.line ? [[k, e.line] as [string, number]] : [])));
  } catch {
    // an unparsable file: its parse error carries the line
  }
  const errors = [...ctx.setup.errors];
  for (const f of findings) {
    if (f.location) continue;
    if (f.check === 'config-parse' && f.status === 'error') {
      const e = errors.shift();
      if (e?.filename) f.location = { file: e.filename, line: e.line, column: e.column };
      continue;
    }
    const setting = SETTING_OF[f.check];
    const field = setting === 'api.api_server' ? 'apiServer' : setting === 'api.web_server' ? 'webServer' : setting === 'api.files_server' ? 'filesServer' : 'accessKey';
    const source = ctx.setup.sources[field];
    if (source === 'derived' || source?.startsWith('env:')) continue;
    const line = setting ? lines?.get(setting) ?? (setting === 'api.api_server' ? lines?.get('api.host') : undefined) : undefined;
    // Only where the file sets it: a value from the environment or derived has no line to open.
    if (file && line && f.status !== 'ok' && f.status !== 'skipped') f.location = { file, line };
  }
}

/** Every secret the check read, for the report's last scrub (see scrub.ts). */
function knownSecrets(ctx: CheckContext): KnownSecrets {
  const known = new KnownSecrets();
  const { setup } = ctx;
  known.pair(setup.accessKey, setup.secretKey);
  known.fromConfig(setup.config);
  known.fromEnv(ctx.env);
  for (const vault of ctx.options.vaults ?? []) known.fromText(vault.text, false);
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
  const [api, web, files, apiProposal, webProposal, filesProposal, signedIn] = await Promise.all([
    apiValid ? apiReachable(ctx) : Promise.resolve<ApiOutcome | undefined>(undefined),
    validHttpUrl(setup.webServer) ? siteReachable(ctx, 'webServer') : Promise.resolve(undefined),
    validHttpUrl(setup.filesServer) ? siteReachable(ctx, 'filesServer') : Promise.resolve(undefined),
    proposalAnswers('apiServer'), proposalAnswers('webServer'), proposalAnswers('filesServer'),
    profileDiffers(ctx, options.profile) ? signedInServerFinding(ctx, options.profile) : Promise.resolve(undefined),
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
    ...storage(ctx, options.vaults ?? []),
  );
  if (signedIn) {
    findings.push(signedIn);
    // Say which is which: the findings about the API so far are about clearml.conf's server.
    for (const f of findings) {
      if ((f.check === 'api-reachable' || f.check === 'api-credentials') && f.status !== 'skipped') f.message += ` (This is clearml.conf's server, used by your scripts and agents; VS Code is signed in to ${hostOf(options.profile!.apiServer)}: see "Signed-in server".)`;
    }
  }
  findings.sort((a, b) => CHECK_ORDER.indexOf(a.check) - CHECK_ORDER.indexOf(b.check));
  locate(ctx, findings);
  const report: SetupReport = { findings, durationMs: Date.now() - started };
  const configFile = ctx.fileOverride ? setup.files[0] ?? setup.primaryFile : setup.files.includes(setup.primaryFile) ? setup.primaryFile : setup.files[0];
  if (configFile) report.configFile = configFile;
  return scrubReport(report, knownSecrets(ctx));
}
