/**
 * api-url, web-url, files-url: the shape of the three addresses (scheme, port, which server each port belongs
 * to, a files server on localhost behind a remote API). A missing port is only reported when the address does not
 * answer, since a reverse proxy on 80/443 is a valid setup.
 */
import { deriveFilesHost } from '../config/discovery';
import { fixSetting, settingName, SETTING, type CheckContext, type Field } from './context';
import type { CheckId, Finding } from './types';

const CHECK: Record<Field, CheckId> = { apiServer: 'api-url', webServer: 'web-url', filesServer: 'files-url' };
const ROLE: Record<Field, string> = { apiServer: 'API server', webServer: 'web UI', filesServer: 'files server' };
/** The docker-compose ports of each server, and the k8s node ports. */
const PORTS: Record<Field, [string, string]> = { apiServer: ['8008', '30008'], webServer: ['8080', '30080'], filesServer: ['8081', '30081'] };
const PREFIX: Record<Field, string> = { apiServer: 'api', webServer: 'app', filesServer: 'files' };
const FIELDS: Field[] = ['apiServer', 'webServer', 'filesServer'];

const LOOPBACK = /^(localhost|127(\.\d+){3}|\[?::1\]?|0\.0\.0\.0)$/i;

function rebuilt(u: URL, change: { port?: string; hostname?: string }): string {
  const copy = new URL(u.href);
  if (change.port !== undefined) copy.port = change.port;
  if (change.hostname !== undefined) copy.hostname = change.hostname;
  return `${copy.protocol}//${copy.host}${copy.pathname.replace(/\/+$/, '')}`;
}

/** When the port or the host name belongs to another of the three servers: the address that was meant. */
function mixup(field: Field, u: URL): { owner: Field; fixed: string; why: string } | undefined {
  const path = u.pathname.replace(/\/+$/, '');
  if (path !== '') return undefined;
  for (const other of FIELDS) {
    if (other === field) continue;
    const i = PORTS[other].indexOf(u.port);
    if (i >= 0) return { owner: other, fixed: rebuilt(u, { port: PORTS[field][i] }), why: `port ${u.port} is the ${ROLE[other]}'s port` };
    const prefix = `${PREFIX[other]}.`;
    if (u.hostname.startsWith(prefix) && !u.hostname.startsWith(`${PREFIX[field]}.`)) {
      return { owner: other, fixed: rebuilt(u, { hostname: `${PREFIX[field]}.${u.hostname.slice(prefix.length)}` }), why: `"${PREFIX[other]}." is the ${ROLE[other]}'s host name` };
    }
  }
  return undefined;
}

export interface Reach { answered: boolean; fixes?: Finding['fixes'] }

/** The scheme a bare address most likely lacks: http when it names a port, else https. */
function schemeGuess(value: string): string | undefined {
  return /^[A-Za-z0-9.-]+(:\d+)?(\/\S*)?$/.test(value) ? `${/:\d+/.test(value) ? 'http' : 'https'}://${value}` : undefined;
}

/** The files server's real address when it is on localhost behind a remote API (undefined when that is not the case). */
function remoteFilesAddress(ctx: CheckContext, u: URL): { better: string; apiHost: string } | undefined {
  if (!LOOPBACK.test(u.hostname)) return undefined;
  let apiHost: string | undefined;
  try { apiHost = ctx.setup.apiServer ? new URL(ctx.setup.apiServer).hostname : undefined; } catch { apiHost = undefined; }
  if (!apiHost || LOOPBACK.test(apiHost)) return undefined;
  const web = ctx.setup.webServer;
  const derived = web ? deriveFilesHost(web) : undefined;
  return { better: derived && !LOOPBACK.test(new URL(derived).hostname) ? derived : `${u.protocol}//${apiHost}:8081`, apiHost };
}

/**
 * The address urlFinding would propose for a field (a scheme added, the port or host name of the right server, the
 * files server's real address). The caller probes it: a fix is offered only when it answers (issue 21.2).
 */
export function proposedAddress(ctx: CheckContext, field: Field): string | undefined {
  const value = ctx.setup[field];
  if (!value) return undefined;
  let u: URL | undefined;
  try { u = new URL(value); } catch { u = undefined; }
  if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:')) return schemeGuess(value);
  const wrong = mixup(field, u);
  if (wrong) return wrong.fixed;
  return field === 'filesServer' ? remoteFilesAddress(ctx, u)?.better : undefined;
}

/** The proposed address as a fix when it answered, then the other addresses the live checks found answering. */
function probedFixes(ctx: CheckContext, field: Field, proposed: string, answers: boolean, reach: Reach | undefined): Finding['fixes'] {
  const fixes = [
    ...(answers ? [fixSetting(ctx, field, proposed, `Use ${proposed} (answers${field === 'apiServer' ? ' as ClearML' : ''})`)] : []),
    ...(reach?.fixes ?? []).filter((f) => !('value' in f) || f.value !== proposed),
  ];
  return fixes.length ? fixes : undefined;
}

function answeringText(fixes: Finding['fixes']): string {
  const values = (fixes ?? []).flatMap((f) => ('value' in f && typeof f.value === 'string' ? [f.value] : []));
  return values.length ? ` ${values.join(', ')} answer${values.length === 1 ? 's' : ''}.` : '';
}

/**
 * `proposedAnswers`: whether proposedAddress(ctx, field) answered when probed (as ClearML for the API, at all for the
 * web UI and files server). A fix is offered only for an address that answered; otherwise the message says what to check.
 */
export function urlFinding(ctx: CheckContext, field: Field, reach: Reach | undefined, proposedAnswers = false): Finding {
  const check = CHECK[field];
  const role = ROLE[field];
  const value = ctx.setup[field];
  const setting = settingName(ctx, field);
  if (!value) {
    if (field === 'apiServer') {
      return { check, status: 'error', cause: 'missing', message: `No API server is configured: set ${SETTING.apiServer.path} in clearml.conf (or ${SETTING.apiServer.env}), e.g. https://api.clear.ml or http://<host>:8008.` };
    }
    return { check, status: 'warning', cause: 'missing', message: `No ${role} address: ${SETTING[field].path} is not set and cannot be derived from the API address. Set it in clearml.conf.` };
  }
  let u: URL | undefined;
  try { u = new URL(value); } catch { u = undefined; }
  if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:')) {
    const guess = schemeGuess(value);
    const probed = guess && !proposedAnswers ? ` (nothing answers at ${guess} from this machine: check the host, port and scheme)` : '';
    return {
      check, status: 'error', cause: 'missing',
      message: `The ${role} address "${value}" (${setting}) has no http:// or https:// in front; the SDK cannot use it. Write the full URL${guess ? `, e.g. ${guess}${probed}` : ''}.`,
      fixes: guess && proposedAnswers ? [fixSetting(ctx, field, guess, `Use ${guess} (answers)`)] : undefined,
    };
  }
  const wrong = mixup(field, u);
  // An API that answers as ClearML on another server's port is a working setup, not a mix-up.
  if (wrong && !(field === 'apiServer' && reach?.answered)) {
    const fixes = probedFixes(ctx, field, wrong.fixed, proposedAnswers, reach);
    const [docker, k8s] = PORTS[field];
    const advice = proposedAnswers
      ? `Use ${wrong.fixed}.`
      : `Nothing answers as the ${role} at ${wrong.fixed} either: check which address your ${role} really has (docker-compose port ${docker}, Kubernetes node port ${k8s}${field === 'apiServer' ? ', or <web UI>/api' : ''}).${answeringText(fixes)}`;
    return {
      check, status: 'error', cause: 'port-mixup',
      message: `${setting} is ${value}, but ${wrong.why}, not the ${role}'s. ${advice}`,
      detail: 'docker-compose ports: API 8008, web UI 8080, files 8081 (k8s node ports 30008/30080/30081); hosted names: api., app., files.',
      fixes,
    };
  }
  const remote = field === 'filesServer' ? remoteFilesAddress(ctx, u) : undefined;
  if (remote) {
    const { better, apiHost } = remote;
    const probed = proposedAnswers ? '' : ` (it does not answer from this machine: check the address your files server really has)`;
    return {
      check, status: 'warning', cause: 'localhost-files',
      message: `${setting} is ${value} (this machine) while the API server ${apiHost} is remote: files uploaded from here get localhost links that the web UI, agents and other machines cannot open. Use the files server's real address, e.g. ${better}${probed}.`,
      fixes: probedFixes(ctx, field, better, proposedAnswers, undefined),
    };
  }
  const noPort = u.port === '' && u.protocol === 'http:' && u.pathname.replace(/\/+$/, '') === '' && !/^(api|app|files|demoapi|demoapp|demofiles)\./.test(u.hostname);
  if (noPort && reach && !reach.answered) {
    return {
      check, status: 'warning', cause: 'missing-port',
      message: `${setting} is ${value} with no port, which means port 80, and nothing answers there. A self-hosted ClearML ${role} listens on ${PORTS[field][0]} unless a reverse proxy serves it; add the port, e.g. ${rebuilt(u, { port: PORTS[field][0] })}.${answeringText(reach.fixes)}`,
      fixes: reach.fixes,
    };
  }
  const derived = ctx.setup.sources[field] === 'derived' ? ' (derived from the API address, as the SDK does)' : '';
  return { check, status: 'ok', message: `${role}: ${value}${derived}.`, detail: setting };
}
