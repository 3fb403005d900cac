// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Type-aware lint of the node, its specs and the bench; formatting is Prettier's. */
export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'spec/fixtures/**', 'spec/support/reporter.cjs', 'bench/bare/**', 'src/ui/page/build.mjs', 'eslint.config.js', '.dependency-cruiser.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { project: ['./tsconfig.spec.json', './bench/tsconfig.json', './src/ui/page/tsconfig.json'], tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Unused names are the compiler's job (noUnusedLocals); `_`-prefixed rest siblings are how we drop a key.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
);
