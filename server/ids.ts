/** Identifier and secret formats of the real server (apiserver/service_repo/auth/utils.py, database ids). */
import { randomBytes, randomInt } from 'node:crypto';

const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** 30 characters of A-Z0-9, like get_access_key(). */
export function newAccessKey(): string {
  let out = '';
  for (let i = 0; i < 30; i++) out += KEY_ALPHABET[randomInt(KEY_ALPHABET.length)];
  return out;
}

/** secrets.token_urlsafe(50): 67 chars of base64url; the real server re-draws when it starts with '-' or '_'. */
export function newSecretKey(): string {
  for (;;) {
    const s = randomBytes(50).toString('base64url');
    if (s[0] !== '-' && s[0] !== '_') return s;
  }
}

/** 32 lowercase hex chars, like database.utils.id(). */
export function newId(): string {
  return randomBytes(16).toString('hex');
}

/** ISO-8601 with microseconds and an explicit UTC offset, as the real server serialises datetimes. */
export function isoNow(date: Date = new Date()): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000+00:00');
}
