// ESLint, type-aware (typescript-eslint), run by `npm run lint`. Formatting is Prettier's (.prettierrc.json).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'test-results/',
      'data/',
      'test/browser/page/',
      '*.config.mjs',
      '*.config.mts',
      '.dependency-cruiser.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // `require('x') as typeof import('x')` where a module is loaded late to keep start-up short (render.ts,
      // blobStorage.ts, tab/assets.ts).
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      '@typescript-eslint/no-require-imports': 'off',
      // Removing control characters from user text is deliberate (bpvBot.ts, plan.ts, cards/userText.ts).
      'no-control-regex': 'off',
      // Implementations of async interfaces (Bot Framework's Storage, handlers) are often synchronous inside.
      '@typescript-eslint/require-await': 'off',
      eqeqeq: ['error', 'always'],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'TSAsExpression > TSAsExpression > TSUnknownKeyword',
          message: 'No "as unknown as": validate with zod or use the library\'s public types.',
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^botbuilder[^/]*/lib/',
              message:
                'No deep imports of Bot Framework: public API only (dialogs/framework.ts is the one documented exception).',
            },
          ],
        },
      ],
    },
  },
  {
    // The tab page runs in the browser: its own tsconfig (DOM, bundler resolution).
    files: ['src/tab/page/**/*.ts'],
    languageOptions: { parserOptions: { projectService: false, project: './src/tab/page/tsconfig.json' } },
  },
  {
    // The one module that imports botbuilder-dialogs classes from their own files (it says why).
    files: ['dialogs/framework.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // Tests read what libraries hand back as any (Bot Framework's StoreItems, expect's matchers).
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
    },
  },
  {
    // Code that runs in the browser page, where the page's own globals are reached through globalThis.
    files: ['test/browser/**/*.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  prettier,
);
