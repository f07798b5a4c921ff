// Lint rules that hold the architecture: no import cycles, the direction between layers (below), no
// default exports, type-only imports marked, no console in library code, production code never
// importing tests.

import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

// Who may import whom. common/ is shared by all; the gateway and the subgraphs never import each other.
// Inside gateway/: the request path imports only policy/ and database/; the control plane may build
// what the request path serves; side endpoints sit on both; the composition root, config/ and cli/ wire
// everything. A layer named in `from` may not be imported by the `target`.
const root = ['./gateway/create-gateway.ts', './gateway/main.ts'];
const layers = [
  { target: './common', from: ['./gateway', './subgraphs'] },
  { target: './subgraphs', from: ['./gateway'] },
  { target: './gateway', from: ['./subgraphs'] },
  {
    target: './gateway/database',
    from: [
      './gateway/policy',
      './gateway/request',
      './gateway/control',
      './gateway/endpoints',
      './gateway/config',
      './gateway/cli',
      ...root,
    ],
  },
  {
    target: './gateway/policy',
    from: [
      './gateway/request',
      './gateway/control',
      './gateway/endpoints',
      './gateway/config',
      './gateway/cli',
      ...root,
    ],
  },
  {
    target: './gateway/request',
    from: ['./gateway/control', './gateway/endpoints', './gateway/config', './gateway/cli', ...root],
  },
  { target: './gateway/control', from: ['./gateway/endpoints', './gateway/config', './gateway/cli', ...root] },
  { target: './gateway/endpoints', from: ['./gateway/config', './gateway/cli', ...root] },
  { target: './gateway/config', from: ['./gateway/cli', ...root] },
].map((zone) => ({
  ...zone,
  message: `${zone.target} is below what it imports here: the layers are ordered in eslint.config.mjs`,
}));

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '**/generated/**',
      '**/migrations/mysql/**',
      '**/migrations/sqlite/**',
      'scripts/**',
      '*.mjs',
      'jest.config.js',
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver()] },
    rules: {
      'import-x/no-cycle': 'error',
      'import-x/no-restricted-paths': ['error', { zones: layers }],
      'import-x/no-default-export': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/test/**'], message: 'production code must not import tests' }] },
      ],
    },
  },
  {
    // Config files and tests may default-export (codegen, jest global setup) and import test support.
    files: ['codegen.ts', 'test/**/*.ts'],
    rules: {
      'import-x/no-default-export': 'off',
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
);
