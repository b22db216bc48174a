import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const surfaces = ['src/cli/**', 'src/client/**', 'src/mcp/**', 'src/dashboard/**'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'error',
    },
  },
  {
    // Layers: surfaces talk to the daemon through client/, never to core/ or store/ directly.
    files: surfaces,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/core/**',
                '**/core',
                '**/store/**',
                '**/store',
                '**/daemon/**',
                'better-sqlite3',
              ],
              message: 'surfaces go through client/ (see DESIGN.md: layers)',
            },
          ],
        },
      ],
    },
  },
  {
    // core/ knows nothing of HTTP, and the store never reaches up.
    files: ['src/core/**', 'src/store/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/daemon/**',
                '**/cli/**',
                '**/client/**',
                '**/mcp/**',
                '**/dashboard/**',
                'hono',
                'hono/*',
                '@hono/*',
              ],
              message: 'core/ and store/ must not depend on surfaces or HTTP',
            },
          ],
        },
      ],
    },
  },
  {
    // The orchestrator (config, scan, supervisor) is hosted by the CLI (pd up) and the daemon
    // (pd up -d): it depends on neither, nor on the store.
    files: ['src/orchestrator/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/core/**',
                '**/store/**',
                '**/daemon/**',
                '**/cli/**',
                '**/client/**',
                'better-sqlite3',
                'hono',
                'hono/*',
                '@hono/*',
              ],
              message: 'orchestrator/ is hosted by the CLI and the daemon and imports neither',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**', 'bench/**', '**/*.test.ts'],
    rules: { 'no-console': 'off' },
  },
);
