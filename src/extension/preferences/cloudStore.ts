/**
 * The extension's own copy of the web UI's browser cloud-storage access entries, per server profile: Bucket, Key,
 * Region and Endpoint in globalState; Secret and Token only in SecretStorage (never in globalState).
 */
import type * as vscode from 'vscode';
import type { CloudEntry } from '../../core/preferences/cloudAccess';
import type { CloudEntryView } from '../../core/protocol/preferences';

interface StoredEntry { id: string; Bucket: string; Key: string; Region: string; Endpoint: string; hasSecret: boolean; hasToken: boolean }
interface StoredSecrets { Secret: string; Token: string }

const STATE_PREFIX = 'clearml.preferences.cloudAccess/';

export class CloudAccessStore {
  constructor(private readonly state: vscode.Memento, private readonly secrets: vscode.SecretStorage) {}

  private stateKey(profileId: string): string { return `${STATE_PREFIX}${profileId}`; }
  private secretKey(profileId: string, id: string): string { return `${STATE_PREFIX}${profileId}/${id}`; }

  /** What the webview may see. */
  list(profileId: string): CloudEntryView[] {
    return this.state.get<StoredEntry[]>(this.stateKey(profileId), []).map((e) => ({ ...e }));
  }

  async get(profileId: string, id: string): Promise<CloudEntry | undefined> {
    const stored = this.list(profileId).find((e) => e.id === id);
    if (!stored) return undefined;
    const secrets = await this.readSecrets(profileId, id);
    return { id, Bucket: stored.Bucket, Key: stored.Key, Region: stored.Region, Endpoint: stored.Endpoint, Secret: secrets.Secret, Token: secrets.Token };
  }

  async all(profileId: string): Promise<CloudEntry[]> {
    const out: CloudEntry[] = [];
    for (const e of this.list(profileId)) {
      const full = await this.get(profileId, e.id);
      if (full) out.push(full);
    }
    return out;
  }

  async save(profileId: string, entry: CloudEntry): Promise<void> {
    const list = this.list(profileId);
    const stored: StoredEntry = { id: entry.id, Bucket: entry.Bucket, Key: entry.Key, Region: entry.Region, Endpoint: entry.Endpoint, hasSecret: !!entry.Secret, hasToken: !!entry.Token };
    const at = list.findIndex((e) => e.id === entry.id);
    if (at >= 0) list[at] = stored; else list.push(stored);
    // Secrets first: a crash in between leaves an orphan secret, never a listed entry without its secret.
    if (entry.Secret || entry.Token) await this.secrets.store(this.secretKey(profileId, entry.id), JSON.stringify({ Secret: entry.Secret, Token: entry.Token } satisfies StoredSecrets));
    else await this.secrets.delete(this.secretKey(profileId, entry.id));
    await this.state.update(this.stateKey(profileId), list);
  }

  async remove(profileId: string, id: string): Promise<void> {
    await this.state.update(this.stateKey(profileId), this.list(profileId).filter((e) => e.id !== id));
    await this.secrets.delete(this.secretKey(profileId, id));
  }

  private async readSecrets(profileId: string, id: string): Promise<StoredSecrets> {
    const raw = await this.secrets.get(this.secretKey(profileId, id));
    if (!raw) return { Secret: '', Token: '' };
    try {
      const parsed = JSON.parse(raw) as Partial<StoredSecrets>;
      return { Secret: typeof parsed.Secret === 'string' ? parsed.Secret : '', Token: typeof parsed.Token === 'string' ? parsed.Token : '' };
    } catch {
      return { Secret: '', Token: '' };
    }
  }

  /** For tests: the raw globalState value, to prove no secret is kept there. */
  rawState(profileId: string): unknown { return this.state.get(this.stateKey(profileId)); }
}
