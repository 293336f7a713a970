/** Request-model checks in the style of the real server's jsonmodels/pydantic models (400/12 validation error). */
import { apiError, errors } from '../errors';

type Body = Record<string, unknown>;

export function reqString(body: Body, field: string): string {
  const v = body[field];
  if (v === undefined || v === null) throw errors.missingField(field);
  if (typeof v !== 'string') throw errors.badType(field, 'a string');
  return v;
}
export function reqObject(body: Body, field: string): Record<string, unknown> {
  const v = body[field];
  if (v === undefined || v === null) throw errors.missingField(field);
  if (typeof v !== 'object' || Array.isArray(v)) throw errors.badType(field, 'an object');
  return v as Record<string, unknown>;
}
export function optString(body: Body, field: string): string | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw errors.badType(field, 'a string');
  return v;
}
export function optBool(body: Body, field: string): boolean | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw errors.badType(field, 'a boolean');
  return v;
}
export function optInt(body: Body, field: string, min?: number): number | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw errors.badType(field, 'an integer');
  if (min !== undefined && v < min) throw apiError(400, 12, `error for field '${field}'. value must be >= ${min}`);
  return v;
}
export function optStringList(body: Body, field: string): string[] | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  const list = Array.isArray(v) ? v : [v];
  if (!list.every((x) => typeof x === 'string')) throw errors.badType(field, 'a list of strings');
  return list as string[];
}

