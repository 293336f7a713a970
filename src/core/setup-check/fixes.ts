/**
 * Applying a `set` fix to clearml.conf text: a lossless edit (only the value's bytes change, or one line is
 * inserted), checked by reading the result back the way the SDK would.
 */
import { ConfigParseError, parseHocon } from '../config';
import { setPath } from '../config/edit';
import { getPath } from './context';
import type { Fix } from './types';

export function applyFixToConfText(text: string, fix: Extract<Fix, { kind: 'set' }>): string {
  const segments = fix.path.split('.');
  const value = typeof fix.value === 'number' ? String(fix.value) : fix.value;
  const out = setPath(text, segments, value, { style: 'bare-if-possible' });
  const back = getPath(parseHocon(out, { env: {}, filename: 'clearml.conf' }), fix.path);
  if (String(back) !== String(fix.value)) {
    throw new ConfigParseError(`after the edit ${fix.path} reads as ${JSON.stringify(back)}, not ${JSON.stringify(fix.value)}; edit it by hand`, 1, 1, 'clearml.conf');
  }
  return out;
}
