/** Atomic clearml.conf writes: backup first, temp file in the same directory, fsync, rename. */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

export async function writeConfAtomic(file: string, text: string): Promise<{ backupPath?: string }> {
  const dir = path.dirname(file);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  let mode = 0o600;
  let backupPath: string | undefined;
  try {
    const st = await fs.stat(file);
    mode = st.mode & 0o777;
    backupPath = `${file}.bak`;
    await fs.copyFile(file, backupPath);
    await fs.chmod(backupPath, mode);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await fs.open(tmp, 'wx', mode);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.chmod(mode); // the umask may have narrowed or the open mode may be ignored on re-use
    await handle.sync();
  } catch (e) {
    await handle.close();
    await fs.rm(tmp, { force: true });
    throw e;
  }
  await handle.close();
  try {
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
  try {
    const dh = await fs.open(dir, 'r');
    try { await dh.sync(); } finally { await dh.close(); }
  } catch {
    // directory fsync is not supported everywhere (Windows); the rename itself is already atomic
  }
  return backupPath ? { backupPath } : {};
}
