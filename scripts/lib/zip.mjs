// Lists the entry names of a zip file (a .vsix) from its central directory, so the package check needs no
// unzip binary and no dependency.
import { readFileSync } from 'node:fs';

const END_OF_CENTRAL_DIR = 0x06054b50;
const CENTRAL_DIR_ENTRY = 0x02014b50;

export function listZipEntries(file) {
  const buf = readFileSync(file);
  // The end record is 22 bytes plus a comment of up to 64 KiB, so search backwards for its signature.
  let end = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === END_OF_CENTRAL_DIR) { end = i; break; }
  }
  if (end < 0) throw new Error(`${file} is not a zip file (no end of central directory record)`);
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  const names = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(at) !== CENTRAL_DIR_ENTRY) throw new Error(`${file}: corrupt central directory at byte ${at}`);
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    names.push(buf.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}
