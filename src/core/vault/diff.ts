/** The effective configuration before and after this vault, as masked HOCON text for a side-by-side diff. */
import { ConfigParseError, mergeVaults, toHocon, type ConfigObject, type MergeResult } from '../config';
import type { PreviewContext, ThisVault } from './model';
import { maskValue } from './mask';

export interface EffectiveDiff {
  before: string;
  after: string;
  /** Leaf paths whose value differs. */
  changed: number;
}

function merge(ctx: PreviewContext, self: ThisVault | undefined): MergeResult {
  const inputs = ctx.others
    .map((o, i) => ({ o, i }))
    .filter(({ o }) => o.enabled)
    .map(({ o, i }) => ({ i, input: { name: `${i}:${o.name}`, format: o.format, text: o.text } }));
  const ordered = inputs.filter((x) => x.i < ctx.position).map((x) => x.input);
  if (self) ordered.push({ name: `this:${self.name}`, format: self.format, text: self.text });
  ordered.push(...inputs.filter((x) => x.i >= ctx.position).map((x) => x.input));
  try {
    return mergeVaults(ctx.base.text, ordered, { env: ctx.env, baseFilename: ctx.base.file || 'clearml.conf' });
  } catch (e) {
    if (!(e instanceof ConfigParseError)) throw e;
    return mergeVaults('', ordered, { env: ctx.env });
  }
}

function header(ctx: PreviewContext, self: ThisVault | undefined): string {
  const layers = [ctx.base.file || '(no clearml.conf)'];
  ctx.others.forEach((o, i) => {
    if (i === ctx.position && self) layers.push(`${self.name} (this vault)`);
    if (o.enabled) layers.push(o.name);
  });
  if (ctx.position >= ctx.others.length && self) layers.push(`${self.name} (this vault)`);
  return `# Effective ClearML configuration ${self ? 'WITH' : 'WITHOUT'} this vault (secrets masked)\n# Layers: ${layers.join(' → ')}\n`;
}

function countChanged(a: ConfigObject, b: ConfigObject): number {
  let n = 0;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    const x = a[k];
    const y = b[k];
    const xo = x !== null && typeof x === 'object' && !Array.isArray(x);
    const yo = y !== null && typeof y === 'object' && !Array.isArray(y);
    if (xo && yo) n += countChanged(x as ConfigObject, y as ConfigObject);
    else if (JSON.stringify(x) !== JSON.stringify(y)) n++;
  }
  return n;
}

export function effectiveDiff(ctx: PreviewContext, self: ThisVault): EffectiveDiff {
  const before = merge(ctx, undefined).config;
  const after = merge(ctx, self).config;
  const masked = (c: ConfigObject) => maskValue(c, undefined).value as ConfigObject;
  return {
    before: header(ctx, undefined) + toHocon(masked(before)),
    after: header(ctx, self) + toHocon(masked(after)),
    changed: countChanged(before, after),
  };
}
