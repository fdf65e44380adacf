// ESLint flat config: typescript-eslint's recommended rules over all TypeScript sources, plus two
// architecture invariants: only the LSP layer and the client import the editor protocol packages, and only
// the entry points import the rule registry.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Invariant 1: only server/lsp and the client may import editor protocol packages. */
const EDITOR_PROTOCOL = {
  group: ['vscode', 'vscode-languageserver*', 'vscode-languageclient*', 'vscode-jsonrpc*'],
  message: 'Only server/lsp and client may import editor protocol packages (ARCHITECTURE.md).',
};

/** Invariant 9: the rule registry (rules/index.ts, or any rule) is imported by the entry points alone. */
const RULE_REGISTRY = {
  group: ['**/rules', '**/rules/**'],
  message:
    'Only the entry points (server/lsp/main.ts, server/cli/main.ts, bench, scripts, tests) import rules/; ' +
    'take the RuleSet they hand down (ARCHITECTURE.md).',
};

/** What runs rules, and the front ends: a rule imports none of it, nor the registry. */
const RULE_RUNNERS = {
  group: [
    '**/server/engine/engine',
    '**/server/engine/rule-set',
    '**/server/engine/assists',
    '**/server/engine/config',
    '**/server/engine/team-rules',
    '**/server/lsp/**',
    '**/server/cli/**',
    '**/server/config/**',
    '**/server/workspace/**',
    '**/rules',
    '**/rules/index',
  ],
  message:
    "A rule uses the engine's rule API only; the engine runs it, not the other way round (ARCHITECTURE.md).",
};

/** The registry as a rule's folder names it: its parent folder. */
const REGISTRY_FROM_A_RULE = {
  regex: '^\\.\\.(/index)?$',
  message: 'A rule does not import the registry; the entry points do (ARCHITECTURE.md).',
};

/** The entry points under server/: they build the RuleSet from the registry. */
const ENTRY_POINTS = ['server/lsp/main.ts', 'server/cli/main.ts'];

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
  // Import restrictions. A file gets one `no-restricted-imports` setting (the last block that matches it
  // wins), so each block below lists every pattern that applies to its files.
  {
    // Nothing under server/ but the entry points imports the rule registry: the entry points build a RuleSet
    // and hand it down (ARCHITECTURE.md, invariant 9).
    files: ['server/**/*.ts'],
    ignores: ENTRY_POINTS,
    rules: { 'no-restricted-imports': ['error', { patterns: [RULE_REGISTRY] }] },
  },
  {
    // The engine, the configuration discovery, the workspace index and the CLI must stay editor-agnostic
    // (invariant 1: the language server feeds the index, which knows nothing of LSP), and take their rules
    // from the entry point.
    files: [
      'server/engine/**/*.ts',
      'server/config/**/*.ts',
      'server/workspace/**/*.ts',
      'server/cli/**/*.ts',
    ],
    ignores: ENTRY_POINTS,
    rules: { 'no-restricted-imports': ['error', { patterns: [EDITOR_PROTOCOL, RULE_REGISTRY] }] },
  },
  {
    // The CLI's entry point builds the RuleSet, and stays editor-agnostic; the server's may import both.
    files: ['server/cli/main.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [EDITOR_PROTOCOL] }] },
  },
  {
    // A rule stays editor-agnostic and uses the engine's rule API (rule.ts, types.ts and the helpers rules
    // share), never what runs the rules, the front ends or the registry (invariants 1 and 9).
    files: ['rules/**/*.ts'],
    ignores: ['rules/index.ts', 'rules/**/*.test.ts', 'rules/**/cases.ts', 'rules/**/assert-*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [EDITOR_PROTOCOL, RULE_RUNNERS, REGISTRY_FROM_A_RULE] }],
    },
  },
  {
    files: ['rules/index.ts', 'rules/**/*.test.ts', 'rules/**/cases.ts', 'rules/**/assert-*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [EDITOR_PROTOCOL] }] },
  },
);
