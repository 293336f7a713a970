/**
 * The local server's token expiry. RFC 7519 §4.1.4: exp is the time "on or after which the JWT MUST NOT be accepted";
 * PyJWT, which the real apiserver verifies tokens with, refuses `exp <= now - leeway` (jwt/api_jwt.py,
 * PyJWT._validate_exp, leeway 0 there). So a token is valid up to the second before exp and expired AT exp.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { signToken, verifyToken, type TokenPayload } from '../../../server/jwt';

const SECRET = 'test-secret';
const EXP = 1_800_000_000;
const payload: TokenPayload = {
  identity: { user: 'u', company: 'c', role: 'user', user_name: 'U', company_name: 'C' },
  exp: EXP, iat: EXP - 3600, session_id: 's', env: 'local', auth_type: 'Bearer', api_version: '2.31', server_version: '2.3.0', server_build: 'local', feature_set: 'basic',
};
const token = signToken(payload, SECRET);

test('a token is accepted up to the second before exp', () => {
  const result = verifyToken(token, SECRET, EXP - 1);
  assert.equal(result.ok, true);
  assert.deepEqual(result.ok && result.payload, payload);
});

test('a token is expired exactly at exp ("on or after"), and after it', () => {
  assert.deepEqual(verifyToken(token, SECRET, EXP), { ok: false, reason: 'Signature has expired' });
  assert.deepEqual(verifyToken(token, SECRET, EXP + 1), { ok: false, reason: 'Signature has expired' });
});

test('a token signed with another secret, or altered, is refused before its claims are read', () => {
  assert.deepEqual(verifyToken(signToken(payload, 'other'), SECRET, EXP - 1), { ok: false, reason: 'Signature verification failed' });
  const [h, , s] = token.split('.');
  const forged = Buffer.from(JSON.stringify({ ...payload, exp: EXP + 10_000 })).toString('base64url');
  assert.deepEqual(verifyToken(`${h}.${forged}.${s}`, SECRET, EXP), { ok: false, reason: 'Signature verification failed' });
  assert.deepEqual(verifyToken('a.b', SECRET, 0), { ok: false, reason: 'Not enough segments' });
});
