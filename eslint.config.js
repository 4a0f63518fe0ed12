import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import layering from './lint/layering.js';

/**
 * Which layer under src/ may import which (the rest of src/, main.ts and daemon.ts, is the
 * composition root and may import anything). `packages: false`: Node built-ins only.
 * test/unit/layering.test.ts shows each forbidden arrow refused.
 */
const layers = {
  kernel: { may: [], packages: false },
  drivers: { may: ['kernel'], isolatedFolders: true },
  config: { may: ['kernel', 'drivers'] },
  observability: { may: ['kernel', 'config'] },
  core: { may: ['kernel', 'drivers', 'config', 'observability'] },
  api: { may: ['kernel', 'core', 'config', 'observability'] },
  // The CLI verbs reach a sidecar only over its HTTP API; config tells them where it listens.
  cli: { may: ['kernel', 'config'] },
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { layering },
    rules: {
      'layering/imports': ['error', { layers }],
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'node:http',
              allowTypeImports: true,
              message: "an ESM import of node:http loads Node's bundled undici, http2 and zlib; take values from process.getBuiltinModule('node:http') (src/api/node-http.ts)",
            },
          ],
        },
      ],
    },
  },
);
