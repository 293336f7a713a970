/**
 * Issue 18.4: no path from the user or the environment can hang or exhaust the extension host. Real special files:
 * a FIFO with no writer (a plain read waits for a writer forever), /dev/zero (a plain read never ends), a directory,
 * a 50 MB sparse file. Each is refused promptly with an error naming the path and what it is.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, constants, existsSync, mkdirSync, mkdtempSync, openSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  BoundedReadError, MAX_CONFIG_FILE_BYTES, readBoundedRegularFile, readBoundedRegularFileSync, readOptionalTextFile,
} from '../../../src/core/config/bounded-read';
import { writeConfAtomic } from '../../../src/core/config/atomic-write';
import { discoverSetupOnDisk } from '../../../src/core/config/discovery';
import { buildContext } from '../../../src/core/setup-check/context';
import { probeS3 } from '../../../src/core/storage/access/s3';
import type { S3Resolution } from '../../../src/core/storage/resolve';

const dir = mkdtempSync(path.join(tmpdir(), 'clearml-bounded-'));
const fifo = path.join(dir, 'clearml.conf.fifo');
const mkfifo = spawnSync('mkfifo', [fifo]);
const haveFifo = mkfifo.status === 0 && existsSync(fifo);
const haveDevZero = existsSync('/dev/zero');
const sparse = path.join(dir, 'huge.conf');
writeFileSync(sparse, '');
truncateSync(sparse, 50 * 1024 * 1024);

after(() => {
  // If a read under test did block on the FIFO (the bug), a writer opening and closing it releases the reader with
  // EOF, so the failing run ends instead of hanging on the stuck read.
  if (haveFifo) {
    try { closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK)); } catch { /* no reader waiting */ }
  }
  rmSync(dir, { recursive: true, force: true });
});

/** Well above a prompt refusal (milliseconds), well below "hung". */
const PROMPT = { timeout: 5000 };

async function refusal(read: Promise<unknown>): Promise<BoundedReadError> {
  try {
    await read;
  } catch (e) {
    assert.ok(e instanceof BoundedReadError, `expected a BoundedReadError, got ${String(e)}`);
    return e;
  }
  assert.fail('the read was not refused');
}

describe('readBoundedRegularFile (issue 18.4)', () => {
  test('a FIFO with no writer is refused at once, naming the path and that it is a named pipe', { ...PROMPT, skip: !haveFifo && 'mkfifo unavailable' }, async () => {
    const e = await refusal(readBoundedRegularFile(fifo, MAX_CONFIG_FILE_BYTES));
    assert.equal(e.problem, 'not-regular');
    assert.equal(e.message, `Cannot read ${fifo}: it is a named pipe (FIFO), not a regular file`);
  });

  test('/dev/zero is refused as a character device, not read until memory runs out', { ...PROMPT, skip: !haveDevZero && 'no /dev/zero' }, async () => {
    const e = await refusal(readBoundedRegularFile('/dev/zero', MAX_CONFIG_FILE_BYTES));
    assert.equal(e.message, 'Cannot read /dev/zero: it is a character device, not a regular file');
  });

  test('a directory is refused as a directory', PROMPT, async () => {
    const sub = path.join(dir, 'a-directory');
    mkdirSync(sub);
    const e = await refusal(readBoundedRegularFile(sub, MAX_CONFIG_FILE_BYTES));
    assert.equal(e.problem, 'not-regular');
    assert.match(e.message, new RegExp(`^Cannot read ${sub.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: it is a directory`));
  });

  test('a 50 MB sparse file is refused by its size, without reading it', PROMPT, async () => {
    const e = await refusal(readBoundedRegularFile(sparse, MAX_CONFIG_FILE_BYTES));
    assert.equal(e.problem, 'too-large');
    assert.equal(e.message, `Cannot read ${sparse}: it is larger than the 8 MB accepted (52428800 bytes)`);
  });

  test('the cap is exact: maxBytes bytes are read whole, one more is refused', PROMPT, async () => {
    const fits = path.join(dir, 'fits.conf');
    writeFileSync(fits, 'x'.repeat(100));
    assert.equal((await readBoundedRegularFile(fits, 100)).toString(), 'x'.repeat(100));
    const e = await refusal(readBoundedRegularFile(fits, 99));
    assert.equal(e.problem, 'too-large');
    assert.equal(readBoundedRegularFileSync(fits, 100).toString(), 'x'.repeat(100));
    assert.throws(() => readBoundedRegularFileSync(fits, 99), (x: unknown) => x instanceof BoundedReadError && x.problem === 'too-large');
  });

  test('a missing file is "missing" (readOptionalTextFile: undefined); a regular file reads as its text', PROMPT, async () => {
    const e = await refusal(readBoundedRegularFile(path.join(dir, 'nope.conf'), 10));
    assert.equal(e.problem, 'missing');
    assert.equal(await readOptionalTextFile(path.join(dir, 'nope.conf')), undefined);
    const conf = path.join(dir, 'real.conf');
    writeFileSync(conf, 'api { api_server: "http://h:8008" }\n');
    assert.equal(await readOptionalTextFile(conf), 'api { api_server: "http://h:8008" }\n');
  });

  test('the synchronous twin refuses the FIFO, /dev/zero and the sparse file the same way', { ...PROMPT, skip: !haveFifo && 'mkfifo unavailable' }, () => {
    assert.throws(() => readBoundedRegularFileSync(fifo, MAX_CONFIG_FILE_BYTES), { message: `Cannot read ${fifo}: it is a named pipe (FIFO), not a regular file` });
    if (haveDevZero) assert.throws(() => readBoundedRegularFileSync('/dev/zero', MAX_CONFIG_FILE_BYTES), { message: 'Cannot read /dev/zero: it is a character device, not a regular file' });
    assert.throws(() => readBoundedRegularFileSync(sparse, MAX_CONFIG_FILE_BYTES), (x: unknown) => x instanceof BoundedReadError && x.problem === 'too-large');
  });
});

describe('every reader of a user or environment path is bounded (issue 18.4)', () => {
  test('discovery with CLEARML_CONFIG_FILE naming a FIFO finishes and names the file and why', { ...PROMPT, skip: !haveFifo && 'mkfifo unavailable' }, async () => {
    const setup = await discoverSetupOnDisk({ env: { CLEARML_CONFIG_FILE: fifo }, homedir: dir });
    assert.deepEqual(setup.files, []);
    assert.deepEqual(setup.errors.map((e) => e.message), [`${fifo}:1:1: cannot be read: it is a named pipe (FIFO), not a regular file`]);
  });

  test('discovery with CLEARML_CONFIG_FILE=/dev/zero or a 50 MB file names each', { ...PROMPT, skip: !haveDevZero && 'no /dev/zero' }, async () => {
    const zero = await discoverSetupOnDisk({ env: { CLEARML_CONFIG_FILE: '/dev/zero' }, homedir: dir });
    assert.deepEqual(zero.errors.map((e) => e.reason), ['cannot be read: it is a character device, not a regular file']);
    const huge = await discoverSetupOnDisk({ env: { CLEARML_CONFIG_FILE: sparse }, homedir: dir });
    assert.deepEqual(huge.errors.map((e) => e.reason), ['cannot be read: it is larger than the 8 MB accepted (52428800 bytes)']);
  });

  test('discovery still reads a regular file beside it', PROMPT, async () => {
    const home = path.join(dir, 'home');
    mkdirSync(home);
    writeFileSync(path.join(home, 'clearml.conf'), 'api { api_server: "http://h:8008" }\n');
    const setup = await discoverSetupOnDisk({ env: {}, homedir: home });
    assert.equal(setup.apiServer, 'http://h:8008');
    assert.deepEqual(setup.errors, []);
  });

  test('the setup check with REQUESTS_CA_BUNDLE and CLEARML_CONFIG_FILE naming a FIFO finishes and says why', { ...PROMPT, skip: !haveFifo && 'mkfifo unavailable' }, async () => {
    const ctx = await buildContext({ env: { REQUESTS_CA_BUNDLE: fifo, CLEARML_CONFIG_FILE: fifo }, homedir: dir, cwd: dir });
    assert.equal(ctx.tls.caProblem, `REQUESTS_CA_BUNDLE=${fifo} cannot be read (it is a named pipe (FIFO), not a regular file); the SDK fails every verified HTTPS call with it`);
    assert.equal(ctx.tls.ca, undefined);
    assert.equal(ctx.setup.errors.length, 1);
  });

  test('a storage entry whose verify names /dev/zero or a FIFO as its CA bundle: the access test says why, before any request', { ...PROMPT, skip: !haveFifo && 'mkfifo unavailable' }, async () => {
    // sdk.aws.s3.credentials[].verify is a CA bundle path when a string (a vault can set it); the host is never reached
    const entry = (verify: string): S3Resolution => ({
      provider: 's3', uri: 's3://127.0.0.1:1/b', host: '127.0.0.1:1', secure: true, verify, bucket: 'b', prefix: '', key: 'k', secret: 's', token: '',
      region: 'us-east-1', useCredentialsChain: false, summary: 'test entry',
    });
    const viaFifo = await probeS3(entry(fifo), { timeoutMs: 2000 });
    assert.deepEqual([viaFifo.outcome, viaFifo.message], ['tls', `The entry's verify names the CA bundle "${fifo}", which cannot be read here (it is a named pipe (FIFO), not a regular file); boto3 fails the same way. Fix the path.`]);
    if (haveDevZero) {
      const viaZero = await probeS3(entry('/dev/zero'), { timeoutMs: 2000 });
      assert.match(viaZero.message, /"\/dev\/zero", which cannot be read here \(it is a character device, not a regular file\)/);
    }
  });

  test('writing clearml.conf over a FIFO or a 50 MB file refuses, naming it, and writes nothing', { ...PROMPT, skip: !haveFifo && 'mkfifo unavailable' }, async () => {
    await assert.rejects(writeConfAtomic(fifo, 'api { }\n'), { message: `Cannot read ${fifo}: it is a named pipe (FIFO), not a regular file` });
    await assert.rejects(writeConfAtomic(sparse, 'api { }\n'), (e: unknown) => e instanceof BoundedReadError && e.problem === 'too-large');
    assert.equal(existsSync(`${sparse}.bak`), false, 'no backup of what was never read');
  });

  test('an API client whose CA bundle path is a FIFO is refused at construction (in a child process: a blocking read would hang it)', { skip: !haveFifo && 'mkfifo unavailable' }, () => {
    const clientModule = path.resolve(__dirname, '../../../src/core/api/client.js');
    const script = `const { ClearMLClient } = require(${JSON.stringify(clientModule)});
      try { new ClearMLClient({ apiServer: 'http://127.0.0.1:1', accessKey: 'k', secretKey: 's', caBundlePath: ${JSON.stringify(fifo)} }); console.log('constructed'); }
      catch (e) { console.log(e.message); }`;
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 10_000 });
    assert.equal(run.signal, null, 'the child hung on the FIFO and was killed');
    assert.equal(run.stdout.trim(), `Cannot read the CA bundle ${fifo}: it is a named pipe (FIFO), not a regular file`);
  });
});
