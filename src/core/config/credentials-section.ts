/**
 * The web UI's "ready-to-copy" credentials section (clearml-web admin-dialog-template getCopyContent) and its
 * Jupyter %env variant, byte for byte; and the reverse, reading a pasted section as `clearml-init` does.
 */
import { ConfigParseError } from './errors';
import { parseHocon } from './hocon';
import { getOwn, isPlainObject } from './hocon-parser';
import type { ConfigObject, CredentialsSection } from './types';

export function formatCredentialsSection(c: CredentialsSection): string {
  const lines = ['api {'];
  if (c.comment) lines.push(`  # ${c.comment}`);
  lines.push(`  web_server: ${c.webServer}`, `  api_server: ${c.apiServer}`);
  if (c.filesServer) lines.push(`  files_server: ${c.filesServer}`);
  if (c.label) lines.push(`  # ${c.label}`);
  lines.push('  credentials {', `    "access_key" = "${c.accessKey}"`, `    "secret_key" = "${c.secretKey}"`, '  }', '}');
  return lines.join('\n');
}

export function formatJupyterEnv(c: CredentialsSection): string {
  const lines = [`%env CLEARML_WEB_HOST=${c.webServer}`, `%env CLEARML_API_HOST=${c.apiServer}`];
  if (c.filesServer) lines.push(`%env CLEARML_FILES_HOST=${c.filesServer}`);
  if (c.label) lines.push(`# ${c.label}`);
  lines.push(`%env CLEARML_API_ACCESS_KEY=${c.accessKey}`, `%env CLEARML_API_SECRET_KEY=${c.secretKey}`);
  return lines.join('\n');
}

/** First non-empty string among the candidate paths (clearml-init get_parsed_field). */
function field(cfg: ConfigObject, paths: string[][]): string | undefined {
  for (const p of paths) {
    let cur: unknown = cfg;
    for (const s of p) cur = isPlainObject(cur) ? getOwn(cur, s) : undefined;
    if (typeof cur === 'string' && cur !== '') return cur;
    if (typeof cur === 'number') return String(cur);
  }
  return undefined;
}

function section(cfg: ConfigObject, paths: string[][]): ConfigObject | undefined {
  for (const p of paths) {
    let cur: unknown = cfg;
    for (const s of p) cur = isPlainObject(cur) ? getOwn(cur, s) : undefined;
    if (isPlainObject(cur)) return cur as ConfigObject;
  }
  return undefined;
}

/**
 * Reads what `clearml-init` accepts: the text up to the first line that is exactly `}` (the end of the web UI
 * section), `credentials` at the root or inside `api`, `api_server` or legacy `host`, `web_server`, `files_server`.
 */
export function parsePastedCredentials(text: string): Partial<CredentialsSection> & { accessKey: string; secretKey: string } {
  const lines = text.split('\n');
  let end = lines.length;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].replace(/\r$/, '').trimEnd() === '}') {
      end = i + 1;
      break;
    }
  }
  const input = lines.slice(0, end).join('\n');
  const cfg = parseHocon(input, { filename: 'pasted text', env: {} });
  const creds = section(cfg, [['credentials'], ['api', 'credentials']]);
  if (!creds) {
    throw new ConfigParseError('no credentials found: expected a "credentials { access_key, secret_key }" section (as copied from the ClearML web UI)', 1, 1, 'pasted text');
  }
  const accessKey = field(creds, [['access_key']]);
  const secretKey = field(creds, [['secret_key']]);
  const missing = [accessKey ? '' : 'access_key', secretKey ? '' : 'secret_key'].filter(Boolean);
  if (missing.length > 0) throw new ConfigParseError(`credentials section is missing ${missing.join(' and ')}`, 1, 1, 'pasted text');
  const out: Partial<CredentialsSection> & { accessKey: string; secretKey: string } = { accessKey: accessKey!, secretKey: secretKey! };
  const apiServer = field(cfg, [['api_server'], ['host'], ['api', 'api_server'], ['api', 'host']]);
  const webServer = field(cfg, [['web_server'], ['api', 'web_server']]);
  const filesServer = field(cfg, [['files_server'], ['api', 'files_server']]);
  if (apiServer) out.apiServer = apiServer;
  if (webServer) out.webServer = webServer;
  if (filesServer) out.filesServer = filesServer;
  return out;
}
