// ESLint flat config: typescript-eslint's recommended rules over all TypeScript sources, plus the
// architecture invariant that only the LSP layer and the client may import the editor protocol packages.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', '.vscode-test/**', 'test/e2e/workspace/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: {
      sourceType: 'module',
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly' },
    },
  },
  {
    files: ['**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: Object.fromEntries(
        [
          'process',
          'console',
          'URL',
          'require',
          'module',
          'exports',
          '__dirname',
          '__filename',
          'Buffer',
          'setTimeout',
          'clearTimeout',
          'setInterval',
          'clearInterval',
        ].map((name) => [name, 'readonly']),
      ),
    },
  },
  {
    // The engine, the rules, the CLI and the workspace index must stay editor-agnostic (ARCHITECTURE.md,
    // invariant 1): the language server feeds the index, which knows nothing of LSP.
    files: [
      'server/engine/**/*.ts',
      'server/config/**/*.ts',
      'server/workspace/**/*.ts',
      'rules/**/*.ts',
      'server/cli/**/*.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['vscode', 'vscode-languageserver*', 'vscode-languageclient*', 'vscode-jsonrpc*'],
              message: 'Only server/lsp and client may import editor protocol packages (ARCHITECTURE.md).',
            },
          ],
        },
      ],
    },
  },
);
