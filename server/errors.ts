/**
 * Result codes and messages as the real server builds them (apiserver/apierrors/errors.conf + base.py):
 * "<Capitalized default message> (<extra>)[: k=v, k2=v2]", HTTP status = result code.
 */

const DEFAULT_MESSAGES: Record<string, string> = {
  '400/0': 'bad request',
  '400/10': 'invalid object id',
  '400/11': 'missing required fields',
  '400/12': 'validation error',
  '400/16': 'invalid value for fields',
  '400/75': 'access key not found',
  '400/300': 'invalid user',
  '400/301': 'invalid user id',
  '400/305': 'Malformed key and/or value',
  '401/10': 'unauthorized (bad authentication header type)',
  '401/20': 'unauthorized (missing credentials)',
  '401/21': 'unauthorized (malformed credentials)',
  '401/22': 'unauthorized (invalid credentials)',
  '401/30': 'invalid token',
  '403/20': 'forbidden (not allowed for role)',
  '403/21': 'forbidden (modification not allowed)',
  '500/0': 'general server error',
};

/** Jinja's `capitalize`: first character upper case, the rest lower case. */
function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1).toLowerCase();
}

export class ApiFailure extends Error {
  constructor(readonly code: number, readonly subcode: number, message: string, readonly errorData: Record<string, unknown> = {}) {
    super(message);
  }
}

/** Builds the real-format message for code/subcode with an optional "(extra)" and ": k=v" suffix. */
export function apiError(code: number, subcode: number, extra?: string, data: Record<string, unknown> = {}): ApiFailure {
  const base = capitalize(DEFAULT_MESSAGES[`${code}/${subcode}`] ?? 'error');
  let msg = extra ? `${base} (${extra})` : base;
  // base.py _format_kwarg: collections as "(a, b)", everything else str().
  const pairs = Object.entries(data).map(([k, v]) => `${k}=${Array.isArray(v) ? `(${v.map(String).join(', ')})` : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`);
  if (pairs.length) msg += `: ${pairs.join(', ')}`;
  return new ApiFailure(code, subcode, msg, data);
}

export const errors = {
  missingField: (field: string) => apiError(400, 12, `error for field '${field}'. field is required!`),
  badType: (field: string, expected: string) => apiError(400, 12, `error for field '${field}'. value must be ${expected}`),
  noCredentials: () => apiError(401, 20),
  malformedCredentials: () => apiError(401, 21),
  invalidCredentials: () => apiError(401, 22, 'failed to locate provided credentials'),
  badAuthType: () => apiError(401, 10),
  /** The real server formats this one as "Invalid token (invalid jwt token): reason=…". */
  invalidJwt: (reason: string) => new ApiFailure(401, 30, `Invalid token (invalid jwt token): reason=${reason}`, { reason }),
  revokedToken: () => apiError(401, 30, 'revoked token'),
  endpointNotFound: (name: string, version: string) => new ApiFailure(404, 0, `Unable to find endpoint for name ${name} and version ${version}`),
};
