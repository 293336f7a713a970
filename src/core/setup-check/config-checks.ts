/** config-file, config-parse and env-overrides: which file the SDK reads, whether it parses, what the environment overrides. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { boolOf, getPath, maskKey, type CheckContext } from './context';
import type { Finding } from './types';
import { ConfigEncodingError } from '../config/bytes';

export function configFileFindings(ctx: CheckContext): Finding[] {
  const { setup, fileOverride } = ctx;
  if (fileOverride) {
    const { name, value } = fileOverride;
    const expanded = value === '~' || value.startsWith('~/') ? path.join(ctx.options.homedir, value.slice(1)) : value;
    if (!path.isAbsolute(expanded)) {
      const absolute = path.resolve(ctx.cwd, expanded);
      // stat, not a read: it cannot block on a FIFO
      const exists = fs.statSync(absolute, { throwIfNoEntry: false })?.isFile() ?? false;
      return [{
        check: 'config-file', status: 'error', cause: 'relative-path',
        message: `${name} is the relative path "${value}": every script resolves it against its own working directory, so scripts and agents started elsewhere do not find the file. Set ${name} to an absolute path${exists ? ` (${absolute})` : ''}.`,
        detail: `${name}=${value}; resolved against ${ctx.cwd}: ${absolute} (${exists ? 'exists' : 'does not exist'})`,
        fixes: exists ? [{ kind: 'set-env', name, value: absolute, label: `Set ${name} to ${absolute}` }] : undefined,
      }];
    }
    if (setup.files.length === 0) {
      return [{
        check: 'config-file', status: 'error', cause: 'missing',
        message: `${name} points at ${expanded}, which does not exist, so the SDK runs without a configuration file. Correct ${name}, or create the file with new credentials.`,
        detail: `${name}=${value}`,
        fixes: [{ kind: 'create-credentials', label: `Create credentials and write them to ${expanded}` }],
      }];
    }
    return [{ check: 'config-file', status: 'ok', message: `Using ${expanded} (set by ${name}).`, detail: `${name}=${value}` }];
  }
  if (setup.files.length === 0) {
    const envComplete = !!(setup.apiServer && setup.accessKey && setup.secretKey);
    if (envComplete) return [{ check: 'config-file', status: 'ok', message: `No clearml.conf in ${ctx.options.homedir}; the CLEARML_* environment variables supply the server and credentials.` }];
    return [{
      check: 'config-file', status: 'error', cause: 'missing',
      message: `No ClearML configuration: there is no ${setup.primaryFile} (nor trains.conf) and CLEARML_CONFIG_FILE is not set. Create credentials and write them to ${setup.primaryFile}.`,
      fixes: [{ kind: 'create-credentials', label: `Create credentials and write them to ${setup.primaryFile}` }],
    }];
  }
  const legacy = setup.files.filter((f) => f !== setup.primaryFile);
  return [{
    check: 'config-file', status: 'ok',
    message: `Using ${setup.files.join(' merged with ')}.`,
    detail: legacy.length ? `${legacy.join(', ')} is the legacy trains.conf; the SDK reads it first and lets clearml.conf override it` : undefined,
  }];
}

export function parseFindings(ctx: CheckContext): Finding[] {
  const { setup } = ctx;
  if (setup.files.length === 0 && setup.errors.length === 0) return [{ check: 'config-parse', status: 'skipped', message: 'No configuration file to parse.' }];
  if (setup.errors.length === 0) return [{ check: 'config-parse', status: 'ok', message: `${setup.files.join(', ')} parse${setup.files.length === 1 ? 's' : ''} as the SDK parses it.` }];
  return setup.errors.map((e): Finding => e instanceof ConfigEncodingError ? {
    check: 'config-parse', status: 'error', cause: 'parse-error',
    message: `The SDK cannot read ${e.filename ?? 'clearml.conf'}: at line ${e.line}, column ${e.column} ${e.reason}. ${e.fix}`,
    detail: e.message,
  } : ({
    check: 'config-parse', status: 'error', cause: 'parse-error',
    message: `${e.filename ?? 'clearml.conf'} does not parse at line ${e.line}, column ${e.column} (${e.reason}); the SDK refuses the whole file and no setting in it applies. Fix that line.`,
    detail: e.message,
  }));
}

interface Override { names: string[]; path: string; kind: 'text' | 'key' | 'secret' | 'bool' | 'method' }

const OVERRIDES: Override[] = [
  { names: ['CLEARML_API_HOST', 'TRAINS_API_HOST'], path: 'api.api_server', kind: 'text' },
  { names: ['CLEARML_WEB_HOST', 'TRAINS_WEB_HOST'], path: 'api.web_server', kind: 'text' },
  { names: ['CLEARML_FILES_HOST', 'TRAINS_FILES_HOST'], path: 'api.files_server', kind: 'text' },
  { names: ['CLEARML_API_ACCESS_KEY', 'TRAINS_API_ACCESS_KEY'], path: 'api.credentials.access_key', kind: 'key' },
  { names: ['CLEARML_API_SECRET_KEY', 'TRAINS_API_SECRET_KEY'], path: 'api.credentials.secret_key', kind: 'secret' },
  { names: ['CLEARML_API_HOST_VERIFY_CERT', 'TRAINS_API_HOST_VERIFY_CERT'], path: 'api.verify_certificate', kind: 'bool' },
  { names: ['CLEARML_API_DEFAULT_REQ_METHOD', 'TRAINS_API_DEFAULT_REQ_METHOD'], path: 'api.http.default_method', kind: 'method' },
];

function shown(value: unknown, kind: Override['kind']): string {
  if (kind === 'secret') return '(a secret)';
  if (kind === 'key') return maskKey(String(value));
  return JSON.stringify(value);
}

function same(envText: string, fileValue: unknown, o: Override): boolean {
  if (o.kind === 'bool') return boolOf(envText) === boolOf(fileValue);
  if (o.kind === 'method') return envText.toUpperCase() === String(fileValue).toUpperCase();
  if (o.kind === 'text') return envText.replace(/\/+$/, '') === String(fileValue).replace(/\/+$/, '');
  return envText === String(fileValue);
}

export function envOverrideFindings(ctx: CheckContext): Finding[] {
  const { env, setup } = ctx;
  const findings: Finding[] = [];
  const inForce: string[] = [];
  for (const o of OVERRIDES) {
    const name = o.names.find((n) => env[n] !== undefined && env[n] !== '');
    if (!name) continue;
    const value = env[name]!;
    const fileValue = o.path === 'api.api_server' ? getPath(setup.config, o.path) ?? getPath(setup.config, 'api.host') : getPath(setup.config, o.path);
    const legacy = name.startsWith('TRAINS_') ? ` (legacy name of ${name.replace('TRAINS_', 'CLEARML_')})` : '';
    if (fileValue === undefined || fileValue === null || fileValue === '' || same(value, fileValue, o)) {
      inForce.push(`${name}${legacy}`);
      continue;
    }
    const fixes: Finding['fixes'] = [{ kind: 'set-env', name, label: `Unset ${name} (VS Code terminals and this window)` }];
    // Secrets and keys are never copied into a fix: the report would carry them.
    if (o.kind === 'text' || o.kind === 'method') fixes.push({ kind: 'set', path: o.path, value: o.kind === 'method' ? value.toLowerCase() : value, label: `Write ${name}'s value into clearml.conf` });
    if (o.kind === 'bool' && boolOf(value) !== undefined) fixes.push({ kind: 'set', path: o.path, value: boolOf(value)!, label: `Write ${name}'s value into clearml.conf` });
    findings.push({
      check: 'env-overrides', status: 'warning', cause: 'env-override',
      // A secret gets no "name = value" form at all: the report's last scrub would read that as a secret field.
      message: `${name}${legacy}${o.kind === 'secret' ? ' (a secret)' : ` = ${shown(value, o.kind)}`} overrides ${o.path}${o.kind === 'secret' ? ' (a secret)' : ` = ${shown(fileValue, o.kind)}`} from clearml.conf: the SDK, agents and this check use the variable. Unset it, or make the file agree.`,
      detail: `${name} is set in the environment this VS Code window was started from; the file value is ignored while it is set`,
      fixes,
    });
  }
  if (findings.length === 0) {
    findings.push({
      check: 'env-overrides', status: 'ok',
      message: inForce.length ? `Environment variables in force, none contradicting clearml.conf: ${inForce.join(', ')}.` : 'No CLEARML_* variable overrides clearml.conf.',
    });
  }
  return findings;
}
