/**
 * Persisted data model of the local ClearML server. Mirrors what the real server keeps in its auth and backend
 * databases, reduced to what the settings extension touches. Plain JSON so it can be written to the --data file.
 */

export type Edition = 'opensource' | 'enterprise' | 'hosted';
export type Role = 'admin' | 'superuser' | 'user' | 'annotator';

export interface UserRecord {
  id: string;
  name: string;
  givenName?: string;
  familyName?: string;
  email?: string;
  avatar?: string | null;
  /** The user's own company (the "first company" of organization.get_user_companies). */
  company: string;
  created: string;
  createdInVersion?: string;
  preferences: Record<string, unknown>;
  /** Hosted: the workspace the web UI last switched to. */
  activeCompany?: string;
}

export interface CompanyRecord {
  id: string;
  name: string;
  ownerId: string;
  created: string;
  statsOption?: { enabled: boolean; enabledTime?: string; enabledVersion?: string; enabledUser?: string };
}

export interface MembershipRecord {
  userId: string;
  companyId: string;
  role: Role;
  joined: string;
}

export interface CredentialRecord {
  accessKey: string;
  secretKey: string;
  userId: string;
  companyId: string;
  label?: string;
  created: string;
  lastUsed?: string;
  lastUsedFrom?: string;
  /** Hosted/enterprise credential expiration (ISO), absent = never. */
  expires?: string;
}

/** An invitation link (organization.create_invite); valid 24 hours. */
export interface InviteRecord {
  id: string;
  companyId: string;
  invitedBy: string;
  created: string;
  expires: string;
  revoked?: boolean;
}

/** An e-mail address invited to a workspace (login.add_invites). */
export interface InvitedEmailRecord {
  email: string;
  companyId: string;
  invitedBy: string;
  invited: string;
  /** The link the inviter created just before (the web model's invite item carries its `emails[]`). */
  inviteId?: string;
}

export interface GatewayTokenRecord {
  id: string;
  userId: string;
  companyId: string;
  label?: string;
  /** Never returned after generation (like credential secrets). */
  token: string;
  created: string;
  expires: string;
}

export interface VaultRecord {
  id: string;
  companyId: string;
  /** Owner of a user-scope vault; undefined for group vaults. */
  userId?: string;
  group?: string;
  scope: 'user' | 'group' | string;
  type: string;
  format: string;
  enabled: boolean;
  data: string;
  description: string;
  lastUpdate: string;
}

export interface StateData {
  /** Bumped when the shape changes; a file with another version is rejected with a clear message. */
  schemaVersion: 1;
  /** HS256 signing secret for issued tokens (persisted so tokens survive a restart, like the real server). */
  tokenSecret: string;
  users: Record<string, UserRecord>;
  companies: Record<string, CompanyRecord>;
  memberships: MembershipRecord[];
  credentials: CredentialRecord[];
  invites: InviteRecord[];
  /** Absent in data files written before e-mail invitations existed. */
  invitedEmails?: InvitedEmailRecord[];
  gatewayTokens: GatewayTokenRecord[];
  vaults: VaultRecord[];
  /** session_id values of logged-out tokens. */
  revokedSessions: string[];
}
