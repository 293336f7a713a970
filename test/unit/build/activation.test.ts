/**
 * What activation evaluates: the modules the extension's entry reaches through static imports (everything behind an
 * `import()` loads on first use). Activation must register views and commands without evaluating the heavy parts.
 * The ESM code-splitting build of scripts/build.mjs, in memory.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as esbuild from 'esbuild';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..', '..');

async function eagerInputs(): Promise<{ inputs: Set<string>; bytes: number }> {
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: { extension: 'src/extension/extension.ts' },
    bundle: true, splitting: true, format: 'esm', platform: 'node', minify: true, write: false, metafile: true,
    outdir: 'out/activation-check', chunkNames: 'chunk-[hash]', logLevel: 'silent',
    external: ['vscode', 'axios', 'yaml', 'https-proxy-agent'],
  });
  const outputs = result.metafile.outputs;
  const eager = new Set<string>();
  const visit = (file: string): void => {
    if (eager.has(file)) return;
    eager.add(file);
    for (const i of outputs[file].imports) if (i.kind === 'import-statement' && outputs[i.path]) visit(i.path);
  };
  visit(Object.keys(outputs).find((f) => f.endsWith('/extension.js'))!);
  const inputs = new Set([...eager].flatMap((f) => Object.keys(outputs[f].inputs)));
  return { inputs, bytes: [...eager].reduce((n, f) => n + outputs[f].bytes, 0) };
}

test('activation evaluates neither the heavy libraries nor the areas that load on first use', async () => {
  const { inputs, bytes } = await eagerInputs();
  const loaded = (prefix: string) => [...inputs].filter((f) => f.startsWith(prefix));
  for (const heavy of ['node_modules/', 'src/core/vault/pipeline.ts', 'src/core/vault/incremental.ts', 'src/core/vault/allView.ts', 'src/core/storage/', 'src/core/preferences/', 'src/core/protocol/',
    'src/extension/vault/editor.ts', 'src/extension/vault/commands.ts', 'src/extension/vault/fileSystem.ts',
    'src/extension/preferences/panel.ts', 'src/extension/storage/panel.ts', 'src/extension/workspace/credentials.ts',
    'src/extension/accounts/signInFlow.ts', 'src/core/setup-check/run.ts', 'src/core/config/', 'src/core/api/client.ts', 'src/core/api/transport.ts',
    'src/core/conf-language/', 'src/extension/language/area.ts', 'src/extension/language/diagnostics.ts', 'src/extension/language/documents.ts']) {
    assert.deepEqual(loaded(heavy), [], `activation loads ${heavy}`);
  }
  // The explorer's view and its providers are registered at activation; the API client and the config parser
  // load with the first account and the first clearml.conf lookup, right after.
  assert.ok(inputs.has('src/extension/tree/model.ts'));
  assert.ok(bytes < 100 * 1024, `activation evaluates ${(bytes / 1024).toFixed(1)} KB of minified code`);
});
