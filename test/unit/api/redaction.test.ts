/** No secret (secret key, Basic value, token, created secrets, gateway tokens) in any log line, error message or stack. */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { startServer } from '../../../server/index';
import { REDACTED, Redactor, redact } from '../../../src/core/api/index';
import { DEMO, JANE_BASIC, captureLog, client } from './helpers';

describe('redaction', () => {
  test('everything the client logs or throws across a full session is free of secrets', async () => {
    const srv = await startServer({ port: 0, edition: 'hosted' });
    const log = captureLog();
    const errors: unknown[] = [];
    const secrets = new Set<string>([DEMO.signIn.secretKey, JANE_BASIC.slice('Basic '.length)]);
    const c = client(srv, { logger: log.logger, retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 2 }, timeoutMs: 300 });
    const attempt = async (fn: () => Promise<unknown>): Promise<void> => {
      try {
        await fn();
      } catch (e) {
        errors.push(e);
      }
      if (c.session.current) secrets.add(c.session.current);
    };
    try {
      await attempt(() => c.getCurrentUser());
      await attempt(async () => { const k = await c.createCredentials('redaction'); secrets.add(k.secretKey); });
      await attempt(async () => { const g = await c.hosted.generateGatewayToken('redaction', 1); secrets.add(g.token); });
      const token = c.session.current as string;
      // A server (or proxy) that echoes secrets back in its error text:
      srv.faults.set('auth.get_credentials', { error: { code: 500, message: `failed: secret_key=${DEMO.signIn.secretKey} Authorization: Bearer ${token} raw ${token}` } });
      await attempt(() => c.getCredentials());
      srv.faults.set('users.get_current_user', { html502: true });
      await attempt(() => c.getCurrentUser());
      srv.faults.set('users.get_current_user', { latencyMs: 1_000 });
      await attempt(() => c.getCurrentUser());
      srv.faults.clear();
      srv.state.data.tokenSecret = 'rotated-to-force-a-401-30-and-relogin';
      await attempt(() => c.getCurrentUser());
      const wrong = client(srv, { secretKey: `${DEMO.signIn.secretKey}-wrong`, logger: log.logger });
      secrets.add(`${DEMO.signIn.secretKey}-wrong`);
      await attempt(() => wrong.getCurrentUser());
    } finally {
      await srv.close();
    }
    assert.ok(errors.length >= 4, `expected several failures, got ${errors.length}`);
    assert.ok(log.lines.length >= 10);
    const haystack = [
      ...log.lines,
      ...errors.flatMap((e) => [String(e), (e as Error).stack ?? '', inspect(e, { depth: 5 }), JSON.stringify(e)]),
    ].join('\n');
    for (const s of secrets) assert.ok(!haystack.includes(s), `secret leaked: ${s.slice(0, 6)}…`);
    assert.ok(haystack.includes(REDACTED), 'the echoed secrets were replaced, not dropped silently');
    assert.ok(!/Bearer ey/.test(haystack) && !/Basic [A-Za-z0-9+/]{20}/.test(haystack));
  });

  test('pattern layer: Authorization headers, Basic/Bearer values, JWTs and secret-named fields', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abcDEF123_-';
    const cases: [string, RegExp][] = [
      [`Authorization: Bearer ${jwt}`, /^Authorization: <redacted>$/],
      ['authorization=Basic QUJDOkRFRkdISUpL', /^authorization=<redacted>$/],
      [`token is ${jwt} ok`, /^token is <redacted> ok$/],
      ['{"secret_key": "abc\\"def", "access_key": "AKEY"}', /^\{"secret_key": "<redacted>", "access_key": "AKEY"\}$/],
      ['secret: hunter2hunter2', /^secret: "<redacted>"$/],
      ['url?token=abcdef123&x=1', /^url\?token="<redacted>"&x=1$/],
      ['CLEARML_API_SECRET_KEY=s3cr3tvalue', /^CLEARML_API_SECRET_KEY="<redacted>"$/],
    ];
    for (const [input, expected] of cases) assert.match(redact(input), expected, input);
    assert.equal(redact('Invalid token (invalid jwt token): reason=Signature has expired'), 'Invalid token (invalid jwt token): reason=Signature has expired', 'server messages about tokens stay readable');
    assert.equal(redact('Basic authentication (fixed users mode) enabled'), 'Basic authentication (fixed users mode) enabled');
    assert.equal(redact('sent Basic QUJDREVGOkdISUpLTE1O to the server'), `sent Basic ${REDACTED} to the server`);
    assert.equal(redact(`access_key=ABCDEF0123 label=laptop`), 'access_key=ABCDEF0123 label=laptop', 'access keys are not secrets');
  });

  test('known-value layer: registered secrets are removed anywhere, short strings are ignored', () => {
    const r = new Redactor();
    r.addSecret('plain-secret-value-123');
    r.addSecret('short');
    assert.equal(r.redact('x plain-secret-value-123 y short'), `x ${REDACTED} y short`);
  });
});
