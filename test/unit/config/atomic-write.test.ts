/** writeConfAtomic against real files, links and processes in a temporary directory. */
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  chownSync, closeSync, existsSync, lstatSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, readdirSync,
  readlinkSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync,
} from 'node:fs';
import * as nodeFs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  ConcurrentChangeError, contentHash, writeConfAtomic, type AtomicWriteOptions,
} from '../../../src/core/config/index';

const root = mkdtempSync(path.join(tmpdir(), 'clearml-atomic-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = () => {
  const d = path.join(root, `case-${++n}`);
  mkdirSync(d);
  return d;
};
const tempsIn = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.tmp'));

/** The real fs promises API, with every call this writer makes recorded (and one call optionally intercepted). */
function recordingFs(log: string[], before?: (op: string, p: string) => void): NonNullable<AtomicWriteOptions['fs']> {
  return {
    ...nodeFs,
    open: (async (p: string, flags: string, mode?: number) => {
      before?.('open', p);
      log.push(`open ${p} ${flags}`);
      const h = await nodeFs.open(p, flags, mode);
      const sync = h.sync.bind(h);
      h.sync = async () => { log.push(`sync ${p}`); await sync(); };
      return h;
    }) as typeof nodeFs.open,
    rename: async (from, to) => {
      before?.('rename', String(to));
      log.push(`rename ${String(from)} -> ${String(to)}`);
      await nodeFs.rename(from, to);
    },
  };
}

/** A pid that certainly belongs to no running process: one that just exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('writeConfAtomic: links planted at the names it writes', () => {
  test('a link planted at <file>.bak is replaced by the backup; the file it points to is not written', async () => {
    const dir = freshDir();
    const victim = path.join(dir, 'bashrc');
    writeFileSync(victim, 'export PATH=/usr/bin\n');
    const file = path.join(dir, 'x.vault.conf');
    writeFileSync(file, 'old vault\n');
    symlinkSync('bashrc', `${file}.bak`);
    const r = await writeConfAtomic(file, 'pulled vault\n');
    assert.equal(readFileSync(victim, 'utf8'), 'export PATH=/usr/bin\n', 'the link target is untouched');
    assert.equal(r.backupPath, `${file}.bak`);
    assert.ok(!lstatSync(`${file}.bak`).isSymbolicLink(), 'the link itself was replaced');
    assert.equal(readFileSync(`${file}.bak`, 'utf8'), 'old vault\n');
    assert.equal(readFileSync(file, 'utf8'), 'pulled vault\n');
    assert.deepEqual(tempsIn(dir), []);
  });

  test('a link planted at <file>.orig.bak is left alone and never written through', async () => {
    const dir = freshDir();
    const victim = path.join(dir, 'bashrc');
    writeFileSync(victim, 'keep me\n');
    const file = path.join(dir, 'clearml.conf');
    writeFileSync(file, 'v1\n');
    symlinkSync('bashrc', `${file}.orig.bak`);
    const r = await writeConfAtomic(file, 'v2\n', { keepOriginal: true });
    assert.equal(r.originalBackupPath, undefined);
    assert.equal(readFileSync(victim, 'utf8'), 'keep me\n');
    assert.equal(readlinkSync(`${file}.orig.bak`), 'bashrc');
    assert.deepEqual(tempsIn(dir), []);
  });

  test('a link planted at the temp file name makes the write fail; its target is untouched', async () => {
    const dir = freshDir();
    const victim = path.join(dir, 'bashrc');
    writeFileSync(victim, 'keep me\n');
    const file = path.join(dir, 'clearml.conf');
    writeFileSync(file, 'old\n');
    const plant = (op: string, p: string) => {
      if (op === 'open' && path.basename(p).startsWith('.clearml.conf.') && p.endsWith('.tmp')) symlinkSync(victim, p);
    };
    await assert.rejects(writeConfAtomic(file, 'new\n', { fs: recordingFs([], plant) }), /EEXIST/);
    assert.equal(readFileSync(victim, 'utf8'), 'keep me\n');
    assert.equal(readFileSync(file, 'utf8'), 'old\n');
  });
});

describe('writeConfAtomic: changes made by another program', () => {
  test('a write between the read and the rename is detected and kept; nothing of ours is written', async () => {
    const dir = freshDir();
    const file = path.join(dir, 'clearml.conf');
    writeFileSync(file, 'api { }\n');
    const base = contentHash(readFileSync(file));
    const meanwhile = (op: string, p: string) => {
      if (op === 'open' && path.basename(p).startsWith('.clearml.conf.')) writeFileSync(file, 'written by clearml-init\n');
    };
    await assert.rejects(writeConfAtomic(file, 'ours\n', { baseHash: base, fs: recordingFs([], meanwhile) }),
      (e) => e instanceof ConcurrentChangeError && e.file === file && /changed by another program/.test(e.message));
    assert.equal(readFileSync(file, 'utf8'), 'written by clearml-init\n');
    assert.deepEqual(tempsIn(dir), []);
  });

  test('a stale base hash stops the write before anything, the backup included, is written', async () => {
    const dir = freshDir();
    const file = path.join(dir, 'clearml.conf');
    writeFileSync(file, 'edited in an editor after the diff was built\n');
    await assert.rejects(writeConfAtomic(file, 'ours\n', { baseHash: contentHash('what the diff was built from\n') }), ConcurrentChangeError);
    await assert.rejects(writeConfAtomic(file, 'ours\n', { baseHash: null }), ConcurrentChangeError, 'built for a missing file, but it exists now');
    assert.equal(readFileSync(file, 'utf8'), 'edited in an editor after the diff was built\n');
    assert.ok(!existsSync(`${file}.bak`));
  });

  test('after several writes the user\'s original is still recoverable (.orig.bak once, .bak the latest)', async () => {
    const dir = freshDir();
    const file = path.join(dir, 'clearml.conf');
    writeFileSync(file, 'original by hand\n');
    const first = await writeConfAtomic(file, 'second\n', { keepOriginal: true });
    assert.equal(first.originalBackupPath, `${file}.orig.bak`);
    const second = await writeConfAtomic(file, 'third\n', { keepOriginal: true });
    assert.equal(second.originalBackupPath, undefined);
    assert.equal(readFileSync(`${file}.orig.bak`, 'utf8'), 'original by hand\n');
    assert.equal(readFileSync(`${file}.bak`, 'utf8'), 'second\n');
    assert.equal(readFileSync(file, 'utf8'), 'third\n');
  });
});

describe('writeConfAtomic: a symlinked clearml.conf (dotfile managers)', () => {
  test('the link\'s target gets the new text through a temp file beside it; the link stays a link', async () => {
    const dir = freshDir();
    const dotfiles = path.join(dir, 'dotfiles');
    const home = path.join(dir, 'home');
    mkdirSync(dotfiles);
    mkdirSync(home);
    writeFileSync(path.join(dotfiles, 'clearml.conf'), 'old credentials\n');
    const link = path.join(home, 'clearml.conf');
    symlinkSync('../dotfiles/clearml.conf', link);
    const log: string[] = [];
    const r = await writeConfAtomic(link, 'new credentials\n', { followLink: true, fs: recordingFs(log) });
    assert.ok(lstatSync(link).isSymbolicLink(), 'still a link');
    assert.equal(readlinkSync(link), '../dotfiles/clearml.conf');
    assert.equal(r.target, path.join(dotfiles, 'clearml.conf'));
    assert.equal(readFileSync(path.join(dotfiles, 'clearml.conf'), 'utf8'), 'new credentials\n');
    assert.ok(log.some((l) => l.startsWith(`rename ${dotfiles}${path.sep}.clearml.conf.`) && l.endsWith(`-> ${r.target}`)), 'renamed beside the target');
    assert.equal(readFileSync(`${link}.bak`, 'utf8'), 'old credentials\n');
    assert.deepEqual([...tempsIn(home), ...tempsIn(dotfiles)], []);
  });

  test('a link to a file that does not exist yet creates that file', async () => {
    const dir = freshDir();
    mkdirSync(path.join(dir, 'dotfiles'));
    const link = path.join(dir, 'clearml.conf');
    symlinkSync(path.join(dir, 'dotfiles', 'clearml.conf'), link);
    await writeConfAtomic(link, 'api { }\n', { followLink: true });
    assert.ok(lstatSync(link).isSymbolicLink());
    assert.equal(readFileSync(path.join(dir, 'dotfiles', 'clearml.conf'), 'utf8'), 'api { }\n');
  });

  test('without followLink (pulling a vault into a repository file) a link is replaced, its target untouched', async () => {
    const dir = freshDir();
    writeFileSync(path.join(dir, 'bashrc'), 'keep me\n');
    const file = path.join(dir, 'x.vault.conf');
    symlinkSync('bashrc', file);
    await writeConfAtomic(file, 'vault\n');
    assert.equal(readFileSync(path.join(dir, 'bashrc'), 'utf8'), 'keep me\n');
    assert.ok(!lstatSync(file).isSymbolicLink());
    assert.equal(readFileSync(file, 'utf8'), 'vault\n');
  });
});

describe('writeConfAtomic: leftovers, owner, atomicity, durability', () => {
  test('temp files of interrupted writes to the same file are swept; live, recent or foreign ones are kept', async () => {
    const dir = freshDir();
    const file = path.join(dir, 'clearml.conf');
    writeFileSync(file, 'old\n');
    const dead = deadPid();
    const crashed = path.join(dir, `.clearml.conf.${dead}.0badc0de.tmp`);
    const crashedBackup = path.join(dir, `.clearml.conf.bak.${dead}.0badc0de.tmp`);
    const live = path.join(dir, `.clearml.conf.${process.pid}.00000001.tmp`);
    const oldLive = path.join(dir, `.clearml.conf.${process.pid}.00000002.tmp`);
    const otherTarget = path.join(dir, `.other.conf.${dead}.0badc0de.tmp`);
    const notOurs = path.join(dir, `.clearml.conf.${dead}.notours.tmp`);
    for (const f of [crashed, crashedBackup, live, oldLive, otherTarget, notOurs]) writeFileSync(f, 'secret_key: LEFTOVER\n');
    const hourAgo = Date.now() / 1000 - 3600;
    utimesSync(oldLive, hourAgo, hourAgo);
    const r = await writeConfAtomic(file, 'new\n');
    assert.deepEqual(r.sweptTemps.sort(), [crashed, crashedBackup, oldLive].sort());
    assert.deepEqual(tempsIn(dir).sort(), [live, otherTarget, notOurs].map((f) => path.basename(f)).sort());
  });

  test('the file keeps its owner and group when written by another user (root here)', { skip: process.getuid?.() !== 0 && 'needs root' }, async () => {
    const dir = freshDir();
    const file = path.join(dir, 'clearml.conf');
    writeFileSync(file, 'old\n', { mode: 0o640 });
    chownSync(file, 4321, 4322);
    await writeConfAtomic(file, 'new\n');
    for (const f of [file, `${file}.bak`]) {
      const st = statSync(f);
      assert.deepEqual([st.uid, st.gid, st.mode & 0o777], [4321, 4322, 0o640], f);
    }
  });

  test('the target inode is replaced, not rewritten: a reader holding the old file still reads the old bytes', async () => {
    const dir = freshDir();
    const file = path.join(dir, 'clearml.conf');
    writeFileSync(file, 'old complete file\n');
    const inode = statSync(file).ino;
    const fd = openSync(file, 'r');
    try {
      await writeConfAtomic(file, 'new\n');
      const buf = Buffer.alloc(64);
      const got = readSync(fd, buf, 0, 64, 0);
      assert.equal(buf.toString('utf8', 0, got), 'old complete file\n');
    } finally {
      closeSync(fd);
    }
    assert.notEqual(statSync(file).ino, inode);
  });

  test('a reader polling the file during 12 writes of 2 MB never sees a partial file', async () => {
    const dir = freshDir();
    const file = path.join(dir, 'clearml.conf');
    const size = 2 * 1024 * 1024;
    const a = Buffer.alloc(size, 'a');
    const b = Buffer.alloc(size, 'b');
    writeFileSync(file, a);
    const stop = new Int32Array(new SharedArrayBuffer(4));
    const reader = new Worker(`
      const { readFileSync } = require('node:fs');
      const { workerData, parentPort } = require('node:worker_threads');
      const stop = new Int32Array(workerData.stop);
      let reads = 0, partial = 0, bad = '';
      while (Atomics.load(stop, 0) === 0) {
        let t;
        try { t = readFileSync(workerData.file); } catch (e) { partial++; bad = e.code; continue; }
        reads++;
        const whole = t.length === workerData.size && t[0] === t[t.length - 1] && t.indexOf(t[0] === 97 ? 98 : 97) === -1;
        if (!whole) { partial++; bad = 'length ' + t.length; }
      }
      parentPort.postMessage({ reads, partial, bad });
    `, { eval: true, workerData: { file, size, stop: stop.buffer } });
    const report = new Promise<{ reads: number; partial: number; bad: string }>((resolve, reject) => {
      reader.once('message', resolve);
      reader.once('error', reject);
    });
    for (let i = 0; i < 12; i++) await writeConfAtomic(file, i % 2 ? a : b);
    Atomics.store(stop, 0, 1);
    const r = await report;
    await reader.terminate();
    assert.ok(r.reads > 0, 'the reader ran during the writes');
    assert.equal(r.partial, 0, `a reader saw a partial file (${r.bad}) in ${r.reads} reads`);
  });

  test('the temp file is fsynced before the rename and the directory after it', async () => {
    const dir = freshDir();
    const file = path.join(dir, 'clearml.conf');
    writeFileSync(file, 'old\n');
    const log: string[] = [];
    await writeConfAtomic(file, 'new\n', { fs: recordingFs(log) });
    const renameAt = log.findIndex((l) => l.startsWith('rename') && l.endsWith(`-> ${file}`));
    assert.ok(renameAt > 0, log.join('\n'));
    const tmp = log[renameAt].slice('rename '.length, log[renameAt].indexOf(' -> '));
    const fileSync = log.indexOf(`sync ${tmp}`);
    const dirSync = log.indexOf(`sync ${dir}`);
    assert.ok(fileSync >= 0 && fileSync < renameAt, `file fsync before rename:\n${log.join('\n')}`);
    assert.ok(dirSync > renameAt, `directory fsync after rename:\n${log.join('\n')}`);
  });
});
