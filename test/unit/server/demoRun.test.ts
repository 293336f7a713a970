/**
 * What `npm start` and `npm run server` do around the local server: the CLI shows the credentials to sign in with
 * in a terminal; the demo API server's end is reported and a restart serves the same address; the demo clearml.conf
 * is written only while it is ours, an edited one is kept (or backed up when it names another server).
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO } from '../../../server/demo';
import { ApiProcess } from '../../../server/demoRun/apiProcess';
import { demoConfText, editedDemoConf, writeDemoConf } from '../../../server/demoRun/demoConf';
import { raw, waitFor } from '../api/helpers';

const CLI = join(__dirname, '..', '..', '..', 'server', 'cli.js');
const tempDir = (): string => mkdtempSync(join(tmpdir(), 'clearml-demo-run-'));

describe('npm run server', () => {
  test('in a terminal it prints the demo credentials to sign in with (a pipe never gets the secret: see persistence.test)', async () => {
    // `script` gives the CLI a real terminal, as `npm run server` in a shell has.
    const child = spawn('script', ['-qec', `${process.execPath} ${CLI} --port 0 --edition hosted --seed demo --quiet`, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    try {
      await waitFor(() => /secret key:[^\n]*\n/.test(out), 'the credentials', 10_000);
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      assert.ok(url, out);
      assert.match(out, new RegExp(`API server: +${url.replace(/[.:/]/g, '\\$&')}`));
      assert.match(out, new RegExp(`access key: +${DEMO.signIn.accessKey}`));
      assert.match(out, new RegExp(`secret key: +${DEMO.signIn.secretKey}`));
      assert.match(out, new RegExp(`Sign in as ${DEMO.user.name}`));
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  });
});

describe('npm start: the demo API server process', () => {
  test('a crash is reported (not fatal to the caller), and a restart serves the same address; stop() is not reported', async () => {
    const dir = tempDir();
    const stops: string[] = [];
    let stopped: () => void = () => undefined;
    const api = new ApiProcess({
      cli: CLI, port: 0, logFile: join(dir, 'server.log'),
      args: ['--host', '127.0.0.1', '--edition', 'hosted', '--data', join(dir, 'state.json')],
      onStopped: (how) => { stops.push(how); stopped(); },
    });
    try {
      const url = await api.start();
      assert.equal((await raw(url, 'debug.ping', {})).status, 200);
      const reported = new Promise<void>((r) => { stopped = r; });
      process.kill(-api.pid!, 'SIGKILL'); // a crash
      await reported;
      assert.deepEqual(stops, ['signal SIGKILL']);
      assert.equal(api.running, false);

      assert.equal(await api.restart(), url, 'the same address, so clearml.conf stays right');
      assert.equal((await raw(url, 'debug.ping', {})).status, 200);
      await api.stop();
      assert.deepEqual(stops, ['signal SIGKILL'], 'stopping on purpose is not reported');
      assert.ok(readFileSync(join(dir, 'server.log'), 'utf8').includes('listening on'));
    } finally {
      await api.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('npm start: the demo clearml.conf', () => {
  test('written when missing and while unchanged; an edited file is kept; one naming another server is backed up', () => {
    const dir = tempDir();
    const file = join(dir, 'clearml.conf');
    const hashFile = join(dir, 'clearml.conf.sha256');
    const conf = (url: string) => ({ file, hashFile, text: demoConfText(url, 'AK', 'SK'), apiUrl: url });
    try {
      assert.deepEqual(writeDemoConf(conf('http://127.0.0.1:8008')), { action: 'written' });
      assert.equal(readFileSync(file, 'utf8'), demoConfText('http://127.0.0.1:8008', 'AK', 'SK'));
      assert.deepEqual(writeDemoConf(conf('http://127.0.0.1:8008')), { action: 'unchanged' });
      assert.equal(editedDemoConf(file, hashFile), undefined, 'our own text is not "edited"');
      // Still ours, another port: rewritten.
      assert.deepEqual(writeDemoConf(conf('http://127.0.0.1:8010')), { action: 'written' });
      assert.match(readFileSync(file, 'utf8'), /api_server: http:\/\/127\.0\.0\.1:8010/);

      // The user edits it: a restart keeps it, byte for byte.
      const edited = `${readFileSync(file, 'utf8')}sdk { development { default_output_uri: "s3://mine" } }\n`;
      writeFileSync(file, edited);
      assert.deepEqual(writeDemoConf(conf('http://127.0.0.1:8010')), { action: 'kept-edited' });
      assert.equal(readFileSync(file, 'utf8'), edited);
      assert.equal(editedDemoConf(file, hashFile), edited, '--fresh keeps it as a .bak');
      assert.equal(existsSync(`${file}.bak`), false);

      // The server moved: the edited file goes to .bak, a working one is written.
      const moved = writeDemoConf(conf('http://127.0.0.1:8012'));
      assert.deepEqual(moved, { action: 'replaced-edited', backup: `${file}.bak` });
      assert.equal(readFileSync(`${file}.bak`, 'utf8'), edited);
      assert.match(readFileSync(file, 'utf8'), /api_server: http:\/\/127\.0\.0\.1:8012/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
