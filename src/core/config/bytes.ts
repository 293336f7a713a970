/**
 * Lossless text view of a configuration file's bytes: valid UTF-8 decodes as usual, every byte that is not part
 * of valid UTF-8 becomes the lone surrogate U+DC00+byte (Python's "surrogateescape"), and encoding maps those
 * back. Editing the decoded text and encoding it again leaves every byte outside the edit as it was, whatever
 * the file's encoding (Latin-1 comments, a stray byte).
 */
import { isUtf8 } from 'node:buffer';
import { ConfigParseError, lineColumnAt } from './errors';

const ESCAPE_BASE = 0xdc00;
const LONE_ESCAPE = /(?<![\uD800-\uDBFF])[\uDC80-\uDCFF]/g;

/** Length of the valid UTF-8 sequence starting at i, or 0 when the byte there does not start one. */
function sequenceLength(b: Uint8Array, i: number): number {
  const c = b[i];
  if (c < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => i + k < b.length && b[i + k] >= lo && b[i + k] <= hi;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    const lo = c === 0xe0 ? 0xa0 : 0x80;
    const hi = c === 0xed ? 0x9f : 0xbf;
    return cont(1, lo, hi) && cont(2) ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    const lo = c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xf4 ? 0x8f : 0xbf;
    return cont(1, lo, hi) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

export function decodeConfBytes(bytes: Uint8Array): string {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (isUtf8(buf)) return buf.toString('utf8');
  const parts: string[] = [];
  let runStart = 0;
  let i = 0;
  while (i < buf.length) {
    const n = sequenceLength(buf, i);
    if (n > 0) {
      i += n;
      continue;
    }
    if (i > runStart) parts.push(buf.toString('utf8', runStart, i));
    parts.push(String.fromCharCode(ESCAPE_BASE + buf[i]));
    i++;
    runStart = i;
  }
  if (i > runStart) parts.push(buf.toString('utf8', runStart, i));
  return parts.join('');
}

export function encodeConfText(text: string): Buffer {
  const chunks: Buffer[] = [];
  let last = 0;
  for (const m of text.matchAll(LONE_ESCAPE)) {
    chunks.push(Buffer.from(text.slice(last, m.index), 'utf8'), Buffer.of(text.charCodeAt(m.index!) - ESCAPE_BASE));
    last = m.index! + 1;
  }
  if (last === 0) return Buffer.from(text, 'utf8');
  chunks.push(Buffer.from(text.slice(last), 'utf8'));
  return Buffer.concat(chunks);
}

/**
 * A configuration file the SDK cannot load although this extension can (it reads bytes losslessly). The SDK opens
 * clearml.conf with pyhocon's ConfigFactory.parse_file, i.e. codecs.open(encoding='utf-8') (clearml/utilities/pyhocon/
 * config_parser.py), from Config._read_single_file (clearml/backend_config/config.py), which re-raises:
 * - a leading UTF-8 byte-order mark stays a character: ParseException "Expected end of text, found '\ufeff'" at 1:1;
 * - a byte that is not UTF-8 (a Latin-1 "é"): UnicodeDecodeError.
 * Either way every SDK script stops at import. `fix` says what to do.
 */
export class ConfigEncodingError extends ConfigParseError {
  constructor(reason: string, line: number, column: number, filename: string | undefined, readonly fix: string) {
    super(reason, line, column, filename);
    this.name = 'ConfigEncodingError';
  }
}

/** U+DC80..DCFF: a byte decodeConfBytes could not decode; U+FFFD: the same after Buffer's utf8 decoding. */
const UNDECODED = /(?<![\uD800-\uDBFF])[\uDC80-\uDCFF]|\uFFFD/;

/** Why the SDK cannot read this decoded file text, with the line and column; undefined when it can. */
export function encodingProblem(text: string, filename?: string): ConfigEncodingError | undefined {
  if (text.startsWith('\uFEFF')) {
    return new ConfigEncodingError(
      "the file starts with a UTF-8 byte-order mark: the SDK reads clearml.conf as plain UTF-8 and stops at the mark (\"Expected end of text, found '\\ufeff'\"), so every SDK script fails at import",
      1, 1, filename, 'Save the file as UTF-8 without a byte-order mark (drop the mark); nothing else changes.',
    );
  }
  const m = UNDECODED.exec(text);
  if (!m) return undefined;
  const { line, column } = lineColumnAt(text, m.index);
  const code = m[0].charCodeAt(0);
  const byte = code === 0xfffd ? 'a byte' : `the byte 0x${(code - 0xdc00).toString(16).toUpperCase().padStart(2, '0')}`;
  return new ConfigEncodingError(
    `${byte} here is not UTF-8 (the file is probably Latin-1 or Windows-1252): the SDK reads clearml.conf as UTF-8 and every SDK script fails at import with UnicodeDecodeError`,
    line, column, filename, 'Re-encode the file as UTF-8 (e.g. iconv -f latin1 -t utf-8), or retype that character.',
  );
}
