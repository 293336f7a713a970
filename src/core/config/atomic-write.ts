/**
 * Atomic replacement of a configuration file. The new bytes go to a temp file created exclusively beside the
 * file's real location, are fsynced, and renamed over it; the directory is fsynced after the rename. The bytes
 * replaced are kept as `<file>.bak` (itself written through a temp file and a rename, so a link planted at that
 * name is replaced, never written through) and, with `keepOriginal`, once as `<file>.orig.bak`. A change made to
 * the file after the caller read it stops the write with ConcurrentChangeError instead of being overwritten.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as nodeFs from 'node:fs/promises';
import type { Stats } from 'node:fs';
import * as path from 'node:path';
import { BoundedReadError, MAX_CONFIG_FILE_BYTES, readBoundedRegularFile } from './bounded-read';

/** The calls the writer makes; tests pass a wrapper to observe their order. */
export type WriteFs = Pick<typeof nodeFs, 'open' | 'rename' | 'readFile' | 'stat' | 'lstat' | 'readlink' | 'readdir' | 'rm' | 'mkdir' | 'link'>;

export interface AtomicWriteOptions {
  /**
   * contentHash() of the bytes the new text was built from, or null when it was built for a file that did not
   * exist. Checked before anything is written and again right before the rename.
   */
  baseHash?: string | null;
  /** Keep the first version ever replaced as `<file>.orig.bak`: written once, never overwritten. */
  keepOriginal?: boolean;
  /**
   * Write through a symbolic link at `file` to its target (the link stays a link), as dotfile managers expect
   * of clearml.conf. Without it a link at `file` is replaced by the new file and its target is left alone.
   */
  followLink?: boolean;
  /** A leftover temp file of this target is swept when its process is gone or it is older than this (ms). */
  staleTempMs?: number;
  fs?: WriteFs;
}

export interface AtomicWriteResult {
  /** The file that now holds the new bytes (the link's target when `followLink` resolved one). */
  target: string;
  backupPath?: string;
  /** Set on the write that created `<file>.orig.bak`. */
  originalBackupPath?: string;
  /** Leftover temp files of earlier, interrupted writes that were removed. */
  sweptTemps: string[];
}

export class ConcurrentChangeError extends Error {
  constructor(readonly file: string) {
    super(`${file} was changed by another program after it was read; nothing was written`);
    this.name = 'ConcurrentChangeError';
  }
}

export function contentHash(bytes: Uint8Array | string | undefined): string | null {
  return bytes === undefined ? null : createHash('sha256').update(bytes).digest('hex');
}

const DEFAULT_STALE_MS = 10 * 60_000;
const MAX_LINK_HOPS = 40;

const code = (e: unknown) => (e as NodeJS.ErrnoException).code;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function tempPath(dir: string, base: string): string {
  return path.join(dir, `.${base}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return code(e) === 'EPERM';
  }
}

/** Removes `.<base>.<pid>.<hex>.tmp` files (this writer's own naming) left by a process that died mid-write. */
async function sweepStaleTemps(fs: WriteFs, dir: string, bases: string[], staleMs: number): Promise<string[]> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return [];
  }
  const pattern = new RegExp(`^\\.(?:${bases.map(escapeRegExp).join('|')})\\.(\\d+)\\.[0-9a-f]{8}\\.tmp$`);
  const swept: string[] = [];
  for (const name of names) {
    const m = pattern.exec(name);
    if (!m) continue;
    const full = path.join(dir, name);
    try {
      const st = await fs.lstat(full);
      if (!st.isFile()) continue;
      if (processAlive(Number(m[1])) && Date.now() - st.mtimeMs < staleMs) continue;
      await fs.rm(full, { force: true });
      swept.push(full);
    } catch {
      // gone already or not ours to remove: leave it
    }
  }
  return swept;
}

/** Follows links at `file` (relative targets resolve against the link's directory); a dangling link's target. */
async function resolveLinks(fs: WriteFs, file: string): Promise<string> {
  let current = path.resolve(file);
  for (let hops = 0; hops < MAX_LINK_HOPS; hops++) {
    let st: Stats;
    try {
      st = await fs.lstat(current);
    } catch (e) {
      if (code(e) === 'ENOENT') return current;
      throw e;
    }
    if (!st.isSymbolicLink()) return current;
    current = path.resolve(path.dirname(current), await fs.readlink(current));
  }
  throw new Error(`${file}: too many levels of symbolic links`);
}

/** Bounded and never blocking: a FIFO, device or huge file at the target is refused (BoundedReadError), not read. */
async function readIfExists(file: string): Promise<Buffer | undefined> {
  try {
    return await readBoundedRegularFile(file, MAX_CONFIG_FILE_BYTES);
  } catch (e) {
    if (e instanceof BoundedReadError && e.problem === 'missing') return undefined;
    throw e;
  }
}

interface Owner { mode: number; uid?: number; gid?: number }

/** Writes `bytes` to a new exclusive temp file (a planted link at that name fails the open), owned and moded like the original. */
async function writeTemp(fs: WriteFs, dir: string, base: string, bytes: Uint8Array, owner: Owner): Promise<string> {
  const tmp = tempPath(dir, base);
  const handle = await fs.open(tmp, 'wx', 0o600);
  try {
    await handle.writeFile(bytes);
    if (owner.uid !== undefined && owner.gid !== undefined && typeof process.getuid === 'function'
      && (owner.uid !== process.getuid() || owner.gid !== process.getgid?.())) {
      // running as another user (sudo, a service account): the file keeps its owner when we are allowed to
      await handle.chown(owner.uid, owner.gid).catch(() => undefined);
    }
    await handle.chmod(owner.mode); // after chown, which may clear mode bits
    await handle.sync();
  } catch (e) {
    await handle.close();
    await fs.rm(tmp, { force: true });
    throw e;
  }
  await handle.close();
  return tmp;
}

async function syncDir(fs: WriteFs, dir: string): Promise<void> {
  try {
    const dh = await fs.open(dir, 'r');
    try { await dh.sync(); } finally { await dh.close(); }
  } catch {
    // directory fsync is not supported everywhere (Windows); the rename itself is already atomic
  }
}

export async function writeConfAtomic(file: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<AtomicWriteResult> {
  const fs = options.fs ?? nodeFs;
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const named = path.resolve(file);
  const target = options.followLink ? await resolveLinks(fs, named) : named;
  const dir = path.dirname(target);
  const base = path.basename(target);
  const backupDir = path.dirname(named);
  const backupName = `${path.basename(named)}.bak`;
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });

  const originalName = `${path.basename(named)}.orig.bak`;
  const stale = options.staleTempMs ?? DEFAULT_STALE_MS;
  const sweptTemps = backupDir === dir
    ? await sweepStaleTemps(fs, dir, [base, backupName, originalName], stale)
    : [...await sweepStaleTemps(fs, dir, [base], stale), ...await sweepStaleTemps(fs, backupDir, [backupName, originalName], stale)];

  const previous = await readIfExists(target);
  const previousHash = contentHash(previous);
  if (options.baseHash !== undefined && options.baseHash !== previousHash) throw new ConcurrentChangeError(file);

  let owner: Owner = { mode: 0o600 };
  if (previous !== undefined) {
    const st = await fs.stat(target);
    owner = { mode: st.mode & 0o777, uid: st.uid, gid: st.gid };
  }

  const result: AtomicWriteResult = { target, sweptTemps };
  if (previous !== undefined) {
    if (options.keepOriginal) {
      const original = path.join(backupDir, originalName);
      const tmp = await writeTemp(fs, backupDir, originalName, previous, owner);
      try {
        await fs.link(tmp, original); // fails on any existing entry, a link included: the first original stays
        result.originalBackupPath = original;
      } catch (e) {
        if (code(e) !== 'EEXIST') throw e;
      } finally {
        await fs.rm(tmp, { force: true });
      }
    }
    const backupPath = path.join(backupDir, backupName);
    const tmp = await writeTemp(fs, backupDir, backupName, previous, owner);
    try {
      await fs.rename(tmp, backupPath);
    } catch (e) {
      await fs.rm(tmp, { force: true });
      throw e;
    }
    result.backupPath = backupPath;
  }

  const tmp = await writeTemp(fs, dir, base, bytes, owner);
  try {
    if (contentHash(await readIfExists(target)) !== previousHash) throw new ConcurrentChangeError(file);
    await fs.rename(tmp, target);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
  await syncDir(fs, dir);
  if (backupDir !== dir && result.backupPath) await syncDir(fs, backupDir);
  return result;
}
