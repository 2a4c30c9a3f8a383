// Bundles the extension, the language server and the command-line checker with
// esbuild. Each bundle carries its dependencies, so the packaged extension and the
// `framework-check` bin need no node_modules at run time.
import { build } from 'esbuild';

const production = process.argv.includes('--production');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  // jsonc-parser's CommonJS entry loads its parts with a dynamic require that esbuild
  // cannot follow; its ES module entry bundles cleanly.
  mainFields: ['module', 'main'],
};

const entries = [
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js' },
  { entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' },
  // The editor provides `vscode` at run time; it is never bundled.
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
];

await Promise.all(entries.map((entry) => build({ ...common, ...entry })));
