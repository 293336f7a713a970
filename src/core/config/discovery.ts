/**
 * clearml.conf discovery exactly as the SDK does it (backend_config/defs.py, backend_api/session/session.py):
 * CLEARML_CONFIG_FILE (alias TRAINS_CONFIG_FILE) alone, else ~/trains.conf then ~/clearml.conf merged;
 * environment overrides win; web/files hosts derived from the API host when not configured.
 */
import * as path from 'node:path';
import { BoundedReadError, readOptionalTextFile } from './bounded-read';
import { encodingProblem } from './bytes';
import { ConfigParseError } from './errors';
import { parseHocon } from './hocon';
import { getOwn, isPlainObject } from './hocon-parser';
import { mergeResolved } from './resolve';
import type { ConfigObject, DiscoveredSetup, DiscoveryHost, Env } from './types';

type Field = keyof DiscoveredSetup['sources'];

/** EnvEntry.get: the first variable whose value is not blank, stripped; `X=` or `X=" "` does not count as set. */
function envEntry(env: Env, names: string[]): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) return { name, value };
  }
  return undefined;
}

function getPath(cfg: ConfigObject, dotted: string): unknown {
  let cur: unknown = cfg;
  for (const s of dotted.split('.')) cur = isPlainObject(cur) ? getOwn(cur, s) : undefined;
  return cur;
}

function expandHome(p: string, home: string): string {
  if (p === '~') return home;
  if (p.startsWith('~/') || p.startsWith('~\\')) return path.join(home, p.slice(2));
  return p;
}

function configFileOverride(env: Env, home: string): string | undefined {
  const override = envEntry(env, ['CLEARML_CONFIG_FILE', 'TRAINS_CONFIG_FILE']);
  // the SDK opens a relative path from its working directory, which differs per script; the home is the one
  // directory every ClearML process on the machine agrees on
  return override ? path.resolve(home, expandHome(override.value, home)) : undefined;
}

/**
 * The file the SDK treats as "the" clearml.conf and `clearml-init` writes, whether or not it exists:
 * $CLEARML_CONFIG_FILE (else $TRAINS_CONFIG_FILE) with `~` expanded, else ~/clearml.conf. Every writer of
 * clearml.conf asks this function.
 */
export function confFilePath(env: Env, homedir: string): string {
  return configFileOverride(env, homedir) ?? path.join(homedir, 'clearml.conf');
}

/** SDK/EnvEntry boolean conversion. */
export function toBool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v !== 'string') return undefined;
  const s = v.trim().toLowerCase();
  if (['1', 'true', 't', 'yes', 'y', 'on'].includes(s)) return true;
  if (['0', 'false', 'f', 'no', 'n', 'off', ''].includes(s)) return false;
  return undefined;
}

/** Session.get_app_server_host's "compose ourselves" step. */
export function deriveWebHost(apiHost: string): string | undefined {
  if (apiHost.includes('://demoapi.')) return apiHost.replace('://demoapi.', '://demoapp.');
  if (apiHost.includes('://api.')) return apiHost.replace('://api.', '://app.');
  const m = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*:(\d+)/.exec(apiHost);
  if (m && m[1] === '8008') return apiHost.replace(':8008', ':8080');
  return undefined;
}

/** Session.get_files_server_host's "compose ourselves" step, from the web host. */
export function deriveFilesHost(webHost: string): string | undefined {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/)([^/?#]*)(.*)$/.exec(webHost);
  if (!m) return undefined;
  const [, scheme, netloc, rest] = m;
  const port = /:(\d+)$/.exec(netloc);
  let host: string;
  if (port) host = netloc.replace(`:${port[1]}`, ':8081');
  else if (netloc.startsWith('demoapp.')) host = netloc.replace('demoapp.', 'demofiles.');
  else if (netloc.startsWith('app.')) host = netloc.replace('app.', 'files.');
  else host = netloc + ':8081';
  return scheme + host + rest;
}

/** The files the SDK reads, in merge order: the override alone, else ~/trains.conf then ~/clearml.conf. */
export function discoveryCandidates(env: Env, homedir: string): string[] {
  const override = configFileOverride(env, homedir);
  return override ? [override] : [path.join(homedir, 'trains.conf'), confFilePath(env, homedir)];
}

export interface DiskDiscoveryOptions {
  env: Env;
  homedir: string;
  /** Where a candidate is really read (the setup check resolves against its working directory); default as is. */
  resolvePath?: (file: string) => string;
}

/**
 * discoverSetup over the real files, each read with readOptionalTextFile (never blocks, bounded). A candidate that
 * exists but cannot be read (a FIFO, a device, a directory, too large) is an entry of `errors` naming it and why.
 */
export async function discoverSetupOnDisk(options: DiskDiscoveryOptions): Promise<DiscoveredSetup> {
  const resolvePath = options.resolvePath ?? ((file: string) => file);
  const texts = new Map<string, string>();
  const readErrors: ConfigParseError[] = [];
  await Promise.all(discoveryCandidates(options.env, options.homedir).map(async (file) => {
    try {
      const text = await readOptionalTextFile(resolvePath(file));
      if (text !== undefined) texts.set(file, text);
    } catch (e) {
      if (!(e instanceof BoundedReadError)) throw e;
      readErrors.push(new ConfigParseError(`cannot be read: ${e.reason}`, 1, 1, file));
    }
  }));
  const setup = discoverSetup({ env: options.env, homedir: options.homedir, readFile: (file) => texts.get(file) });
  setup.errors.unshift(...readErrors);
  return setup;
}

export function discoverSetup(host: DiscoveryHost): DiscoveredSetup {
  const env = host.env;
  const primaryFile = confFilePath(env, host.homedir);
  const candidates = discoveryCandidates(env, host.homedir);
  const files: string[] = [];
  const perFile: { file: string; cfg: ConfigObject }[] = [];
  const errors: ConfigParseError[] = [];
  const config: ConfigObject = {};
  for (const file of candidates) {
    const text = host.readFile(file);
    if (text === undefined) continue;
    files.push(file);
    // a file the SDK cannot even decode applies nothing (every SDK script stops at import): say so, line and fix
    const undecodable = encodingProblem(text, file);
    if (undecodable) {
      errors.push(undecodable);
      continue;
    }
    try {
      const cfg = parseHocon(text, { env, filename: file });
      perFile.push({ file, cfg });
      mergeResolved(config, cfg);
    } catch (e) {
      if (e instanceof ConfigParseError) errors.push(e);
      else throw e;
    }
  }
  const sources: DiscoveredSetup['sources'] = {};
  const fromConfig = (field: Field, dotted: string[]): string | undefined => {
    for (const d of dotted) {
      const v = getPath(config, d);
      if ((typeof v === 'string' && v !== '') || typeof v === 'number') {
        const setBy = [...perFile].reverse().find((f) => getPath(f.cfg, d) !== undefined);
        sources[field] = setBy?.file ?? primaryFile;
        return String(v);
      }
    }
    return undefined;
  };
  const pick = (field: Field, envNames: string[], dotted: string[]): string | undefined => {
    const e = envEntry(env, envNames);
    if (e) {
      sources[field] = `env:${e.name}`;
      return e.value;
    }
    return fromConfig(field, dotted);
  };
  const setup: DiscoveredSetup = { files, config, primaryFile, verifyCertificate: true, sources, errors };
  const apiServer = pick('apiServer', ['CLEARML_API_HOST', 'TRAINS_API_HOST'], ['api.api_server', 'api.host']);
  let webServer = pick('webServer', ['CLEARML_WEB_HOST', 'TRAINS_WEB_HOST'], ['api.web_server'])?.replace(/\/+$/, '');
  if (!webServer && apiServer) {
    webServer = deriveWebHost(apiServer);
    if (webServer) sources.webServer = 'derived';
    else delete sources.webServer;
  }
  let filesServer = pick('filesServer', ['CLEARML_FILES_HOST', 'TRAINS_FILES_HOST'], ['api.files_server'])?.replace(/\/+$/, '');
  if (!filesServer && webServer) {
    filesServer = deriveFilesHost(webServer);
    if (filesServer) sources.filesServer = 'derived';
    else delete sources.filesServer;
  }
  const accessKey = pick('accessKey', ['CLEARML_API_ACCESS_KEY', 'TRAINS_API_ACCESS_KEY'], ['api.credentials.access_key']);
  const secretKey = pick('secretKey', ['CLEARML_API_SECRET_KEY', 'TRAINS_API_SECRET_KEY'], ['api.credentials.secret_key']);
  if (apiServer) setup.apiServer = apiServer;
  if (webServer) setup.webServer = webServer;
  if (filesServer) setup.filesServer = filesServer;
  if (accessKey) setup.accessKey = accessKey;
  if (secretKey) setup.secretKey = secretKey;
  const verifyEnv = envEntry(env, ['CLEARML_API_HOST_VERIFY_CERT', 'TRAINS_API_HOST_VERIFY_CERT']);
  const verifyEnvValue = verifyEnv ? toBool(verifyEnv.value) : undefined;
  if (verifyEnv && verifyEnvValue !== undefined) {
    setup.verifyCertificate = verifyEnvValue;
    sources.verifyCertificate = `env:${verifyEnv.name}`;
  } else {
    const v = toBool(getPath(config, 'api.verify_certificate'));
    if (v !== undefined) {
      setup.verifyCertificate = v;
      const setBy = [...perFile].reverse().find((f) => getPath(f.cfg, 'api.verify_certificate') !== undefined);
      sources.verifyCertificate = setBy?.file ?? primaryFile;
    }
  }
  return setup;
}
