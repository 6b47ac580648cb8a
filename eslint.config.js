// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// A module's internals are private: code outside a module imports it only through its index.ts.
const OTHER_MODULE_INTERNALS = {
  regex: 'modules/[^/]+/(?!index\\.js$)[^/]+',
  message: 'Import a module only through its index.ts (STYLE.md rule 1).',
};
// Inside a module, `../<sibling>/<file>` reaches into another module.
const SIBLING_MODULE_INTERNALS = {
  regex: '^\\.\\./(?!\\.\\.)[^/]+/(?!index\\.js$)',
  message: 'Import another module only through its index.ts (STYLE.md rule 1).',
};

export default tseslint.config(
  { ignores: ['dist/**', 'data/**', 'reports/**', 'node_modules/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': ['error', { patterns: [OTHER_MODULE_INTERNALS] }],
    },
  },
  {
    // Inside a module, its own files may import each other freely.
    files: ['src/server/modules/*/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [OTHER_MODULE_INTERNALS, SIBLING_MODULE_INTERNALS] }],
    },
  },
  {
    // platform/ is below every module: it must not know any of them.
    files: ['src/server/platform/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '(^|/)modules(/|$)', message: 'platform/ imports no module.' }] },
      ],
    },
  },
  {
    files: ['src/web/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
