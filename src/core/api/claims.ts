/** Reads the claims of a ClearML JWT without verifying it (the client has no key; the server verifies). */
import type { TokenClaims } from './types';

interface RawClaims {
  identity?: { user?: string; company?: string; role?: string; user_name?: string; company_name?: string };
  exp?: number;
  iat?: number;
  api_version?: string;
  server_version?: string;
  feature_set?: string;
}

export function decodeClaims(token: string): TokenClaims {
  const parts = token.split('.');
  if (parts.length < 2) throw new Error('the server returned a token that is not a JWT');
  let raw: RawClaims;
  try {
    raw = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as RawClaims;
  } catch {
    throw new Error('the server returned a token whose claims are not JSON');
  }
  const id = raw.identity ?? {};
  if (!id.user || !id.company || typeof raw.exp !== 'number') throw new Error('the server returned a token without identity or expiry claims');
  return {
    userId: id.user,
    userName: id.user_name,
    companyId: id.company,
    companyName: id.company_name,
    role: id.role,
    exp: raw.exp,
    iat: raw.iat,
    apiVersion: raw.api_version,
    serverVersion: raw.server_version,
    featureSet: raw.feature_set,
  };
}
