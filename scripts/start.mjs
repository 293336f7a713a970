#!/usr/bin/env node
// `npm start`: try the extension in a real VS Code with demo data, in the browser.
//   1. builds and packages clearml-settings.vsix, compiles the local ClearML server (tsc → out/)
//   2. installs code-server into .vscode-test/cs if it is missing
//   3. starts the local ClearML API server (hosted edition, demo seed, state kept in .vscode-test/demo/state.json)
//   4. writes clearml.conf with the demo user's credentials for that server into the folder VS Code opens
//      (.vscode-test/demo/workspace), so every lossless edit the extension makes to it can be watched in the editor;
//      a clearml.conf you edited is never overwritten silently (server/demoRun/demoConf.ts)
//   5. starts code-server on 127.0.0.1 with the extension installed and CLEARML_CONFIG_FILE pointing at that file
// and stays in the foreground until Ctrl-C, then stops both servers. If the API server stops or crashes meanwhile,
// VS Code keeps running; press Enter here to start the API server again.
// usage: npm start [-- --port 3000] [--api-port 8008] [--fresh]   (--fresh: forget the demo state, start over)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : fallback; };
const port = Number(arg('--port', '3000'));
const wantedApiPort = Number(arg('--api-port', '8008'));
const demoDir = join(root, '.vscode-test', 'demo');
const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit' }).status;
const say = (line) => console.log(`[start] ${line}`);

const confFile = join(demoDir, 'workspace', 'clearml.conf');
const confHashFile = join(demoDir, 'clearml.conf.sha256');
// --fresh forgets the demo state, but not edits you made to clearml.conf (read before the folder goes).
let editedBeforeFresh;
if (process.argv.includes('--fresh')) {
  if (existsSync(join(root, 'out', 'server', 'demoRun', 'demoConf.js'))) {
    editedBeforeFresh = createRequire(import.meta.url)(join(root, 'out', 'server', 'demoRun', 'demoConf.js')).editedDemoConf(confFile, confHashFile);
  }
  rmSync(demoDir, { recursive: true, force: true });
}
mkdirSync(join(demoDir, 'workspace'), { recursive: true });
if (editedBeforeFresh !== undefined) {
  writeFileSync(`${confFile}.bak`, editedBeforeFresh);
  say(`--fresh: your edited clearml.conf is kept as ${confFile}.bak`);
}

say('building and packaging the extension…');
if (run('npm', ['run', '--silent', 'package']) !== 0) fail('packaging failed (see the errors above)');
if (run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json']) !== 0) {
  say('warning: tsc reported type errors; continuing with the emitted JavaScript');
}
const require = createRequire(import.meta.url);
const cs = require(join(root, 'out/test/support/code-server.js'));
try {
  cs.ensureCodeServer((line) => say(line));
} catch {
  fail('installing code-server failed (see above; missing Debian packages are named there)');
}
if (!(await portIsFree(port))) fail(`port ${port} on 127.0.0.1 is in use: pass another with npm start -- --port <n>`);

// The local ClearML API server, in its own process group so Ctrl-C here stops it exactly once, by us. When it ends
// by itself, VS Code stays up and Enter here starts it again (server/demoRun/apiProcess.ts).
const cli = join(root, 'out', 'server', 'cli.js');
if (!existsSync(cli)) fail(`${cli} is missing: the local ClearML server did not compile`);
const { ApiProcess } = require(join(root, 'out', 'server', 'demoRun', 'apiProcess.js'));
const { demoConfText, writeDemoConf } = require(join(root, 'out', 'server', 'demoRun', 'demoConf.js'));
const serverLog = join(demoDir, 'server.log');
let stopping = false;
const api = new ApiProcess({
  cli, port: (await portIsFree(wantedApiPort)) ? wantedApiPort : 0, logFile: serverLog,
  args: ['--host', '127.0.0.1', '--edition', 'hosted', '--seed', 'showcase', '--data', join(demoDir, 'state.json')],
  onStopped: (how) => {
    if (stopping) return;
    say(`the local ClearML API server stopped (${how}; see ${serverLog}). VS Code keeps running.`);
    say('press Enter to start the API server again, Ctrl-C to stop everything.');
  },
});
let apiUrl;
try {
  apiUrl = await api.start();
} catch (e) {
  fail(e instanceof Error ? e.message : String(e));
}
say(`local ClearML API server (hosted edition, demo data) at ${apiUrl}, request log in ${serverLog}`);

// The demo user's credentials come from the server's own fixture, so the two can never disagree.
const { DEMO } = require(join(root, 'out', 'server', 'demo.js'));
/** Writes the demo clearml.conf for `url` unless you edited it; says what happened to an edited one. */
function updateDemoConf(url) {
  const outcome = writeDemoConf({ file: confFile, hashFile: confHashFile, text: demoConfText(url, DEMO.signIn.accessKey, DEMO.signIn.secretKey), apiUrl: url });
  if (outcome.action === 'kept-edited') say(`kept your edited ${confFile} (not overwritten)`);
  if (outcome.action === 'replaced-edited') say(`your edited clearml.conf named another server than ${url}: it is kept as ${outcome.backup}, and ${confFile} was written for ${url}`);
}
updateDemoConf(apiUrl);

let server;
try {
  server = await cs.startCodeServer({
    vsix: [join(root, 'clearml-settings.vsix')],
    env: { CLEARML_CONFIG_FILE: confFile },
    // The demo is a first install: the "Get Started with ClearML" walkthrough opens (the test harness keeps it off).
    settings: { 'workbench.welcomePage.walkthroughs.openOnInstall': true },
    bindAddr: `127.0.0.1:${port}`,
    stateDir: join(demoDir, 'code-server'),
    folder: join(demoDir, 'workspace'),
  });
} catch (e) {
  await stopApi();
  fail(`code-server did not start: ${e instanceof Error ? e.message : e}`);
}
say(`clearml.conf for the demo: ${confFile}`);
console.log(`\n  ClearML Settings is running in VS Code at:  ${server.folderUrl}\n  (open it in a browser; Ctrl-C stops everything)\n`);

async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  say('stopping…');
  await Promise.all([server.stop(), stopApi()]);
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
void server.exited.then((c) => { if (!stopping) { say(`code-server exited (${c})`); void shutdown(1); } });

// Enter restarts a stopped API server (on its old port, so clearml.conf stays right; if that port is taken, on another
// one, and clearml.conf follows unless you edited it).
let restarting = false;
createInterface({ input: process.stdin }).on('line', () => {
  if (stopping || restarting) return;
  if (api.running) { say(`the API server is running at ${api.url}`); return; }
  restarting = true;
  void (async () => {
    try {
      const lastPort = Number(new URL(api.url).port);
      const url = (await portIsFree(lastPort)) ? await api.restart() : await api.start(0);
      say(`local ClearML API server running again at ${url}`);
      updateDemoConf(url);
    } catch (e) {
      say(`the API server did not start: ${e instanceof Error ? e.message : e}. Press Enter to try again.`);
    } finally {
      restarting = false;
    }
  })();
});

async function stopApi() {
  await api.stop();
}

function fail(message) {
  console.error(`[start] ${message}`);
  process.exit(1);
}

function portIsFree(p) {
  return new Promise((ok) => {
    const probe = createServer().once('error', () => ok(false)).once('listening', () => probe.close(() => ok(true)));
    probe.listen(p, '127.0.0.1');
  });
}
