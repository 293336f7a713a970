/**
 * The server's mutable state: persisted data (model.ts) plus in-memory counters that tests read
 * (e.g. "exactly one auth.login happened"). Persistence is an atomic write (temp file + rename), coalesced so a
 * burst of mutations costs at most one write in flight plus one queued.
 */
import { createHash, randomBytes } from 'node:crypto';
import { promises as fsp, readFileSync, existsSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { DEMO } from './demo';
import type { CompanyRecord, CredentialRecord, MembershipRecord, Role, StateData, UserRecord } from './model';
import { newAccessKey, newId, newSecretKey, isoNow } from './ids';

export interface Counters {
  /** Successful auth.login calls. */
  logins: number;
  /** Requests per endpoint name (including failed ones). */
  calls: Record<string, number>;
  /** Total requests answered. */
  requests: number;
}

export class ServerState {
  data: StateData;
  readonly counters: Counters = { logins: 0, calls: {}, requests: 0 };
  private writing: Promise<void> | undefined;
  private dirty = false;
  private changes = 0;
  private written = 0;
  private writes = 0;

  constructor(data: StateData, private readonly dataFile?: string) {
    this.data = data;
  }

  static open(dataFile: string | undefined, seed: Seed): ServerState {
    if (dataFile && existsSync(dataFile)) {
      const text = readFileSync(dataFile, 'utf8');
      let parsed: StateData;
      try {
        parsed = JSON.parse(text) as StateData;
      } catch (e) {
        throw new Error(`${dataFile}: not valid JSON (${(e as Error).message}); delete it to start from the ${seed} seed`);
      }
      if (parsed.schemaVersion !== 1) throw new Error(`${dataFile}: unsupported schemaVersion ${String(parsed.schemaVersion)} (expected 1)`);
      return new ServerState(parsed, dataFile);
    }
    const state = new ServerState(SEEDS[seed](), dataFile);
    if (dataFile) state.markDirty();
    return state;
  }

  // ---- queries -------------------------------------------------------------------------------------------------

  user(id: string): UserRecord | undefined { return this.data.users[id]; }
  company(id: string): CompanyRecord | undefined { return this.data.companies[id]; }
  membership(userId: string, companyId: string): MembershipRecord | undefined {
    return this.data.memberships.find((m) => m.userId === userId && m.companyId === companyId);
  }
  membersOf(companyId: string): UserRecord[] {
    return this.data.memberships.filter((m) => m.companyId === companyId).map((m) => this.data.users[m.userId]).filter((u): u is UserRecord => !!u);
  }
  credential(accessKey: string): CredentialRecord | undefined { return this.data.credentials.find((c) => c.accessKey === accessKey); }

  // ---- seeding helpers for tests ------------------------------------------------------------------------------

  /** Adds `count` synthetic members ("Member 00001"…) to a workspace; returns their ids. */
  addMembers(companyId: string, count: number, role: Role = 'user'): string[] {
    const ids: string[] = [];
    const width = String(count).length;
    for (let i = 1; i <= count; i++) {
      const id = newId();
      const name = `Member ${String(i).padStart(Math.max(5, width), '0')}`;
      this.data.users[id] = { id, name, email: `member${i}@example.com`, company: companyId, created: isoNow(), preferences: {} };
      this.data.memberships.push({ userId: id, companyId, role, joined: isoNow() });
      ids.push(id);
    }
    this.markDirty();
    return ids;
  }

  /** Adds `count` labelled credentials for a user in a workspace; returns them (secrets included, for tests). */
  addCredentials(userId: string, companyId: string, count: number): CredentialRecord[] {
    const out: CredentialRecord[] = [];
    for (let i = 1; i <= count; i++) {
      const rec: CredentialRecord = { accessKey: newAccessKey(), secretKey: newSecretKey(), userId, companyId, label: `bulk key ${i}`, created: isoNow() };
      this.data.credentials.push(rec);
      out.push(rec);
    }
    this.markDirty();
    return out;
  }

  resetCounters(): void {
    this.counters.logins = 0;
    this.counters.requests = 0;
    this.counters.calls = {};
  }

  // ---- persistence ------------------------------------------------------------------------------------------------

  /** Schedules an atomic write of the data file (no-op without one). */
  markDirty(): void {
    if (!this.dataFile) return;
    this.dirty = true;
    this.changes++;
    if (!this.writing) this.startWriting();
  }

  /** Data-file writes completed so far: tests tell a coalesced burst (a few writes) from one write per change. */
  get fileWrites(): number {
    return this.writes;
  }

  /** Number of changes marked so far; with `persisted` it tells a reply when its change is on disk. */
  get changeCount(): number {
    return this.changes;
  }

  /**
   * Resolves once every change marked up to now is on disk. Replies to writes wait for it, so an acknowledged
   * write survives a crash; a burst of calls still shares one file write.
   */
  async persisted(): Promise<void> {
    const wanted = this.changes;
    while (this.written < wanted) {
      if (!this.writing) this.startWriting();
      await this.writing;
    }
  }

  /** Resolves when every scheduled write has reached the disk. */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private startWriting(): void {
    const loop = this.writeLoop();
    // Waiting replies see the failure; a write nobody waits for must not become an unhandled rejection.
    loop.catch(() => undefined);
    this.writing = loop;
  }

  private async writeLoop(): Promise<void> {
    try {
      while (this.dirty) {
        this.dirty = false;
        const covers = this.changes;
        try {
          await writeAtomic(this.dataFile as string, JSON.stringify(this.data, null, 1));
        } catch (e) {
          this.dirty = true;
          throw e;
        }
        this.written = covers;
        this.writes++;
      }
    } finally {
      this.writing = undefined;
    }
  }
}

async function writeAtomic(file: string, text: string): Promise<void> {
  await fsp.mkdir(dirname(file), { recursive: true });
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await fsp.open(tmp, 'w', 0o600);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fsp.rename(tmp, file);
}

/** demo: Jane, her workspace and Vision Team; showcase: demo plus a workspace large enough to page through; empty: Jane alone. */
export type Seed = 'demo' | 'showcase' | 'empty';
export const SEED_NAMES: readonly Seed[] = ['demo', 'showcase', 'empty'];

// ---- seeds --------------------------------------------------------------------------------------------------------

const CREATED = '2026-06-01T10:00:00.000000+00:00';

function baseData(): StateData {
  return {
    schemaVersion: 1,
    tokenSecret: randomBytes(32).toString('hex'),
    users: {},
    companies: {},
    memberships: [],
    credentials: [],
    invites: [],
    invitedEmails: [],
    gatewayTokens: [],
    vaults: [],
    revokedSessions: [],
  };
}

function addJaneAndOwnWorkspace(data: StateData): void {
  const own = DEMO.workspaces.own;
  data.users[DEMO.user.id] = {
    id: DEMO.user.id, name: DEMO.user.name, givenName: DEMO.user.givenName, familyName: DEMO.user.familyName,
    email: DEMO.user.email, avatar: null, company: own.id, created: CREATED, createdInVersion: '2.1.0', preferences: {},
  };
  data.companies[own.id] = { id: own.id, name: own.name, ownerId: DEMO.user.id, created: CREATED };
  data.memberships.push({ userId: DEMO.user.id, companyId: own.id, role: 'admin', joined: CREATED });
  data.credentials.push({ ...own.credentials, userId: DEMO.user.id, companyId: own.id, created: CREATED });
}

export function emptyData(): StateData {
  const data = baseData();
  addJaneAndOwnWorkspace(data);
  return data;
}

export function demoData(): StateData {
  const data = baseData();
  addJaneAndOwnWorkspace(data);
  data.users[DEMO.user.id].preferences = structuredClone(DEMO.preferences);
  const jane = DEMO.user.id;
  for (const ws of [DEMO.workspaces.own, DEMO.workspaces.vision]) {
    if (!data.companies[ws.id]) data.companies[ws.id] = { id: ws.id, name: ws.name, ownerId: ws.owner.id, created: CREATED };
    for (const m of ws.members) {
      if (!data.users[m.id]) {
        data.users[m.id] = { id: m.id, name: m.name, email: m.email, avatar: null, company: m.id === DEMO.alex.id ? DEMO.workspaces.vision.id : ws.id, created: CREATED, preferences: {} };
      }
      if (!data.memberships.some((x) => x.userId === m.id && x.companyId === ws.id)) {
        data.memberships.push({ userId: m.id, companyId: ws.id, role: m.role, joined: CREATED });
      }
    }
    if (!data.credentials.some((c) => c.accessKey === ws.credentials.accessKey)) {
      data.credentials.push({ ...ws.credentials, userId: jane, companyId: ws.id, created: CREATED });
    }
    for (const c of ws.otherCredentials) data.credentials.push({ ...c, userId: jane, companyId: ws.id, created: CREATED });
    for (const inv of ws.invites) {
      data.invites.push({ id: inv.id, created: inv.created, expires: inv.expires, companyId: ws.id, invitedBy: ws.owner.id });
      for (const email of inv.emails) data.invitedEmails!.push({ email, companyId: ws.id, invitedBy: ws.owner.id, invited: inv.created, inviteId: inv.id });
    }
    for (const t of ws.gatewayTokens) data.gatewayTokens.push({ ...t, userId: jane, companyId: ws.id });
  }
  data.credentials.push({ ...DEMO.alex.credentials, userId: DEMO.alex.id, companyId: DEMO.workspaces.vision.id, created: CREATED });
  data.vaults.push({ ...DEMO.vault, userId: jane, lastUpdate: CREATED });
  data.vaults.push({ ...DEMO.groupVault, lastUpdate: CREATED });
  return data;
}

/** Deterministic 32-hex ids, so a showcase state is the same on every machine. */
function stableId(text: string): string {
  return createHash('md5').update(text).digest('hex');
}

const GIVEN = ['Ada', 'Ben', 'Chen', 'Dara', 'Eli', 'Fatima', 'Gus', 'Hana', 'Ivan', 'Jin', 'Kofi', 'Lea', 'Mo', 'Nia', 'Omar', 'Pia', 'Quinn', 'Ravi', 'Sara', 'Tariq'];
const FAMILY = ['Abe', 'Berg', 'Costa', 'Dahl', 'Ekwueme', 'Fox', 'Garcia', 'Holm', 'Ito', 'Jensen', 'Kaur'];

/** The demo plus "Open Datasets Guild": 220 members (Jane one of them), so the members list pages at the default page size. */
export function showcaseData(): StateData {
  const data = demoData();
  const guild = { id: stableId('open-datasets-guild'), name: 'Open Datasets Guild' };
  const owner = { id: stableId('guild-owner'), name: 'Noor Haddad', email: 'noor.haddad@example.com' };
  data.companies[guild.id] = { id: guild.id, name: guild.name, ownerId: owner.id, created: CREATED };
  data.users[owner.id] = { id: owner.id, name: owner.name, email: owner.email, avatar: null, company: guild.id, created: CREATED, preferences: {} };
  data.memberships.push({ userId: owner.id, companyId: guild.id, role: 'admin', joined: CREATED });
  data.memberships.push({ userId: DEMO.user.id, companyId: guild.id, role: 'user', joined: CREATED });
  for (let i = 0; i < 218; i++) {
    const given = GIVEN[i % GIVEN.length];
    const family = FAMILY[Math.floor(i / GIVEN.length) % FAMILY.length];
    const id = stableId(`guild-member-${i}`);
    const name = `${given} ${family}`;
    data.users[id] = { id, name, email: `${given}.${family}.${i}@example.com`.toLowerCase(), avatar: null, company: guild.id, created: CREATED, preferences: {} };
    data.memberships.push({ userId: id, companyId: guild.id, role: 'user', joined: CREATED });
  }
  return data;
}

const SEEDS: Record<Seed, () => StateData> = { demo: demoData, showcase: showcaseData, empty: emptyData };
