/**
 * The base clearml.conf of the preview, found the way the SDK finds it (config engine's discoverSetup with the
 * extension host's environment and home directory). Cached by path + modification time.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import { discoverSetup, type Env } from '../../core/config';

export interface BaseHost { env: Env; homedir: string }

export interface BaseConfig {
  /** '' when no file exists. */
  file: string;
  text: string;
  env: Env;
  /** Other files the SDK also reads (legacy trains.conf), listed in the preview's layer detail. */
  alsoRead: string[];
}

let override: BaseHost | undefined;
let cache: { key: string; value: BaseConfig } | undefined;

/** Test hook: point discovery at a fixture home / environment. */
export function setBaseHost(host: BaseHost | undefined): void {
  override = host;
  cache = undefined;
}

function readText(path: string): string | undefined {
  try {
    return fs.readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

export function loadBaseConfig(): BaseConfig {
  const host = override ?? { env: process.env, homedir: os.homedir() };
  const setup = discoverSetup({ env: host.env, homedir: host.homedir, readFile: readText });
  const file = setup.files[setup.files.length - 1] ?? '';
  let mtime = 0;
  try { if (file) mtime = fs.statSync(file).mtimeMs; } catch { /* vanished between discovery and stat */ }
  const key = `${file}\u0000${mtime}`;
  if (cache?.key === key && cache.value.env === host.env) return cache.value;
  const value: BaseConfig = { file, text: file ? readText(file) ?? '' : '', env: host.env, alsoRead: setup.files.slice(0, -1) };
  cache = { key, value };
  return value;
}
