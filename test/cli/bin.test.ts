/**
 * The shipped command end to end: `node bin/framework-check.js` running the esbuild
 * bundle `dist/cli.js`, in a child process, so exit codes and output streams are the
 * real ones a CI job sees.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import manifest from '../../package.json';
import {
  examplesFolder,
  frameworkWithError,
  frameworkWithWarning,
  makeTemporaryFolder,
  removeTemporaryFolders,
  repositoryRoot,
  writeFiles,
} from './helpers';
import type { SarifLog } from './helpers';

const bin = path.join(repositoryRoot, 'bin', 'framework-check.js');

function runBin(argv: readonly string[], cwd: string) {
  const result = spawnSync(process.execPath, [bin, ...argv], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the framework-check bin', () => {
  before(() => {
    // The bin runs the bundle, so bundle the current sources first.
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: repositoryRoot, stdio: 'pipe' });
  });

  afterEach(removeTemporaryFolders);

  it('exits 0 on the examples, printing their information diagnostics and the summary', () => {
    const run = runBin([path.relative(repositoryRoot, examplesFolder)], repositoryRoot);
    assert.equal(run.stderr, '');
    // Which 2014-2016 items nothing continues is examples.test.ts's business; here, that
    // information lines do not fail the run.
    const lines = run.stdout.split('\n').filter((line) => line !== '');
    const summary = lines.pop();
    assert.ok(lines.length > 0);
    for (const line of lines) assert.match(line, /: info unaccounted-predecessor: /);
    assert.equal(
      summary,
      `Checked 2 files, 2 frameworks, 40 items: 0 errors, 0 warnings, ${lines.length} infos.`,
    );
    assert.equal(run.code, 0);
  });

  it('exits 1 on errors, and on warnings beyond --max-warnings', () => {
    const folder = makeTemporaryFolder();
    writeFiles(folder, { 'a.framework.yaml': frameworkWithError('a') });
    const errors = runBin([], folder);
    assert.equal(errors.code, 1, errors.stderr);
    assert.match(errors.stdout, /^a\.framework\.yaml:9:\d+: error unresolved-reference: /);

    const warnings = makeTemporaryFolder();
    writeFiles(warnings, { 'w.framework.yaml': frameworkWithWarning('w') });
    assert.equal(runBin([], warnings).code, 0);
    assert.equal(runBin(['--max-warnings', '0'], warnings).code, 1);
  });

  it('exits 2 on a usage error, with a one-line message on stderr', () => {
    const run = runBin(['--fromat', 'json'], repositoryRoot);
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.equal(
      run.stderr,
      'framework-check: unknown option --fromat. Did you mean --format? Run framework-check --help to see the options.\n',
    );
  });

  it('exits 2 when a path matches no framework file', () => {
    const run = runBin(['no-such-folder'], makeTemporaryFolder());
    assert.equal(run.code, 2);
    assert.match(run.stderr, /no such file or folder: 'no-such-folder'/);
  });

  it('prints its version and writes SARIF with --out', () => {
    assert.equal(runBin(['--version'], repositoryRoot).stdout, `${manifest.version}\n`);
    const folder = makeTemporaryFolder();
    writeFiles(folder, { 'a.framework.yaml': frameworkWithError('a') });
    const run = runBin(['--format', 'sarif', '--out', 'out/check.sarif'], folder);
    assert.equal(run.code, 1);
    assert.equal(run.stdout, '');
    const log = JSON.parse(
      fs.readFileSync(path.join(folder, 'out', 'check.sarif'), 'utf8'),
    ) as SarifLog;
    assert.equal(log.version, '2.1.0');
    assert.equal(log.runs[0].tool.driver.version, manifest.version);
    assert.equal(log.runs[0].results.length, 1);
  });

  it('writes the HTML report from the bundle, with the map viewer inlined', () => {
    const folder = makeTemporaryFolder();
    const out = path.join(folder, 'strategy.html');
    const run = runBin(
      [path.relative(repositoryRoot, examplesFolder), '--report', 'html', '--out', out],
      repositoryRoot,
    );
    assert.equal(run.stderr, '');
    assert.equal(run.code, 0);
    const page = fs.readFileSync(out, 'utf8');
    const viewer = fs.readFileSync(path.join(repositoryRoot, 'media', 'strategyMap.js'), 'utf8');
    assert.ok(page.includes(`<script>${viewer}</script>`));
    assert.ok(page.includes('data-node="interpol-2017-2020:1"'));
  });
});
