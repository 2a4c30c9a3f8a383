/**
 * The entry point VS Code's extension host calls with the test suite
 * (`extensionTestsPath`): it runs every `*.test.js` beside it with mocha and resolves
 * when they all pass. The same module serves scripts/vscode/runEditorTests.mjs (code-server
 * in a headless browser) and @vscode/test-electron on a desktop, which both call `run()`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export async function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    // Generous: the first request waits for the language server to start and scan.
    timeout: 60_000,
    // The extension host has no terminal; its console lines are forwarded as text.
    color: false,
    reporter: 'spec',
    // `EDITOR_TESTS_GREP=pattern npm run test:editor` runs only the matching tests; the
    // extension host inherits the variable from code-server, which inherits it from the runner.
    grep: process.env.EDITOR_TESTS_GREP || undefined,
  });
  const files = fs
    .readdirSync(__dirname)
    .filter((name) => name.endsWith('.test.js'))
    .sort();
  for (const name of files) mocha.addFile(path.join(__dirname, name));
  if (files.length === 0) throw new Error(`No *.test.js files in ${__dirname}.`);

  const stats = await new Promise<Mocha.Stats | undefined>((resolve) => {
    const runner = mocha.run(() => resolve(runner.stats));
  });
  const { tests = 0, passes = 0, failures = 0, pending = 0 } = stats ?? {};
  // The runner's proof that the suite really ran to its end. It does not trust the exit
  // code alone: when the extension host dies, the web workbench reports 0.
  console.log(`${resultMarker} ${JSON.stringify({ tests, passes, failures, pending })}`);
  if (failures > 0) throw new Error(`${failures} editor test(s) failed.`);
  if (passes === 0) throw new Error('No editor test ran (check EDITOR_TESTS_GREP).');
}

/** The line `run()` ends with; scripts/vscode/runEditorTests.mjs looks for it. */
export const resultMarker = 'EDITOR-TESTS-RESULT';
