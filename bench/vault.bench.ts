/**
 * Vault preview: from a document change to the preview message posted — the pure pipeline the extension runs per
 * update (parse + merge + model + message serialisation), i.e. renderVaultPreview + JSON.stringify (what
 * webview.postMessage does with the message). Targets: median < 20 ms for a 10 KB vault over a 50 KB clearml.conf,
 * < 150 ms for a 1 MB vault.
 */
import { renderVaultPreview, type RenderInput } from '../src/core/vault/pipeline';
import { prepareContext, type PreparedContext } from '../src/core/vault/incremental';
import type { PreviewContext } from '../src/core/vault/model';
import { fmt, median, timeRuns } from './stats';

/** HOCON text of about `bytes` bytes: nested sections with scalars, URLs, lists and a few secrets. */
export function hoconOfSize(bytes: number, prefix: string, seed = 1): string {
  const parts: string[] = [];
  let size = 0;
  let i = 0;
  const roots = ['sdk', 'agent', 'api'];
  while (size < bytes) {
    const root = roots[i % roots.length];
    const block = `${root} {
  ${prefix}_section_${i} {
    name: "${prefix}-${i}-${seed}"
    enabled: ${i % 2 === 0}
    retries: ${i % 7}
    url: https://storage-${i}.example.com/bucket/${prefix}
    tags: ["a${i}", "b${i}", "c"]
    nested { depth: ${i}, ratio: 0.${i % 10}5, note: "value ${i} of ${prefix}" }
    ${i % 5 === 0 ? `secret: "s3cr3t-${prefix}-${i}"` : `region: "eu-west-${i % 3}"`}
  }
}
`;
    parts.push(block);
    size += block.length;
    i++;
  }
  return parts.join('');
}

function input(vaultText: string, prepared: PreparedContext, version: number, view: 'vault' | 'all'): RenderInput {
  return {
    version,
    self: { name: 'Personal vault', text: vaultText, format: 'hocon', enabled: true },
    prepared,
    view,
    loading: false,
    document: { title: 'Personal vault', kind: 'server', format: 'hocon', enabled: true, position: 'server vault, 1st of 1', restricted: false, dirty: true },
  };
}

/** The measured unit: one document change → the serialised preview message (what VaultPreviewSession.update runs). */
function changeToMessage(vaultText: string, prepared: PreparedContext, version: number, view: 'vault' | 'all'): number {
  const out = renderVaultPreview(input(vaultText, prepared, version, view), undefined);
  return JSON.stringify(out.message).length;
}

export async function run(): Promise<void> {
  const base = hoconOfSize(50 * 1024, 'base');
  const context: PreviewContext = { base: { text: base, file: '/home/user/clearml.conf' }, others: [], position: 0, env: {} };
  // Once per editor / context reload (clearml.conf and the other vaults), not per change:
  const prepTimes = await timeRuns(() => prepareContext(context, 'Personal vault'), 10, 2);
  console.log(`prepare context (50 KB clearml.conf, once per context load): median ${fmt(median(prepTimes))}`);
  const prepared = prepareContext(context, 'Personal vault');
  const cases = [
    { label: '10 KB vault over 50 KB clearml.conf', vault: hoconOfSize(10 * 1024, 'vault', 2), target: 20, runs: 40 },
    { label: '1 MB vault over 50 KB clearml.conf', vault: hoconOfSize(1024 * 1024, 'vault', 3), target: 150, runs: 12 },
  ];
  for (const c of cases) {
    for (const view of ['vault', 'all'] as const) {
      let version = 0;
      let bytes = 0;
      // Each run edits the text (a typed character) as a real change would.
      const times = await timeRuns(() => { version++; bytes = changeToMessage(c.vault + `\n# edit ${version}\n`, prepared, version, view); }, c.runs, 3);
      const med = median(times);
      const verdict = med < c.target ? `target < ${c.target} ms: OK` : `target < ${c.target} ms: OVER TARGET`;
      console.log(`${c.label}, ${view === 'vault' ? 'default view (keys the vault sets)' : '"all keys" view'}: median ${fmt(med)} (min ${fmt(Math.min(...times))}, max ${fmt(Math.max(...times))}, ${times.length} runs; message ${(bytes / 1024).toFixed(0)} KB) ${verdict}`);
    }
  }
}
