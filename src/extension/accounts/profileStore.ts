/**
 * Where profiles live: non-secret fields in `globalState` (never synced to other machines), secret keys only in
 * `SecretStorage`. Both are shared by every window of this VS Code, so the store also reports changes made by
 * another window (SecretStorage raises an event; globalState does not, hence `reloadIfChanged` on window focus).
 */
import * as vscode from 'vscode';
import type { Profile } from '../services';

/** Credentials this profile holds for one workspace (ClearML keys belong to exactly one workspace). */
export interface WorkspaceKey { accessKey: string; workspaceName?: string }

export interface StoredProfile extends Profile {
  userId: string;
  userName?: string;
  verifyCertificate?: boolean;
  /** Workspace id → the key used there. `accessKey`/`workspaceId` of the profile are the ones in use now. */
  workspaceKeys: Record<string, WorkspaceKey>;
}

interface StoredState {
  /** Bumped on every write so other windows can tell that something changed. */
  revision: number;
  activeId?: string;
  profiles: StoredProfile[];
}

export const STATE_KEY = 'clearml.accounts.v1';
const SECRET_PREFIX = 'clearml.secret:';

export function secretKeyName(profileId: string, accessKey: string): string {
  return `${SECRET_PREFIX}${profileId}:${accessKey}`;
}

/** Profile id of a secret storage key, or undefined if the key is not ours. */
export function profileIdOfSecret(key: string): string | undefined {
  if (!key.startsWith(SECRET_PREFIX)) return undefined;
  return key.slice(SECRET_PREFIX.length).split(':')[0];
}

export class ProfileStore {
  private state: StoredState;

  constructor(private readonly memento: vscode.Memento & { setKeysForSync(keys: readonly string[]): void }, private readonly secrets: vscode.SecretStorage) {
    // Profiles describe this machine's logins; syncing them elsewhere without their secrets would only confuse.
    memento.setKeysForSync([]);
    this.state = this.read();
  }

  private read(): StoredState {
    const raw = this.memento.get<StoredState>(STATE_KEY);
    if (!raw || !Array.isArray(raw.profiles)) return { revision: 0, profiles: [] };
    return { revision: raw.revision ?? 0, activeId: raw.activeId, profiles: raw.profiles.map((p) => ({ ...p, workspaceKeys: p.workspaceKeys ?? {} })) };
  }

  get revision(): number { return this.state.revision; }
  get activeId(): string | undefined { return this.state.activeId; }
  list(): StoredProfile[] { return this.state.profiles.map((p) => ({ ...p, workspaceKeys: { ...p.workspaceKeys } })); }
  get(id: string): StoredProfile | undefined { return this.list().find((p) => p.id === id); }

  /** True when another window wrote since we last read. */
  reloadIfChanged(): boolean {
    const fresh = this.read();
    if (fresh.revision === this.state.revision) return false;
    this.state = fresh;
    return true;
  }

  async save(profile: StoredProfile, secretKey?: string): Promise<void> {
    if (secretKey !== undefined) await this.secrets.store(secretKeyName(profile.id, profile.accessKey), secretKey);
    const others = this.state.profiles.filter((p) => p.id !== profile.id);
    await this.write({ ...this.state, profiles: [...others, profile] });
  }

  async setActive(id: string | undefined): Promise<void> {
    await this.write({ ...this.state, activeId: id });
  }

  async secret(profile: Profile, accessKey = profile.accessKey): Promise<string | undefined> {
    return this.secrets.get(secretKeyName(profile.id, accessKey));
  }

  async forgetKey(profile: StoredProfile, accessKey: string): Promise<void> {
    await this.secrets.delete(secretKeyName(profile.id, accessKey));
  }

  /** Removes the profile and every secret it held. */
  async remove(id: string): Promise<void> {
    const profile = this.state.profiles.find((p) => p.id === id);
    if (!profile) return;
    const keys = new Set([profile.accessKey, ...Object.values(profile.workspaceKeys).map((k) => k.accessKey)]);
    for (const key of keys) await this.secrets.delete(secretKeyName(id, key));
    await this.write({ ...this.state, activeId: this.state.activeId === id ? undefined : this.state.activeId, profiles: this.state.profiles.filter((p) => p.id !== id) });
  }

  private async write(next: StoredState): Promise<void> {
    // Re-read first: another window may have written since; keep its revision monotonic.
    const current = this.read();
    this.state = { ...next, revision: Math.max(current.revision, this.state.revision) + 1 };
    await this.memento.update(STATE_KEY, this.state);
  }
}
