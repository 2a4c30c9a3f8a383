/**
 * `framework-check --report`: the options, the output file and the exit codes. What the
 * report holds is test/report/report.test.ts's business.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArguments } from '../../server/src/cli/arguments';
import {
  examplesFolder,
  frameworkWithError,
  frameworkWithWarning,
  makeTemporaryFolder,
  removeTemporaryFolders,
  runCli,
  validFramework,
  writeFiles,
} from './helpers';

describe('framework-check --report', () => {
  afterEach(removeTemporaryFolders);

  it('reads html and markdown, in either spelling of the option', () => {
    const cases: [string[], string][] = [
      [['--report', 'html'], 'html'],
      [['--report=markdown'], 'markdown'],
    ];
    for (const [argv, expected] of cases) {
      const parsed = parseArguments(argv);
      assert.ok(parsed.command === 'check' && parsed.options.report === expected, argv.join(' '));
    }
    const none = parseArguments([]);
    assert.ok(none.command === 'check' && none.options.report === undefined);
  });

  it('exits 2 and says what to write for a bad or missing format', async () => {
    const folder = makeTemporaryFolder();
    writeFiles(folder, { 'a.framework.yaml': validFramework('a') });
    const bad = await runCli(['--report', 'pdf'], folder);
    assert.equal(bad.code, 2);
    assert.equal(bad.stdout, '');
    assert.equal(
      bad.stderr,
      "framework-check: --report must be one of html, markdown, not 'pdf'. Run framework-check --help to see the options.\n",
    );
    const missing = await runCli(['--report'], folder);
    assert.equal(missing.code, 2);
    assert.match(
      missing.stderr,
      /--report needs a report format: html or markdown, as in --report html --out report\.html\./,
    );
    const typo = await runCli(['--reprot', 'html'], folder);
    assert.equal(typo.code, 2);
    assert.match(typo.stderr, /Did you mean --report\?/);
  });

  it('refuses --format beside it, since the report lists the problems itself', async () => {
    const folder = makeTemporaryFolder();
    writeFiles(folder, { 'a.framework.yaml': validFramework('a') });
    const run = await runCli(['--report', 'html', '--format', 'json'], folder);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /cannot be combined with --format; run framework-check twice/);
  });

  it('writes the report to --out, creating its folder, and nothing to standard output', async () => {
    const folder = makeTemporaryFolder();
    writeFiles(folder, { 'a.framework.yaml': validFramework('a') });
    const html = await runCli(['--report', 'html', '--out', 'reports/strategy.html'], folder);
    assert.equal(html.code, 0);
    assert.equal(html.stdout, '');
    assert.equal(html.stderr, '');
    const written = fs.readFileSync(path.join(folder, 'reports', 'strategy.html'), 'utf8');
    assert.equal(written, (await runCli(['--report', 'html'], folder)).stdout);
    assert.ok(written.includes('id="item:a:1"'));

    const markdown = await runCli(['--report', 'markdown', '-o', 'strategy.md'], folder);
    assert.equal(markdown.code, 0);
    assert.match(
      fs.readFileSync(path.join(folder, 'strategy.md'), 'utf8'),
      /^# Strategic frameworks report\n/,
    );
  });

  it('exits 2 when the report cannot be written', async () => {
    const folder = makeTemporaryFolder();
    writeFiles(folder, { 'a.framework.yaml': validFramework('a') });
    const run = await runCli(
      ['--report', 'markdown', '--out', 'a.framework.yaml/report.md'],
      folder,
    );
    assert.equal(run.code, 2);
    assert.match(
      run.stderr,
      /cannot write the report to a\.framework\.yaml\/report\.md: .*Choose another --out file\./,
    );
  });

  it('keeps the exit codes: 1 for errors or too many warnings, with the report written', async () => {
    const folder = makeTemporaryFolder();
    writeFiles(folder, {
      'warns.framework.yaml': frameworkWithWarning('warns'),
    });
    assert.equal((await runCli(['--report', 'html', '-o', 'r.html'], folder)).code, 0);
    const strict = await runCli(
      ['--report', 'html', '-o', 'r.html', '--max-warnings', '0'],
      folder,
    );
    assert.equal(strict.code, 1);
    assert.match(strict.stderr, /1 warning found; --max-warnings 0 allows no more than 0/);
    writeFiles(folder, { 'fails.framework.yaml': frameworkWithError('fails') });
    fs.rmSync(path.join(folder, 'r.html'));
    const failing = await runCli(['--report', 'markdown', '-o', 'r.md'], folder);
    assert.equal(failing.code, 1);
    assert.match(
      fs.readFileSync(path.join(folder, 'r.md'), 'utf8'),
      /\| error \| unresolved-reference \|/,
    );
  });

  it('reports the examples with exit code 0', async () => {
    const run = await runCli(['--report', 'html'], examplesFolder);
    assert.equal(run.code, 0);
    assert.equal(run.stderr, '');
    assert.ok(run.stdout.includes('INTERPOL Strategic Framework 2017-2020'));
  });

  it('is described by --help', async () => {
    const help = (await runCli(['--help'], examplesFolder)).stdout;
    assert.match(help, /--report FORMAT {5}Instead of the list of problems, write a report of the/);
    assert.match(help, /framework-check examples --report html --out strategy-report\.html/);
  });
});
