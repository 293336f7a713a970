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

type PastedCredentials = Partial<CredentialsSection> & { accessKey: string; secretKey: string };

/**
 * The web UI's section (formatCredentialsSection) after an input box turned its line breaks into spaces. A comment
 * then has no end of line, so where it stops is read from the section's fixed shape: the workspace comment stands
 * right after `api {`, the label comment right before `credentials {`. `comment` is the pattern of a comment's text,
 * lazy or greedy: the two readings agree unless a comment itself holds text shaped like the section's keys.
 */
function flattenedSectionPattern(comment: string): RegExp {
  const value = '(\\S+)';
  return new RegExp('^\\s*api\\s*\\{\\s*'
    + `(?:#${comment}\\s+)?`
    + `web_server:\\s*${value}\\s+api_server:\\s*${value}\\s+(?:files_server:\\s*${value}\\s+)?`
    + `(?:#${comment}\\s+)?`
    + 'credentials\\s*\\{\\s*"access_key"\\s*=\\s*"([^"\\s]*)"\\s+"secret_key"\\s*=\\s*"([^"\\s]*)"\\s*\\}\\s*\\}');
}

const FLATTENED_LAZY = flattenedSectionPattern('(?:.*?)');
const FLATTENED_GREEDY = flattenedSectionPattern('(?:.*)');

/** A `#` outside double quotes: the start of a comment. */
function hasComment(line: string): boolean {
  return /#/.test(line.replace(/"(?:[^"\\]|\\.)*"/g, '""'));
}

/**
 * A pasted text on one line: the web UI section flattened, its values read by its shape; undefined for other text
 * without a comment (the HOCON reader takes it). A comment in any other one-line text is refused: with no line end
 * it would hide, or worse lend, everything after it.
 */
function parseFlattenedSection(line: string): PastedCredentials | undefined {
  const lazy = FLATTENED_LAZY.exec(line);
  const greedy = FLATTENED_GREEDY.exec(line);
  if (!lazy || !greedy) {
    if (!hasComment(line)) return undefined;
    throw new ConfigParseError('the pasted text is one line with a comment ("#"), so where the comment ends is lost; paste the section as the web UI copies it (several lines) or enter the values one by one', 1, line.indexOf('#') + 1, 'pasted text');
  }
  if (lazy.slice(1).join('\u0000') !== greedy.slice(1).join('\u0000')) {
    throw new ConfigParseError('the pasted text is one line, and a comment in it holds server addresses or keys of its own, so which values are real cannot be told; paste the section as the web UI copies it (several lines) or enter the values one by one', 1, line.indexOf('#') + 1, 'pasted text');
  }
  const [, webServer, apiServer, filesServer, accessKey, secretKey] = lazy;
  const out: PastedCredentials = { accessKey, secretKey, apiServer, webServer };
  if (filesServer) out.filesServer = filesServer;
  if (!accessKey || !secretKey) throw new ConfigParseError(`credentials section is missing ${[accessKey ? '' : 'access_key', secretKey ? '' : 'secret_key'].filter(Boolean).join(' and ')}`, 1, 1, 'pasted text');
  return out;
}

/**
 * Reads what `clearml-init` accepts: the text up to the first line that is exactly `}` (the end of the web UI
 * section), `credentials` at the root or inside `api`, `api_server` or legacy `host`, `web_server`, `files_server`.
 * The same section flattened to one line (as an input box delivers it) is read by its shape; its comments stay
 * comments, so no address or key is ever taken from one.
 */
export function parsePastedCredentials(text: string): PastedCredentials {
  const trimmed = text.trim();
  const flattened = /[\r\n]/.test(trimmed) ? undefined : parseFlattenedSection(trimmed);
  if (flattened) return flattened;
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
  const out: PastedCredentials = { accessKey: accessKey!, secretKey: secretKey! };
  const apiServer = field(cfg, [['api_server'], ['host'], ['api', 'api_server'], ['api', 'host']]);
  const webServer = field(cfg, [['web_server'], ['api', 'web_server']]);
  const filesServer = field(cfg, [['files_server'], ['api', 'files_server']]);
  if (apiServer) out.apiServer = apiServer;
  if (webServer) out.webServer = webServer;
  if (filesServer) out.filesServer = filesServer;
  return out;
}
