/**
 * users.* (apiserver/services/users.py): the current user, name updates, web-UI preferences and the member list.
 */
import { ApiFailure, apiError } from '../errors';
import { matchNames } from '../nameFilter';
import { forbiddenKeyError, forbiddenSegment } from '../safeKeys';
import { ADMIN_ROLES, ALL, currentUser, who, type CallContext, type EndpointTable } from './context';
import { optBool, optInt, optString, optStringList, reqObject, reqString } from './validate';

function checkPreferenceKeys(prefs: Record<string, unknown>): void {
  const visit = (obj: Record<string, unknown>, topLevel: boolean): void => {
    for (const [key, value] of Object.entries(obj)) {
      if (key.startsWith('$') || (!topLevel && key.includes('.'))) throw invalidPreferenceKey(key);
      if (value && typeof value === 'object' && !Array.isArray(value)) visit(value as Record<string, unknown>, false);
    }
  };
  visit(prefs, true);
}

/** users.py set_preferences `invalid_key` (message text as in the server source). */
export function invalidPreferenceKey(key: string): ApiFailure {
  return apiError(400, 16, `Key ${key} is invalid. Keys cannot start with '$' or contain '.'.`);
}

/** dpath.new: places `value` at the dotted path, creating objects; a non-object on the way is 400/305. */
function setAtPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const fail = (): ApiFailure => apiError(400, 305, undefined, { key: path, value: typeof value === 'string' ? value : JSON.stringify(value) });
  if (forbiddenSegment(path)) throw forbiddenKeyError(path);
  const parts = path.split('.');
  let node: Record<string, unknown> = target;
  for (let i = 0; i < parts.length - 1; i++) {
    const next = node[parts[i]];
    if (next === undefined) {
      node[parts[i]] = {};
    } else if (next === null || typeof next !== 'object' || Array.isArray(next)) {
      throw fail();
    }
    node = node[parts[i]] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]] = value;
}


export function userEndpoints(): EndpointTable {
  const E: EndpointTable = {};

  E['users.get_current_user'] = {
    minVersion: '2.1', authorize: true, editions: ALL,
    handler: (ctx) => {
      const id = who(ctx);
      const user = currentUser(ctx);
      const company = ctx.state.company(id.company);
      const out: Record<string, unknown> = {
        id: user.id,
        name: user.name,
        given_name: user.givenName,
        family_name: user.familyName,
        avatar: user.avatar ?? null,
        company: { id: id.company, name: company?.name ?? id.company_name },
        role: id.role,
        created: user.created,
        created_in_version: user.createdInVersion,
      };
      // The open-source server has no e-mail on the user document; hosted shows it (web profile-name component).
      if (ctx.edition !== 'opensource' && user.email) out.email = user.email;
      for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
      return {
        user: out,
        getting_started: { agentName: 'clearml', configure: 'clearml-init', install: 'pip install clearml', packageName: 'clearml' },
        settings: { max_download_items: 1000 },
      };
    },
  };

  E['users.update'] = {
    minVersion: '2.1', authorize: true, editions: ALL, mutates: true,
    handler: (ctx) => {
      const id = who(ctx);
      const userId = reqString(ctx.body, 'user');
      const target = ctx.state.user(userId);
      if (!target || !ctx.state.membership(userId, id.company)) throw apiError(400, 301, undefined, { id: userId });
      if (userId !== id.user && !ADMIN_ROLES.has(id.role)) throw apiError(403, 21, 'only administrators can update other users', { user: userId });
      const fields: Record<string, string> = {};
      const apply = (field: string, prop: 'name' | 'givenName' | 'familyName'): void => {
        const v = optString(ctx.body, field);
        if (v !== undefined && v !== target[prop]) {
          target[prop] = v;
          fields[field] = v;
        }
      };
      apply('name', 'name');
      apply('given_name', 'givenName');
      apply('family_name', 'familyName');
      return { updated: Object.keys(fields).length ? 1 : 0, fields };
    },
  };

  E['users.get_preferences'] = {
    minVersion: '2.1', authorize: true, editions: ALL,
    handler: (ctx) => ({ preferences: currentUser(ctx).preferences ?? {} }),
  };

  E['users.set_preferences'] = {
    minVersion: '2.1', authorize: true, editions: ALL, mutates: true,
    handler: (ctx) => {
      const user = currentUser(ctx);
      const prefs = reqObject(ctx.body, 'preferences');
      const returnUpdated = optBool(ctx.body, 'return_updated') ?? true;
      checkPreferenceKeys(prefs);
      const next = structuredClone(user.preferences ?? {});
      for (const [key, value] of Object.entries(prefs)) setAtPath(next, key, value);
      const changed = JSON.stringify(next) !== JSON.stringify(user.preferences ?? {});
      if (changed) user.preferences = next;
      return { updated: changed ? 1 : 0, fields: changed && returnUpdated ? { preferences: next } : {} };
    },
  };

  const listUsers = (ctx: CallContext, joinCompany: boolean): unknown => {
    const id = who(ctx);
    const b = ctx.body;
    const nameRe = optString(b, 'name');
    const ids = optStringList(b, 'id');
    const page = optInt(b, 'page', 0);
    const pageSize = optInt(b, 'page_size', 1);
    const orderBy = optStringList(b, 'order_by') ?? [];
    const onlyFields = optStringList(b, 'only_fields');
    let users = ctx.state.membersOf(id.company);
    if (nameRe !== undefined) {
      const matches = matchNames(nameRe, users.map((u) => u.name));
      users = users.filter((_, i) => matches[i]);
    }
    if (ids) users = users.filter((u) => ids.includes(u.id));
    for (const field of [...orderBy].reverse()) {
      const desc = field.startsWith('-');
      const f = (desc ? field.slice(1) : field) as 'name' | 'created' | 'id';
      users = [...users].sort((a, b2) => String(a[f] ?? '').localeCompare(String(b2[f] ?? '')) * (desc ? -1 : 1));
    }
    if (page !== undefined || pageSize !== undefined) {
      const size = pageSize ?? 500;
      users = users.slice((page ?? 0) * size, (page ?? 0) * size + size);
    }
    const company = ctx.state.company(id.company);
    const rows = users.map((u) => {
      const row: Record<string, unknown> = {
        id: u.id, name: u.name, given_name: u.givenName, family_name: u.familyName, avatar: u.avatar ?? null,
        company: joinCompany ? { id: id.company, name: company?.name } : id.company, created: u.created,
      };
      if (ctx.edition !== 'opensource') {
        row.email = u.email;
        row.role = ctx.state.membership(u.id, id.company)?.role;
      }
      for (const k of Object.keys(row)) if (row[k] === undefined) delete row[k];
      if (onlyFields) {
        const keep = new Set(onlyFields.map((f) => f.split('.')[0]).concat('id'));
        for (const k of Object.keys(row)) if (!keep.has(k)) delete row[k];
      }
      return row;
    });
    return { users: rows };
  };
  E['users.get_all_ex'] = { minVersion: '2.1', authorize: true, editions: ALL, handler: (ctx) => listUsers(ctx, true) };
  E['users.get_all'] = { minVersion: '2.1', authorize: true, editions: ALL, handler: (ctx) => listUsers(ctx, false) };

  return E;
}
