/**
 * The base clearml.conf of the preview, found the way the SDK finds it (config engine's discoverSetup with the
 * extension host's environment and home directory). Cached by path + modification time.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import type { Env } from '../../core/config';
import { readOptionalTextFile } from '../../core/config/bounded-read';
import { discoverSetupOnDisk } from '../../core/config/discovery';

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

/** Bounded and never blocking (see readBoundedRegularFile); a file that cannot be read counts as empty. */
async function readText(path: string): Promise<string | undefined> {
  try {
    return await readOptionalTextFile(path);
  } catch {
    return undefined;
  }
}

export async function loadBaseConfig(): Promise<BaseConfig> {
  const host = override ?? { env: process.env, homedir: os.homedir() };
  const setup = await discoverSetupOnDisk({ env: host.env, homedir: host.homedir });
  const file = setup.files[setup.files.length - 1] ?? '';
  let mtime = 0;
  // stat does not open the file, so it cannot block on a FIFO
  try { if (file) mtime = (await fs.promises.stat(file)).mtimeMs; } catch { /* vanished between discovery and stat */ }
  const key = `${file}\u0000${mtime}`;
  if (cache?.key === key && cache.value.env === host.env) return cache.value;
  const value: BaseConfig = { file, text: file ? await readText(file) ?? '' : '', env: host.env, alsoRead: setup.files.slice(0, -1) };
  cache = { key, value };
  return value;
}
