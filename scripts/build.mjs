// Builds the extension bundle (node/cjs) and one browser bundle per webview-ui/<name>/main.ts.
import * as esbuild from 'esbuild';
import { readdirSync, existsSync, mkdirSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const webviews = readdirSync('webview-ui', { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join('webview-ui', d.name, 'main.ts')))
  .map((d) => d.name);

const common = { bundle: true, minify: production, sourcemap: production ? false : 'linked', logLevel: 'info', legalComments: 'none' };

const contexts = [
  await esbuild.context({
    ...common,
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  }),
  // The storage access test (SigV4 signer, Azure Shared Key) is its own bundle, required only when a test runs.
  await esbuild.context({
    ...common,
    entryPoints: ['src/core/storage/access/index.ts'],
    outfile: 'dist/storage-access.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  }),
  ...webviews.map((name) => esbuild.context({
    ...common,
    entryPoints: [join('webview-ui', name, 'main.ts')],
    outfile: join('dist', 'webview', `${name}.js`),
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
  })),
];
const built = await Promise.all(contexts);

// Webviews load codicons from the built assets only (localResourceRoots = dist/).
mkdirSync('dist/webview', { recursive: true });
for (const f of ['codicon.css', 'codicon.ttf']) copyFileSync(join('node_modules/@vscode/codicons/dist', f), join('dist/webview', f));

if (watch) {
  await Promise.all(built.map((c) => c.watch()));
  console.log('[watch] build finished, watching for changes…');
} else {
  // esbuild has already printed the errors with file:line:column; its stack trace would only bury them.
  const ok = await Promise.all(built.map((c) => c.rebuild())).then(() => true, () => false);
  await Promise.all(built.map((c) => c.dispose()));
  if (!ok) process.exit(1);
}
