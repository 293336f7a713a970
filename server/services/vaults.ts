/**
 * Configuration vaults (enterprise; documented in clearml-docs admin_vaults.md): users.get_vaults,
 * users.add_or_update_vault, users.delete_vaults. Personal vaults are scope "user"; group vaults are admin-only.
 */
import { apiError, errors } from '../errors';
import { isoNow, newId } from '../ids';
import type { VaultRecord } from '../model';
import { PAID, who, type CallContext, type EndpointTable } from './context';
import { optBool, optString, optStringList, reqObject } from './validate';

function vaultView(v: VaultRecord): Record<string, unknown> {
  return { id: v.id, data: v.data, description: v.description, enabled: v.enabled, format: v.format, scope: v.scope, type: v.type, last_update: v.lastUpdate };
}

export function vaultEndpoints(): EndpointTable {
  const E: EndpointTable = {};

  const visibleVaults = (ctx: CallContext): VaultRecord[] => {
    const id = who(ctx);
    return ctx.state.data.vaults.filter((v) => v.companyId === id.company && (v.scope !== 'user' || v.userId === id.user));
  };
  const canWrite = (ctx: CallContext, v: { scope: string; userId?: string }): boolean => {
    const id = who(ctx);
    return v.scope === 'user' ? v.userId === undefined || v.userId === id.user : id.role === 'admin';
  };

  E['users.get_vaults'] = {
    minVersion: '2.15', authorize: true, editions: PAID,
    handler: (ctx) => {
      const enabled = optBool(ctx.body, 'enabled');
      const types = optStringList(ctx.body, 'types');
      let list = visibleVaults(ctx);
      if (enabled !== undefined) list = list.filter((v) => v.enabled === enabled);
      if (types && types.length) list = list.filter((v) => types.includes(v.type));
      return { vaults: list.map(vaultView) };
    },
  };

  E['users.add_or_update_vault'] = {
    minVersion: '2.15', authorize: true, editions: PAID, mutates: true,
    handler: (ctx) => {
      const id = who(ctx);
      const v = reqObject(ctx.body, 'vault');
      const vaultId = optString(v, 'id');
      const scope = optString(v, 'scope') ?? 'user';
      const format = optString(v, 'format') ?? 'hocon';
      if (!['hocon', 'json', 'yaml'].includes(format)) throw apiError(400, 12, `error for field 'format'. value must be one of hocon, json, yaml`);
      const data = optString(v, 'data') ?? '';
      const enabled = optBool(v, 'enabled');
      const type = optString(v, 'type') ?? 'config';
      const description = optString(v, 'description');
      if (vaultId) {
        const rec = visibleVaults(ctx).find((x) => x.id === vaultId);
        if (!rec) throw apiError(400, 10, 'vault not found', { id: vaultId });
        if (!canWrite(ctx, rec)) throw apiError(403, 21, 'only administrators can change group vaults');
        Object.assign(rec, { data, format, type, lastUpdate: isoNow() });
        if (enabled !== undefined) rec.enabled = enabled;
        if (description !== undefined) rec.description = description;
        return { vault: rec.id };
      }
      if (!canWrite(ctx, { scope })) throw apiError(403, 21, 'only administrators can change group vaults');
      const rec: VaultRecord = {
        id: newId(), companyId: id.company, scope, type, format, enabled: enabled ?? true, data, description: description ?? '', lastUpdate: isoNow(),
      };
      if (scope === 'user') rec.userId = id.user;
      else rec.group = optString(ctx.body, 'group');
      ctx.state.data.vaults.push(rec);
      return { vault: rec.id };
    },
  };

  E['users.delete_vaults'] = {
    minVersion: '2.15', authorize: true, editions: PAID, mutates: true,
    handler: (ctx) => {
      const ids = optStringList(ctx.body, 'vaults');
      if (!ids) throw errors.missingField('vaults');
      const visible = visibleVaults(ctx).filter((v) => ids.includes(v.id));
      const denied = visible.find((v) => !canWrite(ctx, v));
      if (denied) throw apiError(403, 21, 'only administrators can change group vaults', { id: denied.id });
      const doomed = new Set(visible.map((v) => v.id));
      ctx.state.data.vaults = ctx.state.data.vaults.filter((v) => !doomed.has(v.id));
      return { deleted: doomed.size };
    },
  };

  return E;
}
