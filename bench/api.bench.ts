/**
 * API client + local server round trips over real HTTP on 127.0.0.1 (in one process, so the numbers include both
 * sides): sign-in, a typical read, a members page of a 5,000-member workspace, 200 concurrent reads, and the
 * overhead of one retried call. Informational only.
 */
import { DEMO } from '../server/demo';
import { startServer } from '../server/index';
import { ClearMLClient } from '../src/core/api/index';
import { fmt, median, timeRuns } from './stats';

export async function run(): Promise<void> {
  const srv = await startServer({ port: 0, edition: 'hosted' });
  try {
    const fresh = (): ClearMLClient => new ClearMLClient({ apiServer: srv.url, ...DEMO.signIn, retry: { baseDelayMs: 5, maxDelayMs: 10 } });
    const login = await timeRuns(() => fresh().claims(), 30, 3);
    console.log(`sign-in (auth.login + claims decode): median ${fmt(median(login))}`);

    const c = fresh();
    await c.claims();
    const read = await timeRuns(() => c.getCurrentUser(), 100, 10);
    console.log(`users.get_current_user: median ${fmt(median(read))}`);

    srv.state.addMembers(DEMO.workspaces.own.id, 5000);
    const page = await timeRuns(() => c.getMembers(25, 100), 30, 3);
    console.log(`users.get_all_ex page of 100 (5,000 members): median ${fmt(median(page))}`);

    const burst = await timeRuns(() => Promise.all(Array.from({ length: 200 }, () => c.getCredentials())), 5, 1);
    console.log(`200 concurrent auth.get_credentials: median ${fmt(median(burst))} for the batch`);

    const retried = await timeRuns(async () => {
      srv.faults.set('auth.get_credentials', { error: { code: 503 }, times: 1 });
      await c.getCredentials();
    }, 20, 2);
    srv.faults.clear();
    console.log(`get_credentials with one 503 + retry (base delay 5 ms): median ${fmt(median(retried))}`);
  } finally {
    await srv.close();
  }
}
