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

export function urlFinding(ctx: CheckContext, field: Field, reach: Reach | undefined): Finding {
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
    const bare = /^[A-Za-z0-9.-]+(:\d+)?(\/\S*)?$/.test(value);
    const guess = bare ? `${/:\d+/.test(value) ? 'http' : 'https'}://${value}` : undefined;
    return {
      check, status: 'error', cause: 'missing',
      message: `The ${role} address "${value}" (${setting}) has no http:// or https:// in front; the SDK cannot use it. Write the full URL${guess ? `, e.g. ${guess}` : ''}.`,
      fixes: guess ? [fixSetting(ctx, field, guess, `Use ${guess}`)] : undefined,
    };
  }
  const wrong = mixup(field, u);
  if (wrong) {
    return {
      check, status: 'error', cause: 'port-mixup',
      message: `${setting} is ${value}, but ${wrong.why}, not the ${role}'s. Use ${wrong.fixed}${field === 'apiServer' ? ' (or <web UI>/api)' : ''}.`,
      detail: 'docker-compose ports: API 8008, web UI 8080, files 8081 (k8s node ports 30008/30080/30081); hosted names: api., app., files.',
      fixes: [fixSetting(ctx, field, wrong.fixed, `Use ${wrong.fixed}`)],
    };
  }
  if (field === 'filesServer' && LOOPBACK.test(u.hostname)) {
    const api = ctx.setup.apiServer;
    let apiHost: string | undefined;
    try { apiHost = api ? new URL(api).hostname : undefined; } catch { apiHost = undefined; }
    if (apiHost && !LOOPBACK.test(apiHost)) {
      const web = ctx.setup.webServer;
      const derived = web ? deriveFilesHost(web) : undefined;
      const better = derived && !LOOPBACK.test(new URL(derived).hostname) ? derived : `${u.protocol}//${apiHost}:8081`;
      return {
        check, status: 'warning', cause: 'localhost-files',
        message: `${setting} is ${value} (this machine) while the API server ${apiHost} is remote: files uploaded from here get localhost links that the web UI, agents and other machines cannot open. Use the files server's real address, e.g. ${better}.`,
        fixes: [fixSetting(ctx, field, better, `Use ${better}`)],
      };
    }
  }
  const noPort = u.port === '' && u.protocol === 'http:' && u.pathname.replace(/\/+$/, '') === '' && !/^(api|app|files|demoapi|demoapp|demofiles)\./.test(u.hostname);
  if (noPort && reach && !reach.answered) {
    return {
      check, status: 'warning', cause: 'missing-port',
      message: `${setting} is ${value} with no port, which means port 80, and nothing answers there. A self-hosted ClearML ${role} listens on ${PORTS[field][0]} unless a reverse proxy serves it; add the port, e.g. ${rebuilt(u, { port: PORTS[field][0] })}.`,
      fixes: reach.fixes,
    };
  }
  const derived = ctx.setup.sources[field] === 'derived' ? ' (derived from the API address, as the SDK does)' : '';
  return { check, status: 'ok', message: `${role}: ${value}${derived}.`, detail: setting };
}
