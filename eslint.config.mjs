// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'out/', '.vscode-test/', 'test-results/', '.tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { console: 'readonly', process: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', URL: 'readonly', Buffer: 'readonly', __dirname: 'readonly', require: 'readonly', module: 'writable', window: 'readonly', document: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', performance: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', structuredClone: 'readonly', queueMicrotask: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    // VS Code renders [label](command:…), $(icon) and Markdown on most surfaces: every string reaches them through the
    // seam (ui.ts: messages, progress, quick picks, input boxes; surfaces.ts: tree items and views, status bar,
    // panel titles, hovers and Markdown), built with msg`…` / md`…`. Nothing else may create or label them.
    files: ['src/extension/**/*.ts'],
    ignores: ['src/extension/ui.ts', 'src/extension/safeText.ts', 'src/extension/surfaces.ts'],
    rules: {
      'no-restricted-syntax': ['error',
        { selector: 'MemberExpression[property.name=/^show(Information|Warning|Error)Message$/]', message: 'Use ui.info/warn/error/confirm/notice with msg`…` (server text must not become links).' },
        { selector: 'MemberExpression:matches([object.property.name="window"], [object.name="window"])[property.name=/^(withProgress|showQuickPick|createQuickPick|showInputBox|createInputBox|setStatusBarMessage)$/]', message: 'Use ui.withProgress/pickOne/pickMany/input with msg`…` (their text renders links and icons).' },
        { selector: 'MemberExpression:matches([object.property.name="window"], [object.name="window"])[property.name=/^(createStatusBarItem|createTreeView|createWebviewPanel)$/]', message: 'Use surfaces.statusBarItem/treeView/webviewPanel (their text renders icons; names must stay text).' },
        { selector: 'NewExpression[callee.name=/^(TreeItem|MarkdownString|Hover)$/], NewExpression[callee.property.name=/^(TreeItem|MarkdownString|Hover)$/]', message: 'Use surfaces.treeItem / markdown(md`…`) / markdownFromCore / hover: labels, tooltips and Markdown must not carry links from names.' },
        { selector: 'AssignmentExpression[left.property.name=/^(title|message|text|badge)$/]', message: 'Set a panel title, view message or status bar text through surfaces.ts (setPanelTitle, setViewText, setStatusBarText).' },
        { selector: 'TSAsExpression[typeAnnotation.typeName.name=/^Safe(Text|Markdown)$/]', message: 'Build SafeText with msg`…` or safeText(), SafeMarkdown with md`…`, never by a cast.' },
      ],
    },
  },
  {
    // Core must stay free of the vscode API so it runs in plain Node (unit tests, bench, server).
    files: ['src/core/**/*.ts', 'server/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'src/core and server must not depend on vscode.' }] }] },
  },
  {
    // Heavy libraries load on first use through src/core/vendor (each is its own file in the built extension).
    files: ['src/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: ['axios', 'yaml', 'https-proxy-agent'].map((name) => ({ name, allowTypeImports: true, message: 'Load it through src/core/vendor (lazily) so activation does not evaluate it.' })),
      }],
    },
  },
);
