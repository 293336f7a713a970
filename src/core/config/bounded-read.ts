/**
 * The one way the extension reads a file whose path comes from the user or the environment (clearml.conf,
 * CLEARML_CONFIG_FILE, REQUESTS_CA_BUNDLE, …). A path naming a FIFO would block a plain read forever (and with it
 * the extension host), /dev/zero or a huge file would exhaust its memory; so the file is opened without blocking,
 * checked on the open handle to be a regular file (no race between a check and the open), and read up to a cap.
 */
import { closeSync, constants, fstatSync, openSync, promises as fsp, readSync, type Stats } from 'node:fs';

/** Far above any clearml.conf or CA bundle (the system bundle is about 200 KB), far below what hurts the host. */
export const MAX_CONFIG_FILE_BYTES = 8 * 1024 * 1024;

const READ_CHUNK_BYTES = 64 * 1024;

export type BoundedReadProblem = 'missing' | 'not-regular' | 'too-large' | 'unreadable';

export class BoundedReadError extends Error {
  constructor(readonly path: string, readonly problem: BoundedReadProblem, readonly reason: string, readonly code?: string) {
    super(`Cannot read ${path}: ${reason}`);
    this.name = 'BoundedReadError';
  }
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

function megabytes(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
}

function tooLarge(path: string, maxBytes: number, size?: number): BoundedReadError {
  const actual = size === undefined ? 'more than that' : `${size} bytes`;
  return new BoundedReadError(path, 'too-large', `it is larger than the ${megabytes(maxBytes)} accepted (${actual})`);
}

function openFailure(path: string, e: unknown): BoundedReadError {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new BoundedReadError(path, 'missing', `it does not exist (${code})`, code);
  if (code === 'EISDIR') return new BoundedReadError(path, 'not-regular', 'it is a directory, not a regular file');
  if (code === 'EACCES' || code === 'EPERM') return new BoundedReadError(path, 'unreadable', `permission denied (${code})`, code);
  return new BoundedReadError(path, 'unreadable', code ?? (e as Error).message);
}

/** Checked on the open handle's fstat, so nothing can swap the file between the check and the read. */
function requireRegularWithinCap(path: string, stats: Stats, maxBytes: number): void {
  if (!stats.isFile()) throw new BoundedReadError(path, 'not-regular', `it is ${kindOf(stats)}, not a regular file`);
  if (stats.size > maxBytes) throw tooLarge(path, maxBytes, stats.size);
}

/**
 * What the reads of one file return, kept until the end of the file. The size can change after fstat, so each read
 * asks for at most one byte past the cap, and that byte is the error.
 */
class CappedBytes {
  private readonly chunks: Buffer[] = [];
  private total = 0;

  constructor(private readonly path: string, private readonly maxBytes: number) {}

  /** The buffer for the next read. */
  nextBuffer(): Buffer {
    return Buffer.alloc(Math.min(READ_CHUNK_BYTES, this.maxBytes + 1 - this.total));
  }

  /** Keeps the `bytesRead` bytes a read put into `buffer`; false at the end of the file. */
  keep(buffer: Buffer, bytesRead: number): boolean {
    if (bytesRead === 0) return false;
    this.chunks.push(buffer.subarray(0, bytesRead));
    this.total += bytesRead;
    if (this.total > this.maxBytes) throw tooLarge(this.path, this.maxBytes);
    return true;
  }

  all(): Buffer {
    return Buffer.concat(this.chunks, this.total);
  }
}

function readFailure(path: string, e: unknown): BoundedReadError {
  if (e instanceof BoundedReadError) return e;
  return new BoundedReadError(path, 'unreadable', (e as NodeJS.ErrnoException).code ?? (e as Error).message);
}

/**
 * The bytes of the regular file at `path`, at most `maxBytes` of them. Anything else (missing, a directory, a FIFO,
 * a device, a socket, a larger file) is a BoundedReadError naming the path and why. Never blocks on the file's kind.
 */
export async function readBoundedRegularFile(path: string, maxBytes: number): Promise<Buffer> {
  let handle: fsp.FileHandle;
  try {
    // O_NONBLOCK: opening a FIFO without a writer returns at once instead of waiting for one (0 where it does not exist).
    handle = await fsp.open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    throw openFailure(path, e);
  }
  try {
    requireRegularWithinCap(path, await handle.stat(), maxBytes);
    const bytes = new CappedBytes(path, maxBytes);
    for (;;) {
      const buffer = bytes.nextBuffer();
      if (!bytes.keep(buffer, (await handle.read(buffer, 0, buffer.length, null)).bytesRead)) return bytes.all();
    }
  } catch (e) {
    throw readFailure(path, e);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/**
 * readBoundedRegularFile for the one caller that cannot wait (a constructor taking a CA bundle path): the same
 * checks, synchronously. Opening with O_NONBLOCK and checking the handle still means it never waits on a FIFO.
 */
export function readBoundedRegularFileSync(path: string, maxBytes: number): Buffer {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    throw openFailure(path, e);
  }
  try {
    requireRegularWithinCap(path, fstatSync(fd), maxBytes);
    const bytes = new CappedBytes(path, maxBytes);
    for (;;) {
      const buffer = bytes.nextBuffer();
      if (!bytes.keep(buffer, readSync(fd, buffer, 0, buffer.length, null))) return bytes.all();
    }
  } catch (e) {
    throw readFailure(path, e);
  } finally {
    closeSync(fd);
  }
}

/** The file's text (UTF-8), or undefined when it does not exist; every other problem is a BoundedReadError. */
export async function readOptionalTextFile(path: string, maxBytes: number = MAX_CONFIG_FILE_BYTES): Promise<string | undefined> {
  try {
    return (await readBoundedRegularFile(path, maxBytes)).toString('utf8');
  } catch (e) {
    if (e instanceof BoundedReadError && e.problem === 'missing') return undefined;
    throw e;
  }
}
