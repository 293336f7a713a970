/**
 * What every check reads: the setup as the SDK resolves it (files, environment overrides, derived hosts), the TLS
 * settings and HTTP method the SDK would use, and how to name each setting in a message.
 */
import * as path from 'node:path';
import type { ConfigObject, DiscoveredSetup } from '../config';
import { BoundedReadError, MAX_CONFIG_FILE_BYTES, readBoundedRegularFileSync, readOptionalTextFile } from '../config/bounded-read';
import { discoverSetupOnDisk, toBool } from '../config/discovery';
import { getOwn, isPlainObject } from '../config/hocon-parser';
import type { TlsSettings } from './probe';
import type { Fix, SetupCheckOptions } from './types';

export type Field = 'apiServer' | 'webServer' | 'filesServer';

export const SETTING: Record<Field, { path: string; env: string }> = {
  apiServer: { path: 'api.api_server', env: 'CLEARML_API_HOST' },
  webServer: { path: 'api.web_server', env: 'CLEARML_WEB_HOST' },
  filesServer: { path: 'api.files_server', env: 'CLEARML_FILES_HOST' },
};

export interface CheckContext {
  options: SetupCheckOptions;
  env: Record<string, string | undefined>;
  cwd: string;
  timeoutMs: number;
  setup: DiscoveredSetup;
  /** The configuration variable naming the file, when set. */
  fileOverride?: { name: string; value: string };
  /** For API calls: api.verify_certificate plus the CA bundle. */
  tls: TlsSettings & { verifySource?: string; caProblem?: string };
  /** For the web UI and files server: always verified (api.verify_certificate does not reach uploads), same bundle. */
  siteTls: TlsSettings;
  /** GET unless api.http.default_method / CLEARML_API_DEFAULT_REQ_METHOD says otherwise (the SDK's default). */
  method: string;
  methodSource?: string;
}

/** Bounded and never waiting on the file's kind (see readBoundedRegularFileSync); undefined when it cannot be read. */
export function readText(file: string): string | undefined {
  try {
    return readBoundedRegularFileSync(file, MAX_CONFIG_FILE_BYTES).toString('utf8');
  } catch {
    return undefined;
  }
}

export function getPath(cfg: ConfigObject, dotted: string): unknown {
  let cur: unknown = cfg;
  for (const s of dotted.split('.')) cur = isPlainObject(cur) ? getOwn(cur, s) : undefined;
  return cur;
}

export function envValue(env: Record<string, string | undefined>, names: string[]): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = env[name];
    if (value !== undefined && value !== '') return { name, value };
  }
  return undefined;
}

/** The first 4 characters of a key, the only part a report may show. */
export function maskKey(key: string | undefined): string {
  return key ? `${key.slice(0, 4)}…` : '(none)';
}

export async function buildContext(options: SetupCheckOptions): Promise<CheckContext> {
  const env = options.env;
  const cwd = options.cwd ?? process.cwd();
  // A relative CLEARML_CONFIG_FILE is read against the working directory, as a script started here would.
  const setup = await discoverSetupOnDisk({ env, homedir: options.homedir, resolvePath: (f) => path.resolve(cwd, f) });
  const fileOverride = envValue(env, ['CLEARML_CONFIG_FILE', 'TRAINS_CONFIG_FILE']);
  const tls: CheckContext['tls'] = { verify: setup.verifyCertificate, verifySource: setup.sources.verifyCertificate };
  // python-requests replaces its default roots with this bundle whenever it verifies.
  const bundle = envValue(env, ['REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE']);
  if (bundle) {
    let text: string | undefined;
    let why = 'it does not exist';
    try { text = await readOptionalTextFile(path.resolve(cwd, bundle.value)); } catch (e) { if (e instanceof BoundedReadError) why = e.reason; else throw e; }
    if (text === undefined) tls.caProblem = `${bundle.name}=${bundle.value} cannot be read (${why}); the SDK fails every verified HTTPS call with it`;
    else { tls.ca = text; tls.caSource = `${bundle.name}=${bundle.value}`; }
  }
  const siteTls: TlsSettings = { verify: true, ca: tls.ca, caSource: tls.caSource };
  const methodEnv = envValue(env, ['CLEARML_API_DEFAULT_REQ_METHOD', 'TRAINS_API_DEFAULT_REQ_METHOD']);
  const methodConf = getPath(setup.config, 'api.http.default_method');
  let method = 'GET';
  let methodSource: string | undefined;
  if (methodEnv) { method = methodEnv.value.toUpperCase(); methodSource = methodEnv.name; }
  else if (typeof methodConf === 'string' && methodConf) { method = methodConf.toUpperCase(); methodSource = 'api.http.default_method'; }
  return { options, env, cwd, timeoutMs: options.timeoutMs ?? 5000, setup, fileOverride, tls, siteTls, method, methodSource };
}

/** "api.api_server in /home/u/clearml.conf", "CLEARML_API_HOST", or "api.web_server (derived from api.api_server)". */
export function settingName(ctx: CheckContext, field: Field): string {
  const source = ctx.setup.sources[field];
  if (source?.startsWith('env:')) return source.slice(4);
  if (source === 'derived') return `${SETTING[field].path} (not set; derived from the API address as the SDK does)`;
  return source ? `${SETTING[field].path} in ${source}` : SETTING[field].path;
}

/** A fix that changes the setting where it is really set: the environment variable if one wins, else clearml.conf. */
export function fixSetting(ctx: CheckContext, field: Field, value: string, label: string): Fix {
  const source = ctx.setup.sources[field];
  if (source?.startsWith('env:')) return { kind: 'set-env', name: source.slice(4), value, label };
  return { kind: 'set', path: SETTING[field].path, value, label };
}

/** The fix that turns certificate verification off where the SDK reads it (the variable wins over the file). */
export function verifyOffFix(ctx: CheckContext): Fix {
  const label = 'Stop verifying the API certificate (api.verify_certificate: false; not for storage)';
  const source = ctx.tls.verifySource;
  if (source?.startsWith('env:')) return { kind: 'set-env', name: source.slice(4), value: '0', label };
  return { kind: 'set', path: 'api.verify_certificate', value: false, label };
}

export const boolOf = toBool;
