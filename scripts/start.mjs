#!/usr/bin/env node
// `npm start`: try the extension in a real VS Code with demo data, in the browser.
//   1. builds and packages clearml-settings.vsix, compiles the local ClearML server (tsc → out/)
//   2. installs code-server into .vscode-test/cs if it is missing
//   3. starts the local ClearML API server (hosted edition, demo seed, state kept in .vscode-test/demo/state.json)
//   4. writes clearml.conf with the demo user's credentials for that server into the folder VS Code opens
//      (.vscode-test/demo/workspace), so every lossless edit the extension makes to it can be watched in the editor
//   5. starts code-server on 127.0.0.1 with the extension installed and CLEARML_CONFIG_FILE pointing at that file
// and stays in the foreground until Ctrl-C, then stops both servers.
// usage: npm start [-- --port 3000] [--api-port 8008] [--fresh]   (--fresh: forget the demo state, start over)
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
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

if (process.argv.includes('--fresh')) rmSync(demoDir, { recursive: true, force: true });
mkdirSync(join(demoDir, 'workspace'), { recursive: true });

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

// The local ClearML API server, in its own process group so Ctrl-C here stops it exactly once, by us.
const cli = join(root, 'out', 'server', 'cli.js');
if (!existsSync(cli)) fail(`${cli} is missing: the local ClearML server did not compile`);
const apiPort = (await portIsFree(wantedApiPort)) ? wantedApiPort : 0;
const serverLog = join(demoDir, 'server.log');
const api = spawn(process.execPath, [cli, '--host', '127.0.0.1', '--port', String(apiPort), '--edition', 'hosted',
  '--seed', 'showcase', '--data', join(demoDir, 'state.json')], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
const apiLog = createWriteStream(serverLog, { flags: 'a' });
api.stdout.pipe(apiLog);
api.stderr.pipe(apiLog);
const apiUrl = await new Promise((ok) => {
  let out = '';
  const onData = (d) => {
    out += d;
    const m = /listening on (https?:\/\/\S+)/.exec(out);
    if (m) { clearTimeout(timer); api.stdout.off('data', onData); api.stderr.off('data', onData); ok(m[1]); }
  };
  api.stdout.on('data', onData);
  api.stderr.on('data', onData);
  api.once('exit', (code) => { process.stderr.write(out); fail(`the local ClearML server exited with ${code}`); });
  const timer = setTimeout(() => { process.stderr.write(out); void stopApi().then(() => fail('the local ClearML server printed no URL within 20 s')); }, 20_000);
});
say(`local ClearML API server (hosted edition, demo data) at ${apiUrl}, request log in ${serverLog}`);

// The demo user's credentials come from the server's own fixture, so the two can never disagree.
const { DEMO } = require(join(root, 'out', 'server', 'demo.js'));
const confFile = join(demoDir, 'workspace', 'clearml.conf');
writeFileSync(confFile, `# Written by npm start for the local demo server. Safe to delete.
api {
  api_server: ${apiUrl}
  web_server: ${apiUrl}
  files_server: ${apiUrl}
  credentials {
    "access_key" = "${DEMO.signIn.accessKey}"
    "secret_key" = "${DEMO.signIn.secretKey}"
  }
}
`);

let server;
try {
  server = await cs.startCodeServer({
    vsix: [join(root, 'clearml-settings.vsix')],
    env: { CLEARML_CONFIG_FILE: confFile },
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

let stopping = false;
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

async function stopApi() {
  api.removeAllListeners('exit');
  await cs.stopProcessGroup(api);
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
