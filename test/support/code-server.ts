/**
 * Starting and stopping a real VS Code (code-server 4.100.3 from npm) on 127.0.0.1 for the integration driver,
 * the UI end-to-end harness and `npm start`. One implementation so the three cannot drift apart.
 * Plain Node: never imports `vscode`.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** The repository root: the nearest folder above this file whose package.json names this extension. */
export const REPO_ROOT = findRepoRoot(__dirname);

function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'clearml-settings') return dir;
    if (dirname(dir) === dir) throw new Error(`no clearml-settings package.json above ${start}`);
  }
}

/** Flags verified for Debian's Chromium under Playwright on a headless, sandbox-less machine. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** User settings that keep the workbench quiet: no walkthrough over the editor, no update or telemetry calls. */
export const QUIET_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  // The extension opens its walkthrough on first activation unless this is off (src/extension/walkthrough.ts).
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

export const DEFAULT_CODE_SERVER_DIR = join(REPO_ROOT, '.vscode-test', 'cs');

export function codeServerBin(): string {
  return process.env.CODE_SERVER ?? join(DEFAULT_CODE_SERVER_DIR, 'node_modules', '.bin', 'code-server');
}

export function chromiumPath(): string {
  return process.env.CHROMIUM ?? '/usr/bin/chromium';
}

/** The Chromium to drive, or a clear error naming the Debian package (Playwright's own message is obscure). */
export function requireChromium(): string {
  const path = chromiumPath();
  if (!existsSync(path)) throw new Error(`${path} is missing: apt-get install -y chromium (or set CHROMIUM=/path/to/chromium)`);
  return path;
}

/** The VS Code version bundled in code-server (e.g. "1.100.3"), read from its own package.json. */
export function vscodeVersion(bin = codeServerBin()): string {
  // bin resolves to <code-server>/out/node/entry.js
  const pkg = join(dirname(realpathSync(bin)), '..', '..', 'lib', 'vscode', 'package.json');
  return JSON.parse(readFileSync(pkg, 'utf8')).version;
}

/** Installs code-server into .vscode-test/cs unless it is already there (or CODE_SERVER points elsewhere). */
export function ensureCodeServer(log: (line: string) => void = console.log): string {
  const bin = codeServerBin();
  if (existsSync(bin)) return bin;
  if (process.env.CODE_SERVER) throw new Error(`CODE_SERVER=${process.env.CODE_SERVER} does not exist`);
  if (!existsSync(chromiumPath())) log(`warning: ${chromiumPath()} is missing (apt-get install -y chromium)`);
  log(`installing code-server into ${DEFAULT_CODE_SERVER_DIR} (once, ~1-2 min)…`);
  execFileSync('sh', [join(REPO_ROOT, 'scripts', 'install-code-server.sh'), DEFAULT_CODE_SERVER_DIR], { stdio: 'inherit' });
  return bin;
}

/**
 * Newer VS Code (1.139) honours the extension-test URL payload only with enable-smoke-test-driver, passed through
 * by newer code-server as --vscode-option; 4.100.3 has and needs neither.
 */
export function testModeArgs(bin = codeServerBin()): string[] {
  const cli = readFileSync(join(dirname(realpathSync(bin)), 'cli.js'), 'utf8');
  return cli.includes('"vscode-option"') ? ['--vscode-option', 'enable-smoke-test-driver'] : [];
}

export interface StartOptions {
  /** .vsix files installed into the fresh extensions dir before start. */
  vsix?: string[];
  /** Extra environment for code-server; the extension host inherits it. */
  env?: Record<string, string>;
  extraArgs?: string[];
  /** Merged over QUIET_SETTINGS into the user settings.json. */
  settings?: Record<string, unknown>;
  /** Folder to open; defaults to a fresh workspace with one file. */
  folder?: string;
  /** Defaults to 127.0.0.1:0 (a free port chosen by the OS). */
  bindAddr?: string;
  /** Keep state here instead of a throw-away temp dir (it is not deleted on stop). */
  stateDir?: string;
}

export interface CodeServer {
  /** Base URL, e.g. http://127.0.0.1:37809/ */
  url: string;
  /** URL that opens the workbench on the folder. */
  folderUrl: string;
  folder: string;
  userDataDir: string;
  log(): string;
  /** Ends code-server's whole process group (extension host, file watcher…) and waits until it is gone. */
  stop(): Promise<void>;
  readonly exited: Promise<number | null>;
}

export async function startCodeServer(options: StartOptions = {}): Promise<CodeServer> {
  const bin = codeServerBin();
  if (!existsSync(bin)) throw new Error(`code-server is not installed at ${bin}: run sh scripts/install-code-server.sh`);
  const state = options.stateDir ?? mkdtempSync(join(tmpdir(), 'clearml-cs-'));
  const userDataDir = join(state, 'user-data');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  const folder = options.folder ?? join(state, 'workspace');
  if (!options.folder) {
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'README.txt'), 'Workspace for a ClearML Settings test run.\n');
  }
  // auth none + no cert: it only ever listens on 127.0.0.1. An explicit --config keeps ~/.config untouched.
  writeFileSync(join(state, 'config.yaml'), 'auth: none\ncert: false\n');
  const settings = JSON.stringify({ ...QUIET_SETTINGS, ...options.settings }, null, 1);
  writeFileSync(join(userDataDir, 'User', 'settings.json'), settings);
  // code-server's window is a remote window: machine-scoped settings (workbench.welcomePage.walkthroughs.openOnInstall)
  // are read from the server's Machine settings only, never from the user settings above.
  mkdirSync(join(userDataDir, 'Machine'), { recursive: true });
  writeFileSync(join(userDataDir, 'Machine', 'settings.json'), settings);
  const common = ['--config', join(state, 'config.yaml'), '--user-data-dir', userDataDir, '--extensions-dir', join(state, 'extensions')];
  // EXTENSIONS_GALLERY={} turns the marketplace off: no outside lookups, nothing is fetched.
  const env = { ...process.env, EXTENSIONS_GALLERY: '{}', ...options.env };
  for (const vsix of options.vsix ?? []) {
    execFileSync(bin, [...common, '--install-extension', resolve(vsix), '--force'], { stdio: 'pipe', env });
  }
  const child = spawn(bin, [...common, '--bind-addr', options.bindAddr ?? '127.0.0.1:0', '--disable-telemetry',
    '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', '--ignore-last-opened',
    ...(options.extraArgs ?? [])], {
    detached: true, // own process group, so stop() also ends the extension host and the file watcher
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
  const stopGroup = () => killGroup(child, 'SIGKILL');
  process.once('exit', stopGroup); // last resort if the caller crashes before stop()
  let log = '';
  const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
  let url: string;
  try {
    url = await new Promise<string>((ok, fail) => {
      const onData = (d: Buffer) => {
        log += d.toString();
        const m = /HTTP server listening on (http:\/\/\S+)/.exec(log);
        if (m) ok(m[1].endsWith('/') ? m[1] : `${m[1]}/`);
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('error', fail);
      void exited.then((code) => fail(new Error(`code-server exited with ${code} before listening:\n${log}`)));
    });
  } catch (e) {
    process.removeListener('exit', stopGroup);
    await stopProcessGroup(child);
    if (!options.stateDir) rmSync(state, { recursive: true, force: true });
    throw e;
  }
  return {
    url,
    folderUrl: `${url}?folder=${encodeURIComponent(folder)}`,
    folder,
    userDataDir,
    log: () => log,
    exited,
    async stop() {
      process.removeListener('exit', stopGroup);
      await stopProcessGroup(child);
      // Only after the group is gone: a dying server would re-create files in the state dir.
      if (!options.stateDir) rmSync(state, { recursive: true, force: true });
    },
  };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try { process.kill(-child.pid!, signal); } catch { /* already gone */ }
}

function groupAlive(child: ChildProcess): boolean {
  try { process.kill(-child.pid!, 0); return true; } catch { return false; }
}

/** SIGTERM the group, poll until it is gone (5 s), then SIGKILL and poll again. */
export async function stopProcessGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined) return;
  killGroup(child, 'SIGTERM');
  if (await pollUntil(() => !groupAlive(child), 5000)) return;
  killGroup(child, 'SIGKILL');
  await pollUntil(() => !groupAlive(child), 5000);
}

async function pollUntil(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (done()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return done();
}
