/**
 * Setup check on a healthy local setup (API server, web UI and files server on 127.0.0.1, in this process): the
 * whole runSetupCheck (config discovery and parse, four probes, auth.login), and a failing one bounded by its
 * timeout (a stalled API server, timeoutMs 200). Informational only.
 */
import { runSetupCheck } from '../src/core/setup-check/index';
import { makeHome, startHealthySetup, startStalledServer } from '../test/unit/setup-check/scenarios';
import { fmt, median, timeRuns } from './stats';

export async function run(): Promise<void> {
  const ok = await startHealthySetup();
  const stalled = await startStalledServer();
  const home = makeHome();
  const slowHome = makeHome();
  try {
    home.write(ok.conf());
    slowHome.write(ok.conf({ api: stalled.url }));
    const healthy = await timeRuns(async () => {
      const report = await runSetupCheck({ env: {}, homedir: home.dir });
      const bad = report.findings.filter((f) => f.status === 'error' || f.status === 'warning');
      if (bad.length) throw new Error(`not healthy: ${bad.map((f) => f.message).join('; ')}`);
    }, 30, 3);
    console.log(`healthy setup check (11 checks, 4 requests): median ${fmt(median(healthy))}, max ${fmt(Math.max(...healthy))}`);
    const bounded = await timeRuns(() => runSetupCheck({ env: {}, homedir: slowHome.dir, timeoutMs: 200 }), 5, 1);
    console.log(`stalled API server, timeoutMs 200 (probe + live-probed alternatives): median ${fmt(median(bounded))}`);
  } finally {
    home.remove();
    slowHome.remove();
    await stalled.close();
    await ok.close();
  }
}
