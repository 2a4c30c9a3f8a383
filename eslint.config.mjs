// Lint is part of the architecture: the layers' import rules live here.
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'assert',
  'buffer',
  'child_process',
  'cluster',
  'crypto',
  'dgram',
  'dns',
  'events',
  'fs',
  'fs/promises',
  'http',
  'http2',
  'https',
  'net',
  'os',
  'path',
  'process',
  'readline',
  'stream',
  'tls',
  'url',
  'util',
  'vm',
  'worker_threads',
  'zlib',
];

// What neither the extension nor the server ever does: start processes or threads,
// reach the network, or compile code. (The extension's one process, the server, is
// started by vscode-languageclient from a fixed path.) test/security/runtime.test.ts
// checks the bundles, dependencies included, at run time.
const processAndNetworkModules = [
  'child_process',
  'cluster',
  'worker_threads',
  'net',
  'http',
  'https',
  'http2',
  'dgram',
  'dns',
  'dns/promises',
  'tls',
  'vm',
];
const processAndNetworkPaths = processAndNetworkModules.flatMap((name) =>
  [name, `node:${name}`].map((specifier) => ({
    name: specifier,
    message:
      'The extension and the server never start processes, reach the network or compile code.',
  })),
);
const hostRules = (extraPaths) => ({
  'no-restricted-imports': ['error', { paths: [...extraPaths, ...processAndNetworkPaths] }],
  // Modules are loaded by static imports only, so that the rule above sees every one
  // (typescript-eslint's recommended no-require-imports already forbids `require`).
  'no-restricted-syntax': [
    'error',
    {
      selector: 'ImportExpression',
      message: 'Use a static import, which the import rules check.',
    },
  ],
  'no-restricted-globals': [
    'error',
    ...['fetch', 'WebSocket', 'XMLHttpRequest', 'EventSource'].map((name) => ({
      name,
      message: 'The extension and the server never reach the network.',
    })),
  ],
});

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '**/*.js', '**/*.mjs'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // Only the extension and the in-editor suite run inside VS Code; everything else runs
    // in plain Node, where `vscode` does not exist. (The service's stricter list below
    // replaces this one for its files.)
    files: ['**/*.ts'],
    ignores: ['client/**', 'test/editor/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'vscode',
              message: 'Only client/ and test/editor/ run in the editor and may import vscode.',
            },
          ],
        },
      ],
    },
  },
  {
    // The server and the CLI: Node, but no editor API and no processes or network.
    files: ['server/src/**/*.ts'],
    rules: hostRules([
      {
        name: 'vscode',
        message: 'Only client/ and test/editor/ run in the editor and may import vscode.',
      },
    ]),
  },
  {
    // The extension: the editor API, but no processes or network.
    files: ['client/src/**/*.ts'],
    rules: hostRules([]),
  },
  {
    // The language service is pure: no editor API, no connection, no file system.
    files: ['server/src/service/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'vscode', message: 'The service never imports the editor API.' },
            { name: 'vscode-languageserver', message: 'The service never opens a connection.' },
            {
              name: 'vscode-languageserver/node',
              message: 'The service never opens a connection.',
            },
            ...nodeBuiltins.flatMap((name) => [
              { name, message: 'The service never touches Node built-ins (files, processes).' },
              { name: `node:${name}`, message: 'The service never touches Node built-ins.' },
            ]),
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // Mocha's describe/it return values are not promises to await.
      '@typescript-eslint/no-floating-promises': 'off',
    },
  },
);
