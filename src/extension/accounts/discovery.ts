/**
 * Finds the user's existing ClearML setup the way the SDK does (clearml.conf files and CLEARML_* variables) and
 * exposes it to the welcome view through the `clearml.detectedConfig` context key.
 */
import * as path from 'node:path';
import * as os from 'node:os';
import type { DiscoveredSetup, Env } from '../../core/config';
import { confFilePath, discoverSetupOnDisk } from '../../core/config/discovery';
import { logger } from '../log';

export interface DetectedSetup {
  setup: DiscoveredSetup;
  /** True when the setup has everything needed to sign in. */
  complete: boolean;
  /** 'environment' when the key came from CLEARML_* variables, else 'clearml.conf'. */
  origin: 'environment' | 'clearml.conf';
}

/** The file the SDK treats as "the" clearml.conf, whether or not it exists yet. */
export function primaryConfPath(env: Env = process.env): string {
  return confFilePath(env, os.homedir());
}

/** Reads without blocking (a FIFO or a device named by CLEARML_CONFIG_FILE is a logged error, not a frozen host). */
export async function detectSetup(): Promise<DetectedSetup | undefined> {
  let setup: DiscoveredSetup;
  try {
    setup = await discoverSetupOnDisk({ env: process.env, homedir: os.homedir() });
  } catch (e) {
    logger.log('warn', `Looking for an existing ClearML setup failed: ${(e as Error).message}`);
    return undefined;
  }
  for (const error of setup.errors) logger.log('warn', `Could not read ${error.message}`);
  if (!setup.accessKey && !setup.apiServer) return undefined;
  const complete = !!(setup.accessKey && setup.secretKey && setup.apiServer);
  const origin = setup.sources.accessKey?.startsWith('env:') ? 'environment' : 'clearml.conf';
  return { setup, complete, origin };
}

/**
 * Where the credentials were found, as the `clearml.detectedSource` context key: welcome-view text is static, so
 * each place has its own welcome entry that names it.
 */
export function setupSource(detected: DetectedSetup | undefined, env: NodeJS.ProcessEnv = process.env): 'environment' | 'clearml.conf' | 'trains.conf' | 'configFile' | 'none' {
  const where = detected?.complete ? detected.setup.sources.accessKey : undefined;
  if (!where) return 'none';
  if (where.startsWith('env:')) return 'environment';
  if (env.CLEARML_CONFIG_FILE?.trim() || env.TRAINS_CONFIG_FILE?.trim()) return 'configFile';
  return path.basename(where) === 'trains.conf' ? 'trains.conf' : 'clearml.conf';
}
