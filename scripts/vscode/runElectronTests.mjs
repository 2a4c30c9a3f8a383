// Runs the same in-editor suite (test/editor/suite, compiled to out/) in the desktop VS
// Code that @vscode/test-electron downloads: for a desktop with internet access. Where
// only the npm registry is reachable (as on CI here), `npm run test:editor` runs the
// suite in code-server instead; both call the suite's one `run()`.
//
// Usage: npm run build && npx tsc -p . && npm run test:electron [-- --version 1.100.3]
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const versionFlag = process.argv.indexOf('--version');
const version = versionFlag >= 0 ? process.argv[versionFlag + 1] : '1.100.3';

// The suite edits and saves files, so it gets a copy of the examples.
const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sf-electron-tests-'));
const workspaceFolder = path.join(tempDir, 'examples');
fs.cpSync(path.join(repoRoot, 'examples'), workspaceFolder, { recursive: true });

try {
  await runTests({
    version,
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: path.join(repoRoot, 'out', 'test', 'editor', 'suite', 'index.js'),
    launchArgs: [workspaceFolder, '--disable-extensions', '--disable-workspace-trust'],
  });
} catch (error) {
  console.error(`The in-editor suite failed in VS Code ${version}: ${error}`);
  process.exitCode = 1;
} finally {
  fs.rmSync(tempDir, { recursive: true, force: true });
}
