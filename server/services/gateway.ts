/**
 * AI application gateway tokens. The endpoint names and shapes are ASSUMPTIONS (no public trace; see
 * src/core/api/hosted-endpoints.ts). The token itself is returned only by generation, like a credential secret.
 */
import { HOSTED_ENDPOINTS as H } from '../../src/core/api/hosted-endpoints';
import { apiError, errors } from '../errors';
import { isoNow, newId, newSecretKey } from '../ids';
import { PAID, who, type EndpointTable } from './context';
import { optInt, optString, reqString } from './validate';

export function gatewayEndpoints(): EndpointTable {
  const E: EndpointTable = {};

  const tokenView = (t: { id: string; label?: string; created: string; expires: string }): Record<string, unknown> => ({ id: t.id, label: t.label, created: t.created, expires: t.expires });

  E[H.generateGatewayToken] = {
    minVersion: '2.1', authorize: true, editions: PAID, mutates: true,
    handler: (ctx) => {
      const id = who(ctx);
      const label = optString(ctx.body, 'label');
      const days = optInt(ctx.body, 'expiration_days', 1);
      if (days === undefined) throw errors.missingField('expiration_days');
      if (days > 365) throw apiError(400, 12, `error for field 'expiration_days'. value must be <= 365`);
      const created = new Date();
      const rec = { id: newId(), userId: id.user, companyId: id.company, label, token: `gw_${newSecretKey()}`, created: isoNow(created), expires: isoNow(new Date(created.getTime() + days * 86400_000)) };
      ctx.state.data.gatewayTokens.push(rec);
      return { token: rec.token, ...tokenView(rec) };
    },
  };

  E[H.getGatewayTokens] = {
    minVersion: '2.1', authorize: true, editions: PAID,
    handler: (ctx) => {
      const id = who(ctx);
      return { tokens: ctx.state.data.gatewayTokens.filter((t) => t.userId === id.user && t.companyId === id.company).map(tokenView) };
    },
  };

  E[H.revokeGatewayToken] = {
    minVersion: '2.1', authorize: true, editions: PAID, mutates: true,
    handler: (ctx) => {
      const id = who(ctx);
      const tokenId = reqString(ctx.body, 'id');
      const list = ctx.state.data.gatewayTokens;
      const idx = list.findIndex((t) => t.id === tokenId && t.userId === id.user && t.companyId === id.company);
      if (idx < 0) throw apiError(400, 10, 'gateway token not found', { id: tokenId });
      list.splice(idx, 1);
      return { revoked: 1 };
    },
  };

  return E;
}
