/**
 * What every endpoint module shares: the call context, the endpoint definition, version constants and the
 * identity helpers. Endpoints follow the open-source implementation (apiserver/services/*.py, apimodels/*.py)
 * where one exists; hosted-only ones follow src/core/api/hosted-endpoints.ts.
 */
import { apiError, errors } from '../errors';
import type { Identity } from '../jwt';
import type { Edition, UserRecord } from '../model';
import type { ServerState } from '../state';

export const SERVER_VERSION = '2.3.0';
export const API_VERSION = '2.34';
export const MAX_EXPIRATION_SEC = 31_536_000;
export const DEFAULT_EXPIRATION_SEC = 2_592_000;
/** Hosted: keys one user may hold over all workspaces (announced as auth.get_credentials `max_credentials`). */
export const DEFAULT_MAX_CREDENTIALS = 10;
/** Hosted: seats of a workspace (organization.create_invite `allowed_users`). */
export const WORKSPACE_SEATS = 20;

export const ALL: Edition[] = ['opensource', 'enterprise', 'hosted'];
export const PAID: Edition[] = ['enterprise', 'hosted'];
export const HOSTED: Edition[] = ['hosted'];

/** Roles that may change other users' records and workspace settings (apiserver/database/model/auth.py Role). */
export const ADMIN_ROLES = new Set(['admin', 'root', 'system']);

export interface CallContext {
  state: ServerState;
  edition: Edition;
  body: Record<string, unknown>;
  /** Undefined only on endpoints with optional/no authorization. Already moved to the tenant's workspace. */
  identity?: Identity;
  /** 'Basic' | 'Bearer' when authenticated. */
  authType?: 'Basic' | 'Bearer';
  sessionId?: string;
  maxCredentials: number;
  /** Issues a token for an identity (auth.login, leave). */
  issueToken(identity: Identity, expirationSec?: number): string;
  /** The identity of `userId` acting in `companyId` (role from that membership). */
  identityFor(userId: string, companyId: string): Identity;
  revokeSession(sessionId: string): void;
}

export interface EndpointDef {
  /** Minimal API version (from the schema files); a lower requested version gets 404/0 like the real server. */
  minVersion: string;
  /** true: must authenticate; false: never checked; null: optional (login.supported_modes). */
  authorize: boolean | null;
  editions: Edition[];
  /** Whether the call changes persisted state (the reply waits until it is on disk). */
  mutates?: boolean;
  handler(ctx: CallContext): unknown;
}

export type EndpointTable = Record<string, EndpointDef>;

export function who(ctx: CallContext): Identity {
  if (!ctx.identity) throw errors.noCredentials();
  return ctx.identity;
}

export function currentUser(ctx: CallContext): UserRecord {
  const id = who(ctx);
  const user = ctx.state.user(id.user);
  if (!user) throw apiError(400, 300, 'failed loading user', { user: id.user });
  return user;
}

export function requireMember(ctx: CallContext, companyId: string): void {
  if (!ctx.state.membership(who(ctx).user, companyId)) throw apiError(403, 20, 'not a member of this workspace', { company: companyId });
}
