/**
 * Which documents are clearml.conf or a vault, and how the core should read them: files named clearml.conf /
 * trains.conf, the file the SDK reads ($CLEARML_CONFIG_FILE, else $TRAINS_CONFIG_FILE, whatever its name), local
 * `*.vault.*` files and server vault documents. Any other `*.conf` (nginx, Apache) is none of these.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { confFilePath } from '../../core/config';
import type { ConfFormat, ConfRole } from '../../core/conf-language';
import { formatFromFileName, isLocalVaultFileName } from '../../core/vault/format';
import { parseVaultUri, documentFormat, VAULT_SCHEME } from '../vault/uri';
import { CONF_SCHEMES } from './schemes';

export interface ConfDocumentKind {
  role: ConfRole;
  format: ConfFormat;
}

/** The file the SDK reads when a variable names it (undefined when neither variable is set). */
function configFileFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  if (!env.CLEARML_CONFIG_FILE?.trim() && !env.TRAINS_CONFIG_FILE?.trim()) return undefined;
  return confFilePath(env, os.homedir());
}

export function confDocumentKind(uri: vscode.Uri, env: NodeJS.ProcessEnv = process.env): ConfDocumentKind | undefined {
  if (!CONF_SCHEMES.includes(uri.scheme)) return undefined;
  if (uri.scheme === VAULT_SCHEME) return parseVaultUri(uri) ? { role: 'vault', format: documentFormat(uri) } : undefined;
  const name = path.posix.basename(uri.path);
  if (isLocalVaultFileName(name)) return { role: 'vault', format: formatFromFileName(name) ?? 'hocon' };
  const named = name === 'clearml.conf' || name === 'trains.conf';
  const configFile = configFileFromEnv(env);
  if (!named && !(configFile && uri.scheme === 'file' && path.resolve(uri.fsPath) === configFile)) return undefined;
  // The SDK reads every clearml.conf with pyhocon: JSON is HOCON, anything else is read as HOCON.
  return { role: 'clearml.conf', format: formatFromFileName(name) === 'json' ? 'json' : 'hocon' };
}

/** The document selector of every provider; each provider still asks confDocumentKind (the env file can change). */
export function confDocumentSelector(env: NodeJS.ProcessEnv = process.env): vscode.DocumentFilter[] {
  const selector: vscode.DocumentFilter[] = [
    { pattern: '**/{clearml.conf,trains.conf}' },
    { pattern: '**/*.vault.{conf,hocon,json,yaml,yml}' },
    { scheme: VAULT_SCHEME },
  ];
  const configFile = configFileFromEnv(env);
  if (configFile) selector.push({ scheme: 'file', pattern: new vscode.RelativePattern(vscode.Uri.file(path.dirname(configFile)), path.basename(configFile)) });
  return selector;
}
