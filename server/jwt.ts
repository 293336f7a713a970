/** HS256 JWTs with the real server's claim set (apiserver/bll/auth/__init__.py get_token_for_user). */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface Identity { user: string; company: string; role: string; user_name: string; company_name: string }

export interface TokenPayload {
  identity: Identity;
  exp: number;
  iat: number;
  session_id: string;
  env: string;
  auth_type: 'Bearer';
  api_version: string;
  server_version: string;
  server_build: string;
  feature_set: string;
}

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

export function signToken(payload: TokenPayload, secret: string): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  const sig = createHmac('sha256', secret).update(`${HEADER}.${body}`).digest('base64url');
  return `${HEADER}.${body}.${sig}`;
}

/** The `reason` texts are PyJWT's, which the real server puts into "Invalid token (invalid jwt token): reason=…". */
export type VerifyResult = { ok: true; payload: TokenPayload } | { ok: false; reason: string };

export function verifyToken(token: string, secret: string, nowSec: number): VerifyResult {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'Not enough segments' };
  const [h, b, s] = parts;
  const expected = createHmac('sha256', secret).update(`${h}.${b}`).digest();
  let given: Buffer;
  try {
    given = Buffer.from(s, 'base64url');
  } catch {
    return { ok: false, reason: 'Invalid crypto padding' };
  }
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'Signature verification failed' };
  let payload: TokenPayload;
  try {
    payload = JSON.parse(Buffer.from(b, 'base64url').toString('utf8')) as TokenPayload;
  } catch {
    return { ok: false, reason: 'Invalid payload string' };
  }
  if (typeof payload.exp === 'number' && payload.exp <= nowSec) return { ok: false, reason: 'Signature has expired' };
  return { ok: true, payload };
}
