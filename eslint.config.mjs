import tseslint from 'typescript-eslint';
import nextVitals from 'eslint-config-next/core-web-vitals';

export default tseslint.config(
  { ignores: ['node_modules/', '.next/', 'out/', 'public/', 'next-env.d.ts', 'test-results/', 'playwright-report/', '.cache/'] },
  ...nextVitals,
  ...tseslint.configs.recommended,
  {
    files: ['lib/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'error' },
  },
  {
    // React's hook rules mistake Playwright fixtures' `use` for a hook outside React code.
    files: ['lib/**', 'scripts/**', 'e2e/**', 'bin/**'],
    rules: { 'react-hooks/rules-of-hooks': 'off' },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
);
