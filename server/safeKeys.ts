/**
 * Keys that would reach Object.prototype when used as a path segment (`obj[seg] = …`). The real server is Python
 * and cannot be polluted this way; here every request key, dotted path segment and preference key is checked
 * before anything is assigned, so a request can never change the behaviour of other requests.
 */
import { apiError, type ApiFailure } from './errors';

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** The first forbidden segment of a dotted key, if any. */
export function forbiddenSegment(key: string): string | undefined {
  return key.split('.').find((part) => FORBIDDEN.has(part));
}

/** The first key (at any depth, dotted segments included) that is forbidden, as "path.to.key". */
export function findForbiddenKey(value: unknown, path = ''): string | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const entries: [string, unknown][] = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  for (const [key, child] of entries) {
    const here = path ? `${path}.${key}` : key;
    if (!Array.isArray(value) && forbiddenSegment(key)) return here;
    const below = findForbiddenKey(child, here);
    if (below) return below;
  }
  return undefined;
}

export function forbiddenKeyError(key: string): ApiFailure {
  return apiError(400, 12, `error for field '${key}'. the key names '__proto__', 'constructor' and 'prototype' are not allowed`);
}
