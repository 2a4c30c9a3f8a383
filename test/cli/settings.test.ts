import assert from 'node:assert/strict';
import * as path from 'node:path';
import {
  frameworkWithWarning,
  linesOf,
  makeTemporaryFolder,
  removeTemporaryFolders,
  runCli,
  validFramework,
  writeFiles,
} from './helpers';
import type { JsonReport } from './helpers';

/** The codes of every diagnostic in a JSON report. */
function reportedCodes(stdout: string): (string | null)[] {
  const report = JSON.parse(stdout) as JsonReport;
  return report.files.flatMap((file) => file.diagnostics.map((diagnostic) => diagnostic.code));
}

describe('framework-check settings', () => {
  afterEach(removeTemporaryFolders);

  it('turns a code off from .vscode/settings.json, read as JSON with comments', async () => {
    const folder = makeTemporaryFolder();
    writeFiles(folder, { 'a.framework.yaml': frameworkWithWarning('a') });
    const before = await runCli(['--format', 'json'], folder);
    assert.deepEqual(reportedCodes(before.stdout), ['id-numbering']);

    writeFiles(folder, {
      '.vscode/settings.json': [
        '// Project settings, shared by the editor and CI.',
        '{',
        '  "editor.tabSize": 2,',
        '  /* Numbering is checked by hand. */',
        '  "strategicFrameworks.diagnostics.severity": { "id-numbering": "off", },',
        '}',
      ].join('\n'),
    });
    const after = await runCli(['--format', 'json'], folder);
    assert.equal(after.stderr, '');
    assert.equal(after.code, 0);
    assert.deepEqual(reportedCodes(after.stdout), []);
  });

  it('raises a code to an error, which makes the run fail', async () => {
    const folder = makeTemporaryFolder();
    writeFiles(folder, {
      'a.framework.yaml': frameworkWithWarning('a'),
      '.vscode/settings.json':
        '{ "strategicFrameworks": { "diagnostics": { "severity": { "id-numbering": "error" } } } }',
    });
    const run = await runCli([], folder);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /^a\.framework\.yaml:7:14: error id-numbering: /);
  });

  it('reads --config instead of .vscode/settings.json', async () => {
    const folder = makeTemporaryFolder();
    writeFiles(folder, {
      'a.framework.yaml': frameworkWithWarning('a'),
      '.vscode/settings.json':
        '{ "strategicFrameworks.diagnostics.severity": { "id-numbering": "error" } }',
      'ci/settings.jsonc':
        '{\n  // CI only\n  "strategicFrameworks.diagnostics.severity": { "id-numbering": "off" },\n}\n',
    });
    const run = await runCli(['--config', 'ci/settings.jsonc', '--format', 'json'], folder);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(reportedCodes(run.stdout), []);
    const absolute = await runCli(['-c', path.join(folder, 'ci/settings.jsonc')], folder);
    assert.equal(absolute.code, 0);
  });

  it('warns about each settings problem and goes on with the defaults', async () => {
    const folder = makeTemporaryFolder();
    writeFiles(folder, {
      'a.framework.yaml': frameworkWithWarning('a'),
      '.vscode/settings.json': JSON.stringify({
        'strategicFrameworks.diagnostics.severity': {
          'no-such-code': 'off',
          'id-numbering': 'loud',
        },
        'strategicFrameworks.files.exclude': 'archive',
      }),
    });
    const run = await runCli([], folder);
    assert.equal(run.code, 0);
    assert.deepEqual(linesOf(run.stderr), [
      ".vscode/settings.json: warning: strategicFrameworks.diagnostics.severity: 'no-such-code' is not a diagnostic code",
      ".vscode/settings.json: warning: strategicFrameworks.diagnostics.severity: the severity of 'id-numbering' must be one of error, warning, information, hint, off",
      '.vscode/settings.json: warning: strategicFrameworks.files.exclude: must be a list of glob patterns such as "**/*.framework.yaml"',
    ]);
    assert.match(run.stdout, /warning id-numbering/);
  });

  it('warns about a glob past the limits, leaves it out and goes on with the others, at once', async () => {
    // A hostile workspace: minimatch took seconds for such a glob against one long name,
    // and never finished with a few more stars; now each is refused or answers at once.
    const folder = makeTemporaryFolder();
    const bomb = `${'{a,b}'.repeat(12)}.yaml`;
    const long = `${'a'.repeat(200)}.framework.yaml`;
    writeFiles(folder, {
      'a.framework.yaml': validFramework('a'),
      // Matched against the exclude glob, which it does not match.
      [long]: validFramework('long'),
      '.vscode/settings.json': JSON.stringify({
        'strategicFrameworks.files.include': ['**/*.framework.yaml', bomb],
        'strategicFrameworks.files.exclude': ['*a*a*a*a*a*a*a*a*a*a*a*a*b'],
      }),
    });
    const started = performance.now();
    const run = await runCli(['--format', 'json'], folder);
    assert.ok(performance.now() - started < 10_000);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(linesOf(run.stderr), [
      `.vscode/settings.json: warning: strategicFrameworks.files.include: the glob "${bomb}" is ignored: its braces expand to more than 1,000 alternatives; split it into several globs, each with fewer braces`,
    ]);
    assert.deepEqual(
      (JSON.parse(run.stdout) as JsonReport).files.map((file) => file.path),
      ['a.framework.yaml', long],
    );
  });

  it('turns coverage rules on and reads the fewest indicators from the same file', async () => {
    const folder = makeTemporaryFolder();
    const text = [
      'framework: a',
      'title: A',
      'goals:',
      '  - id: "1"',
      '    title: One',
      '    objectives:',
      '      - id: "1.1"',
      '        title: Measured once',
      '        indicators:',
      '          - { id: "1.1.1", title: Share, target: 90 }',
      '  - id: "2"',
      '    title: Two',
      '',
    ].join('\n');
    writeFiles(folder, { 'a.framework.yaml': text });
    assert.deepEqual(reportedCodes((await runCli(['--format', 'json'], folder)).stdout), []);
    writeFiles(folder, {
      '.vscode/settings.json': JSON.stringify({
        'strategicFrameworks.diagnostics.severity': {
          'goal-without-objectives': 'warning',
          'objective-without-indicators': 'error',
        },
        'strategicFrameworks.coverage.minIndicators': 2,
      }),
    });
    const run = await runCli([], folder);
    assert.equal(run.code, 1);
    assert.equal(run.stderr, '');
    assert.deepEqual(
      linesOf(run.stdout)
        .slice(0, -1)
        .map((line) => line.slice(0, line.indexOf(': ', line.indexOf(': ') + 2))),
      [
        'a.framework.yaml:7:14: error objective-without-indicators',
        'a.framework.yaml:11:10: warning goal-without-objectives',
      ],
    );

    writeFiles(folder, {
      '.vscode/settings.json': JSON.stringify({
        'strategicFrameworks.diagnostics.severity': { 'objective-without-indicators': 'error' },
        'strategicFrameworks.coverage.minIndicators': 0,
      }),
    });
    const defaulted = await runCli([], folder);
    assert.equal(defaulted.code, 0, 'one indicator is enough by default');
    assert.match(
      defaulted.stderr,
      /^\.vscode\/settings\.json: warning: strategicFrameworks\.coverage\.minIndicators: must be a whole number from 1 to 100/,
    );
  });

  it('warns about a broken .vscode/settings.json and keeps what it could read', async () => {
    const folder = makeTemporaryFolder();
    writeFiles(folder, {
      'a.framework.yaml': frameworkWithWarning('a'),
      '.vscode/settings.json':
        '{\n  "strategicFrameworks.diagnostics.severity": { "id-numbering": "off" },\n  oops\n}\n',
    });
    const run = await runCli([], folder);
    assert.equal(run.code, 0);
    assert.match(
      run.stderr,
      /^\.vscode\/settings\.json:3:3: warning: invalid JSON: InvalidSymbol \(the file must be JSON; comments and trailing commas are allowed\); settings after it may be ignored\.\n$/,
    );
    assert.equal(linesOf(run.stdout).length, 1, run.stdout);
  });

  it('exits 2 when the --config file is missing, not JSON, or not an object', async () => {
    const folder = makeTemporaryFolder();
    writeFiles(folder, {
      'a.framework.yaml': frameworkWithWarning('a'),
      'broken.json': '{\n  "strategicFrameworks.files.include": [\n}\n',
      'list.json': '["strategicFrameworks.files.include"]',
    });
    const missing = await runCli(['--config', 'nowhere.json'], folder);
    assert.equal(missing.code, 2);
    assert.equal(missing.stdout, '');
    assert.equal(
      missing.stderr,
      'framework-check: cannot read the settings file nowhere.json: it does not exist. Check the path given to --config.\n',
    );
    const broken = await runCli(['--config', 'broken.json'], folder);
    assert.equal(broken.code, 2);
    assert.match(
      broken.stderr,
      /^framework-check: broken\.json:3:1: invalid settings file: ValueExpected/,
    );
    const list = await runCli(['--config', 'list.json'], folder);
    assert.equal(list.code, 2);
    assert.match(
      list.stderr,
      /^framework-check: invalid settings file list\.json: it must hold a JSON object/,
    );
  });

  it('accepts an empty settings file as no settings', async () => {
    const folder = makeTemporaryFolder();
    writeFiles(folder, {
      'a.framework.yaml': frameworkWithWarning('a'),
      '.vscode/settings.json': '',
    });
    const run = await runCli([], folder);
    assert.equal(run.stderr, '');
    assert.equal(run.code, 0);
  });
});
