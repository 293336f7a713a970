/**
 * Setup Check area: the "clearml.setupCheck" view, its commands (run, run again, apply a fix, copy the report),
 * the offer after a failed sign-in or tree load (through the failure messages and nodes), and one automatic run
 * on the first start where a setup is detected.
 */
import * as os from 'node:os';
import * as vscode from 'vscode';
import type { Fix, SetupReport } from '../../core/setup-check';
import { logger } from '../log';
import type { AccountService, CommandTable } from '../services';
import * as ui from '../ui';
import { msg } from '../safeText';
import { setViewText, treeView } from '../surfaces';
import { completeWalkthroughStep } from '../walkthrough';
import type { DiffPreview } from '../workspace/diffPreview';
import { fixLabel, SetupCheckProvider, worst, type SetupNode } from './view';

export const VIEW_ID = 'clearml.setupCheck';
const AUTO_RAN_KEY = 'clearml.setupCheck.autoRan';

export function activateSetupCheck(context: vscode.ExtensionContext, accounts: AccountService, preview: DiffPreview) {
  const provider = new SetupCheckProvider();
  const view = treeView(VIEW_ID, { treeDataProvider: provider });
  context.subscriptions.push(provider, view);
  let running: Promise<SetupReport | undefined> | undefined;
  let rerun: import('./rerun').SetupCheckRerun | undefined;

  let runningInBackground = false;
  const check = (background = false): Promise<SetupReport | undefined> => {
    // A request while a background re-run runs waits for it and checks afresh: that run may have read older settings.
    if (running && runningInBackground && !background) return running.then(() => check());
    runningInBackground = running ? runningInBackground : background;
    // A second request while one runs joins it instead of probing twice.
    running ??= ui.withProgress(msg`Checking your ClearML setup…`, async (signal) => {
      setViewText(view, { message: msg`Checking your ClearML setup…` });
      try {
        const [{ runSetupCheck }, { enabledVaultLayers }, { SetupCheckRerun }] = await Promise.all([
          import('../../core/setup-check/run'), import('./vaultLayers'), import('./rerun')]);
        if (!rerun) {
          // After a run in the background, a new one joins nothing stale: it starts after the current one.
          rerun = new SetupCheckRerun(() => { void Promise.resolve(running).then(() => check(true)); });
          context.subscriptions.push(rerun);
        }
        rerun.started();
        const active = accounts.active;
        // The signed-in server is checked too when clearml.conf names another one (the tree uses it, scripts do not).
        const profile = active && { apiServer: active.profile.apiServer, label: active.profile.label };
        // Storage findings over clearml.conf + the enabled vaults, as the Storage panel merges them.
        const vaults = await enabledVaultLayers(active?.client, signal, active?.profile.id);
        const report = await runSetupCheck({ env: process.env, homedir: os.homedir(), signal, profile, vaults });
        provider.show(report);
        completeWalkthroughStep('setupChecked');
        const problems = report.findings.filter((f) => f.status === 'error' || f.status === 'warning').length;
        setViewText(view, {
          description: problems ? msg`${problems} problem${problems === 1 ? '' : 's'}` : msg`all good`,
          message: report.configFile ? msg`${report.configFile} · checked in ${report.durationMs} ms` : msg`No clearml.conf · checked in ${report.durationMs} ms`,
        });
        void vscode.commands.executeCommand('setContext', 'clearml.setupCheck.hasReport', true);
        void vscode.commands.executeCommand('setContext', 'clearml.setupCheck.hasFixes', report.findings.some((f) => f.fixes?.length));
        logger.log('info', `Setup check: ${problems} problem(s) in ${report.durationMs} ms`);
        return report;
      } catch (e) {
        setViewText(view, { message: msg`The setup check failed: ${(e as Error).message}` });
        return undefined;
      }
    }, { viewId: VIEW_ID }).finally(() => { running = undefined; });
    return running;
  };

  const run = async (): Promise<SetupReport | undefined> => {
    await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
    return check();
  };

  const deps = { accounts, preview, terminalEnv: context.environmentVariableCollection };
  context.environmentVariableCollection.description = 'ClearML setup check fixes';

  const pickFix = async (): Promise<{ fix: Fix } | undefined> => {
    const fixes = (provider.report?.findings ?? []).flatMap((f) => (f.fixes ?? []).map((fix) => ({ fix, finding: f })));
    if (!fixes.length) { void ui.info(msg`The last setup check offered no fixes. Run it again after changing your setup.`); return undefined; }
    const picked = await ui.pickOne(fixes.map((x) => ({ label: fixLabel(x.fix), description: x.finding.check, detail: x.finding.message, x })), { title: msg`Apply which setup fix?` });
    return picked?.x;
  };

  const applyFixCommand = async (node?: SetupNode): Promise<SetupReport | undefined> => {
    let fix: Fix | undefined;
    if (node?.kind === 'fix') fix = node.fix;
    else if (node) {
      const finding = node.kind === 'check' ? worst(node.findings) : node.finding;
      const fixes = finding.fixes ?? [];
      fix = fixes.length === 1 ? fixes[0] : (await ui.pickOne(fixes.map((f) => ({ label: fixLabel(f), f })), { title: msg`Fix: ${finding.message}` }))?.f;
    } else fix = (await pickFix())?.fix;
    if (!fix) return undefined;
    const { applyFix } = await import('./applyFix');
    const changed = await applyFix(fix, provider.report?.configFile, deps);
    return changed ? check() : undefined;
  };

  const copyReport = async (): Promise<string | undefined> => {
    const report = provider.report ?? await run();
    if (!report) return undefined;
    const { reportMarkdown } = await import('../../core/setup-check/report');
    const text = reportMarkdown(report);
    await ui.copyToClipboard(text);
    void ui.info(msg`Copied the setup check report (Markdown, no secrets) to the clipboard.`);
    return text;
  };

  /** On the first start that finds a setup, check it once in the background and speak up only about problems. */
  const firstOpen = async (): Promise<SetupReport | undefined> => {
    if (context.globalState.get(AUTO_RAN_KEY)) return undefined;
    const { detectSetup } = await import('../accounts/discovery');
    if (!(await detectSetup())) return undefined;
    await context.globalState.update(AUTO_RAN_KEY, true);
    const report = await check();
    const errors = report?.findings.filter((f) => f.status === 'error') ?? [];
    if (errors.length) {
      const choice = await ui.warn(msg`The ClearML setup on this machine has ${errors.length} problem${errors.length === 1 ? '' : 's'}: ${errors[0].message}`, 'Show Setup Check');
      if (choice === 'Show Setup Check') await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
    }
    return report;
  };
  // After activation: finding clearml.conf reads files, which activation must not wait for.
  if (context.extensionMode !== vscode.ExtensionMode.Test) setTimeout(() => void firstOpen(), 0);
  // Signing in, out or to another server changes what the check covers (the enabled vaults' storage entries, the
  // signed-in server): a report on screen is checked again in the background instead of going stale; a hidden one
  // when its view is shown again (no probes nobody looks at).
  let staleSinceAccountChange = false;
  const recheckIfShown = () => {
    if (!provider.report || !staleSinceAccountChange || !view.visible) return;
    staleSinceAccountChange = false;
    void check(true);
  };
  context.subscriptions.push(
    accounts.onDidChangeActive(() => { staleSinceAccountChange = true; recheckIfShown(); }),
    view.onDidChangeVisibility(recheckIfShown),
  );

  const commands: CommandTable = {
    'clearml.setupCheck.run': run,
    'clearml.setupCheck.runAgain': () => check(),
    'clearml.setupCheck.applyFix': applyFixCommand,
    'clearml.setupCheck.copyReport': copyReport,
  };
  return {
    commands,
    /** For integration tests only. */
    testing: {
      view,
      provider,
      report: () => provider.report,
      /** What the window gaining focus does: re-run (debounced) if the environment the SDK reads changed. */
      pokeEnvironment: () => rerun?.poke(),
      firstOpen: async () => { await context.globalState.update(AUTO_RAN_KEY, undefined); return firstOpen(); },
    },
  };
}
