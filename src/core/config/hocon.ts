/** parseHocon: parse + per-file substitution resolution, the way the SDK's pyhocon reads one file. */
import { ConfigParseError } from './errors';
import { isPlainObject, parseRaw, type ParseTrace } from './hocon-parser';
import { resolveDocument } from './resolve';
import type { ConfigObject, ConfigValue, ParseOptions } from './types';

export interface ParseAnyOptions extends ParseOptions {
  trace?: ParseTrace;
}

/** The document's value: an object, or an array for a `[...]` root (which pyhocon also accepts). */
export function parseHoconValue(text: string, options: ParseAnyOptions = {}): ConfigObject | ConfigValue[] {
  const doc = parseRaw(text, { filename: options.filename, includeLoader: options.includeLoader, trace: options.trace });
  let value: ConfigValue;
  if (!doc.hasConcat) value = doc.root as ConfigValue;
  else {
    try {
      value = resolveDocument(doc.root, options.env ?? process.env, doc.singleHistory);
    } catch (e) {
      if (e instanceof RangeError) throw new ConfigParseError('substitutions build a value nested too deeply to resolve', 1, 1, options.filename);
      if (e instanceof ConfigParseError && doc.rawError) throw doc.rawError(e);
      throw e;
    }
  }
  return value as ConfigObject | ConfigValue[];
}

export function parseHocon(text: string, options: ParseOptions = {}): ConfigObject {
  const v = parseHoconValue(text, options);
  if (!isPlainObject(v)) throw new ConfigParseError('the document is an array; a configuration must be an object', 1, 1, options.filename);
  return v as ConfigObject;
}
