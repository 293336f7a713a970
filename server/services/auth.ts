/**
 * auth.* (apiserver/services/auth.py): login/logout and app credentials. Hosted additions seen in the web app's
 * models: `additional_credentials` (the user's keys in other workspaces, by workspace id), `max_credentials`
 * and a per-key `expire`.
 */
import { apiError } from '../errors';
import { isoNow, newAccessKey, newSecretKey } from '../ids';
import type { CredentialRecord, Edition } from '../model';
import { ALL, MAX_EXPIRATION_SEC, who, type EndpointTable } from './context';
import { optInt, optString, reqString } from './validate';

function credentialView(c: CredentialRecord, edition: Edition): Record<string, unknown> {
  const out: Record<string, unknown> = { access_key: c.accessKey };
  if (c.label !== undefined) out.label = c.label;
  if (c.lastUsed) out.last_used = c.lastUsed;
  if (c.lastUsedFrom) out.last_used_from = c.lastUsedFrom;
  if (edition !== 'opensource' && c.expires) out.expire = c.expires;
  return out;
}

const logout: EndpointTable[string]['handler'] = (ctx) => {
  if (ctx.sessionId) ctx.revokeSession(ctx.sessionId);
  return {};
};

export const authEndpoints: EndpointTable = {
  'auth.login': {
    minVersion: '2.1', authorize: true, editions: ALL,
    handler: (ctx) => {
      const requested = optInt(ctx.body, 'expiration_sec');
      if (requested !== undefined && requested > MAX_EXPIRATION_SEC) {
        throw apiError(400, 12, `error for field 'expiration_sec'. value must be <= ${MAX_EXPIRATION_SEC}`);
      }
      ctx.state.counters.logins++;
      return { token: ctx.issueToken(who(ctx), requested) };
    },
  },

  'auth.logout': { minVersion: '2.2', authorize: true, editions: ALL, mutates: true, handler: logout },

  'auth.fixed_users_mode': {
    minVersion: '2.1', authorize: false, editions: ALL,
    handler: () => ({ enabled: false, guest: { enabled: false }, server_errors: { missed_es_upgrade: false, es_connection_error: false } }),
  },

  'auth.create_credentials': {
    minVersion: '2.1', authorize: true, editions: ALL, mutates: true,
    handler: (ctx) => {
      const id = who(ctx);
      const label = optString(ctx.body, 'label');
      if (ctx.edition === 'hosted') {
        const held = ctx.state.data.credentials.filter((c) => c.userId === id.user).length;
        if (held >= ctx.maxCredentials) throw apiError(400, 0, 'maximum number of credentials reached', { max_credentials: ctx.maxCredentials });
      }
      const rec: CredentialRecord = { accessKey: newAccessKey(), secretKey: newSecretKey(), userId: id.user, companyId: id.company, created: isoNow() };
      if (label !== undefined) rec.label = label;
      ctx.state.data.credentials.push(rec);
      const credentials: Record<string, unknown> = { access_key: rec.accessKey, secret_key: rec.secretKey };
      if (label !== undefined) credentials.label = label;
      return { credentials };
    },
  },

  'auth.get_credentials': {
    minVersion: '2.1', authorize: true, editions: ALL,
    handler: (ctx) => {
      const id = who(ctx);
      const mine = ctx.state.data.credentials.filter((c) => c.userId === id.user);
      const out: Record<string, unknown> = {
        credentials: mine.filter((c) => c.companyId === id.company).map((c) => credentialView(c, ctx.edition)),
      };
      if (ctx.edition === 'hosted') {
        const additional: Record<string, unknown[]> = {};
        for (const c of mine) {
          if (c.companyId !== id.company) (additional[c.companyId] ??= []).push(credentialView(c, ctx.edition));
        }
        out.additional_credentials = additional;
        out.max_credentials = ctx.maxCredentials;
      }
      return out;
    },
  },

  'auth.edit_credentials': {
    minVersion: '2.19', authorize: true, editions: ALL, mutates: true,
    handler: (ctx) => {
      const id = who(ctx);
      const key = reqString(ctx.body, 'access_key');
      const label = optString(ctx.body, 'label');
      const rec = ctx.state.data.credentials.find((c) => c.accessKey === key && c.userId === id.user && c.companyId === id.company);
      // Same extra text and kwargs as apiserver/services/auth.py edit_credentials.
      if (!rec) throw apiError(400, 75, 'invalid user or invalid access key', { user: id.user, access_key: key, company: id.company });
      if (label === undefined) delete rec.label;
      else rec.label = label;
      return { updated: 1 };
    },
  },

  'auth.revoke_credentials': {
    minVersion: '2.1', authorize: true, editions: ALL, mutates: true,
    handler: (ctx) => {
      const id = who(ctx);
      const key = reqString(ctx.body, 'access_key');
      const list = ctx.state.data.credentials;
      const idx = list.findIndex((c) => c.accessKey === key && c.userId === id.user && c.companyId === id.company);
      // Same extra text and kwargs (the Mongo query) as apiserver/services/auth.py revoke_credentials.
      if (idx < 0) throw apiError(400, 300, 'invalid user or invalid access key', { id: id.user, company: id.company, credentials__key: key });
      list.splice(idx, 1);
      return { revoked: 1 };
    },
  },
};

export { logout };
