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
    // Notifications render [label](command:…) in their text: every message goes through ui.ts, built with msg``.
    files: ['src/extension/**/*.ts'],
    ignores: ['src/extension/ui.ts', 'src/extension/safeText.ts'],
    rules: {
      'no-restricted-syntax': ['error',
        { selector: 'MemberExpression[property.name=/^show(Information|Warning|Error)Message$/]', message: 'Use ui.info/warn/error/confirm/notice with msg`…` (server text must not become links).' },
        { selector: 'TSAsExpression[typeAnnotation.typeName.name="SafeText"]', message: 'Build SafeText with msg`…` or safeText(), never by a cast.' },
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
