/**
 * Keeps the Setup Check from going stale: re-runs it when the clearml.conf the SDK resolves (or trains.conf beside
 * it) changes on disk, and when the environment the SDK reads changes (looked at when the window gains focus and on
 * each file event; a changed CLEARML_CONFIG_FILE re-points the watch). Debounced; a run that started after the change
 * already saw it, so none is added then (the extension's own writes re-run the check themselves).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { confFilePath } from '../../core/config/discovery';

const DEBOUNCE_MS = 400;
const SDK_ENV = /^(CLEARML_|TRAINS_|REQUESTS_CA_BUNDLE$|CURL_CA_BUNDLE$|HTTPS?_PROXY$|ALL_PROXY$|NO_PROXY$)/i;

/** The variables the SDK (and so the check) reads, as one comparable string. */
export function sdkEnvFingerprint(env: NodeJS.ProcessEnv = process.env): string {
  return Object.keys(env).filter((k) => SDK_ENV.test(k)).sort().map((k) => `${k}=${env[k]}`).join('\n');
}

/** clearml.conf as the SDK resolves it now, and trains.conf in the home directory unless a variable names the file. */
export function watchedFiles(env: NodeJS.ProcessEnv = process.env): string[] {
  const primary = confFilePath(env, os.homedir());
  const named = !!(env.CLEARML_CONFIG_FILE?.trim() || env.TRAINS_CONFIG_FILE?.trim());
  return named ? [primary] : [primary, path.join(os.homedir(), 'trains.conf')];
}

export class SetupCheckRerun implements vscode.Disposable {
  private watchers: fs.FSWatcher[] = [];
  private files: string[] = [];
  private env = sdkEnvFingerprint();
  private timer: NodeJS.Timeout | undefined;
  private changedAt = 0;
  private lastRunAt = 0;
  private readonly focus: vscode.Disposable;

  constructor(private readonly rerun: () => void) {
    this.focus = vscode.window.onDidChangeWindowState((s) => { if (s.focused) this.poke(); });
  }

  /** Called as each check starts: what it reads now is what gets watched. */
  started(): void {
    this.lastRunAt = Date.now();
    this.env = sdkEnvFingerprint();
    const files = watchedFiles();
    if (files.join('\n') !== this.files.join('\n')) this.watch(files);
  }

  /** Re-runs (debounced) if the SDK's environment changed since the last run. */
  poke(): void {
    if (sdkEnvFingerprint() !== this.env) this.schedule();
  }

  private watch(files: string[]): void {
    for (const w of this.watchers) w.close();
    this.watchers = [];
    this.files = files;
    // The directory, not the file: editors and clearml-init replace the file (rename), which ends a watch on it.
    const byDir = new Map<string, Set<string>>();
    for (const f of files) byDir.set(path.dirname(f), (byDir.get(path.dirname(f)) ?? new Set()).add(path.basename(f)));
    for (const [dir, names] of byDir) {
      try {
        const w = fs.watch(dir, { persistent: false }, (_event, name) => { if (!name || names.has(String(name))) this.schedule(); });
        w.on('error', () => w.close());
        this.watchers.push(w);
      } catch {
        // the directory does not exist (yet): nothing to watch
      }
    }
  }

  private schedule(): void {
    this.changedAt = Date.now();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (this.lastRunAt > this.changedAt) return;
      this.rerun();
    }, DEBOUNCE_MS);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.focus.dispose();
    for (const w of this.watchers) w.close();
    this.watchers = [];
  }
}
