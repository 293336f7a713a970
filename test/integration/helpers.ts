/** Shared helpers for integration tests running inside the real extension host. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { activate } from '../../src/extension/extension';

export const EXTENSION_ID = 'clearml-settings.clearml-settings';

/** What activate() returns; `testing` is there only in ExtensionMode.Test. */
export type ExportedApi = Awaited<ReturnType<typeof activate>>;

/** The exported API as the integration tests see it: the extension runs in ExtensionMode.Test, hooks included. */
export type ExtensionApi = ExportedApi & { testing: NonNullable<ExportedApi['testing']> };

/** Activates the extension (once), waits until its stored profile is restored, and returns its exported API. */
export async function getExtension(): Promise<ExtensionApi> {
  const extension = vscode.extensions.getExtension<ExportedApi>(EXTENSION_ID);
  if (!extension) throw new Error(`extension ${EXTENSION_ID} is not loaded in this extension host`);
  const api = extension.isActive ? extension.exports : await extension.activate();
  if (!api.testing) throw new Error(`${EXTENSION_ID} exported no testing hooks: it is not running in ExtensionMode.Test`);
  await api.ready;
  return api as ExtensionApi;
}

/**
 * One fixture for a whole suite, built in the suite's `before` hook and released in its `after` hook. Call it inside
 * `describe`. The returned object is filled in when `before` has run, so tests read its fields (`suite.h`) and never
 * destructure it where the suite is defined. `release` is skipped when `build` failed: there is nothing to release,
 * and its error would hide the real one.
 */
export function suiteFixture<T extends object>(build: () => Promise<T>, release: (fixture: T) => Promise<void>): T {
  const fixture = {} as T;
  let built = false;
  before(async () => {
    Object.assign(fixture, await build());
    built = true;
  });
  after(async () => {
    if (built) await release(fixture);
  });
  return fixture;
}

export interface WaitOptions {
  /** Default 10 000 ms. */
  timeoutMs?: number;
  /** Says what was awaited, for the timeout error. */
  message?: string;
  /** Poll interval, default 25 ms. */
  intervalMs?: number;
}

/**
 * Polls `condition` until it returns a truthy value (which is returned) or the deadline passes (which throws
 * with `message` and the last error the condition threw). Use this instead of sleeping.
 */
export async function waitFor<T>(condition: () => T | Promise<T>, options: WaitOptions = {}): Promise<NonNullable<T>> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await condition();
      if (value) return value as NonNullable<T>;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() >= deadline) {
      const why = lastError instanceof Error ? `; last error: ${lastError.message}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${options.message ?? 'condition'}${why}`);
    }
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 25));
  }
}

const created: string[] = [];

/** A fresh empty directory under the OS temp dir; removed when the integration run ends. */
export function tmpDir(prefix = 'clearml-it-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** Called by the suite runner (index.ts) after all tests. */
export function cleanupTmpDirs(): void {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}
