// Builds the extension (dist/extension.js and the chunks it loads on first use, CommonJS), the vendor libraries and
// the storage access test it requires lazily, and one browser bundle per webview-ui/<name>/main.ts.
import * as esbuild from 'esbuild';
import { readdirSync, existsSync, mkdirSync, copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const webviews = readdirSync('webview-ui', { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join('webview-ui', d.name, 'main.ts')))
  .map((d) => d.name);

// Heavy libraries the extension loads on first use (src/core/vendor): each becomes dist/vendor/<name>.js and the
// extension bundle requires that file instead of bundling the package.
const VENDOR = ['axios', 'yaml', 'https-proxy-agent'];
const vendorExternal = {
  name: 'vendor-external',
  setup(build) {
    build.onResolve({ filter: new RegExp(`^(${VENDOR.join('|')})$`) }, (args) => ({ path: `./vendor/${args.path}.js`, external: true }));
  },
};
// axios only sends multipart bodies through form-data (with the 137 KB mime-db); the client never sends one.
const noFormData = {
  name: 'no-form-data',
  setup(build) {
    build.onResolve({ filter: /^form-data$/ }, () => ({ path: 'form-data', namespace: 'stub' }));
    build.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
      contents: "module.exports = class FormData { constructor() { throw new Error('multipart bodies are not supported'); } };",
      loader: 'js',
    }));
  },
};

// Every `import * as vscode from 'vscode'` would become its own copy of the whole API object (esbuild's __toESM) when
// converted to CommonJS, ~17 at activation; one shim module re-exports the API once and all modules share it.
const vscodeShim = {
  name: 'vscode-shim',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) => (args.namespace === 'vscode-shim' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-shim' }));
    build.onLoad({ filter: /.*/, namespace: 'vscode-shim' }, () => ({ contents: "export * from 'vscode';", loader: 'js' }));
  },
};

const ESM_DIR = '.tmp/extension-esm';
rmSync(ESM_DIR, { recursive: true, force: true });
/**
 * Converts the ESM build's files into dist/ as CommonJS, bundling each (not transforming: that chains the source
 * maps) so that `import()` becomes `require()`:
 * - dist/extension.js holds the entry and every chunk it imports statically (one file to load at activation, not
 *   twenty), and exposes those chunks' exports as `__chunks`;
 * - each of those chunks' own file only re-exports them from extension.js, so a lazily loaded chunk that imports one
 *   gets the same module instance (one log channel, one class for `instanceof`);
 * - every other chunk is bundled alone with its siblings external.
 */
const toCommonJS = {
  name: 'to-commonjs',
  setup(build) {
    build.onEnd(async (result) => {
      if (result.errors.length) return;
      const outputs = result.metafile.outputs;
      const files = Object.keys(outputs).filter((f) => f.endsWith('.js'));
      const entry = files.find((f) => basename(f) === 'extension.js');
      const eager = new Set();
      const visit = (f) => { for (const i of outputs[f].imports) if (i.kind === 'import-statement' && outputs[i.path] && !eager.has(i.path)) { eager.add(i.path); visit(i.path); } };
      visit(entry);
      const eagerNames = new Set([...eager].map((f) => basename(f)));
      const combined = join(ESM_DIR, '__entry.js');
      writeFileSync(combined, [
        "export * from './extension.js';",
        ...[...eagerNames].map((name, i) => `import * as c${i} from './${name}';`),
        `export const __chunks = { ${[...eagerNames].map((name, i) => `'${name}': c${i}`).join(', ')} };`,
      ].join('\n'));
      for (const old of readdirSync('dist').filter((f) => /^chunk-.*\.js(\.map)?$/.test(f))) rmSync(join('dist', old));
      for (const name of eagerNames) writeFileSync(join('dist', name), `"use strict";\nmodule.exports = require("./extension.js").__chunks[${JSON.stringify(name)}];\n`);
      const toCjs = (file, outfile, keepInside, extra = {}) => esbuild.build({
        ...common,
        logLevel: 'warning',
        entryPoints: [file],
        outfile,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        plugins: [{ name: 'siblings-external', setup(b) { b.onResolve({ filter: /^(vscode$|\.\/)/ }, (a) => (a.kind === 'entry-point' || keepInside(a.path) ? undefined : { path: a.path, external: true })); } }],
        ...extra,
      });
      await Promise.all([
        // Start of the bundle's evaluation, for the activation figure in the log (see extension.ts).
        toCjs(combined, 'dist/extension.js', (p) => p === './extension.js' || eagerNames.has(p.slice(2)), { banner: { js: 'const __clearmlLoadStart = performance.now();' } }),
        ...files.filter((f) => f !== entry && !eager.has(f)).map((f) => toCjs(f, join('dist', basename(f)), () => false)),
      ]);
    });
  },
};

const common = { bundle: true, minify: production, sourcemap: production ? false : 'linked', logLevel: 'info', legalComments: 'none' };

const contexts = [
  // The extension: ESM with code splitting (what `await import()` in src/ loads on first use becomes a chunk of its
  // own), then each file converted to CommonJS, the only module format VS Code 1.100 loads (see toCommonJS).
  await esbuild.context({
    ...common,
    entryPoints: { extension: 'src/extension/extension.ts' },
    outdir: ESM_DIR,
    splitting: true,
    chunkNames: 'chunk-[hash]',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    metafile: true,
    plugins: [vscodeShim, vendorExternal, toCommonJS],
  }),
  ...VENDOR.map((name) => esbuild.context({
    ...common,
    entryPoints: [name],
    outfile: `dist/vendor/${name}.js`,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    plugins: [noFormData],
  })),
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
