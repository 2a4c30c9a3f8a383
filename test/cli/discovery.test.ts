import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { discoverFiles } from '../../server/src/cli/discovery';
import { CliError } from '../../server/src/cli/errors';
import { readFrameworkFiles } from '../../server/src/cli/readWrite';
import { defaultSettings, readSettings } from '../../server/src/service';
import {
  linesOf,
  makeTemporaryFolder,
  removeTemporaryFolders,
  runCli,
  validFramework,
  writeFiles,
} from './helpers';
import type { JsonReport } from './helpers';

/** The files a run checked, from its JSON report. */
async function checkedPaths(argv: readonly string[], cwd: string): Promise<string[]> {
  const run = await runCli([...argv, '--format', 'json'], cwd);
  assert.equal(run.code, 0, run.stderr);
  const report = JSON.parse(run.stdout) as JsonReport;
  return report.files.map((file) => file.path);
}

describe('framework-check file discovery', () => {
  afterEach(removeTemporaryFolders);

  it('walks the current folder by default, skipping node_modules and .git only', async () => {
    const folder = makeTemporaryFolder();
    writeFiles(folder, {
      'b.framework.yaml': validFramework('b'),
      'a.framework.yml': validFramework('a'),
      'plans/deep/c.framework.yaml': validFramework('c'),
      '.github/d.framework.yaml': validFramework('d'),
      '.vscode/e.framework.yaml': validFramework('e'),
      'node_modules/pkg/f.framework.yaml': 'not: [valid',
      'plans/node_modules/g.framework.yaml': 'not: [valid',
      '.git/h.framework.yaml': 'not: [valid',
      'notes.yaml': 'not: [valid',
      'readme.md': '# not a framework',
    });
    assert.deepEqual(await checkedPaths([], folder), [
      '.github/d.framework.yaml',
      '.vscode/e.framework.yaml',
      'a.framework.yml',
      'b.framework.yaml',
      'plans/deep/c.framework.yaml',
    ]);
    assert.deepEqual(await checkedPaths(['plans'], folder), ['plans/deep/c.framework.yaml']);
  });

  it('checks a file named directly whatever its name, even inside node_modules', async () => {
    const folder = makeTemporaryFolder();
    writeFiles(folder, {
      'strategy.yaml': validFramework('s'),
      'node_modules/vendor/plan.txt': validFramework('v'),
    });
    assert.deepEqual(
      await checkedPaths(['strategy.yaml', 'node_modules/vendor/plan.txt'], folder),
      ['node_modules/vendor/plan.txt', 'strategy.yaml'],
    );
  });

  it('treats an argument that is not a path as a glob over the current folder', async () => {
    const folder = makeTemporaryFolder();
    writeFiles(folder, {
      'plans/2024.yaml': validFramework('p2024'),
      'plans/old/2019.yaml': validFramework('p2019'),
      'plans/notes.txt': 'not a framework',
      'node_modules/x/plans/skip.yaml': 'not: [valid',
      'other/a.framework.yaml': validFramework('other'),
    });
    assert.deepEqual(await checkedPaths(['plans/*.yaml'], folder), ['plans/2024.yaml']);
    assert.deepEqual(await checkedPaths(['./plans/**/*.yaml'], folder), [
      'plans/2024.yaml',
      'plans/old/2019.yaml',
    ]);
    assert.deepEqual(await checkedPaths(['**/*.yaml'], folder), [
      'other/a.framework.yaml',
      'plans/2024.yaml',
      'plans/old/2019.yaml',
    ]);
    assert.deepEqual(await checkedPaths(['{plans,other}/*.yaml'], folder), [
      'other/a.framework.yaml',
      'plans/2024.yaml',
    ]);
  });

  it('checks each file once, however many arguments select it, in sorted order', async () => {
    const folder = makeTemporaryFolder();
    writeFiles(folder, {
      'z.framework.yaml': validFramework('z'),
      'a.framework.yaml': validFramework('a'),
    });
    const run = await runCli(['z.framework.yaml', '.', '*.yaml', '--format', 'json'], folder);
    const report = JSON.parse(run.stdout) as JsonReport;
    assert.deepEqual(
      report.files.map((file) => file.path),
      ['a.framework.yaml', 'z.framework.yaml'],
    );
    assert.equal(report.summary.files, 2);
  });

  it('checks files outside the current folder, named with ../', async () => {
    const parent = makeTemporaryFolder();
    writeFiles(parent, {
      'work/.keep': '',
      'shared/s.framework.yaml': validFramework('s'),
      'shared/t.yaml': validFramework('t'),
    });
    const cwd = path.join(parent, 'work');
    assert.deepEqual(await checkedPaths(['../shared'], cwd), ['../shared/s.framework.yaml']);
    assert.deepEqual(await checkedPaths(['../shared/*.yaml'], cwd), [
      '../shared/s.framework.yaml',
      '../shared/t.yaml',
    ]);
  });

  it('selects files in folders with the include and exclude settings, relative to the current folder', async () => {
    const folder = makeTemporaryFolder();
    writeFiles(folder, {
      '.vscode/settings.json': JSON.stringify({
        'strategicFrameworks.files.include': ['plans/**/*.yaml', '**/*.framework.yaml'],
        'strategicFrameworks.files.exclude': ['archive/**'],
      }),
      'plans/2024.yaml': validFramework('p2024'),
      'a.framework.yaml': validFramework('a'),
      'archive/old.framework.yaml': 'not: [valid',
      'archive/older.yaml': 'not: [valid',
      'notes.yaml': validFramework('notes'),
    });
    assert.deepEqual(await checkedPaths([], folder), ['a.framework.yaml', 'plans/2024.yaml']);
    // A glob replaces include (notes.yaml is checked), but exclude still applies to it.
    assert.deepEqual(await checkedPaths(['**/*.yaml', 'a.framework.yaml'], folder), [
      'a.framework.yaml',
      'notes.yaml',
      'plans/2024.yaml',
    ]);
    // A file named directly is always checked.
    writeFiles(folder, { 'archive/kept.yaml': validFramework('kept') });
    assert.deepEqual(await checkedPaths(['archive/kept.yaml'], folder), ['archive/kept.yaml']);
  });

  it('exits 2 naming each path or glob that matches no framework file', async () => {
    const folder = makeTemporaryFolder();
    writeFiles(folder, {
      'a.framework.yaml': validFramework('a'),
      'empty/notes.yaml': 'not a framework',
    });
    const run = await runCli(
      ['a.framework.yaml', 'missing.framework.yaml', 'empty', 'x/**/*.yaml'],
      folder,
    );
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.deepEqual(linesOf(run.stderr), [
      "framework-check: no such file or folder: 'missing.framework.yaml'. Check the path, or run framework-check in the folder that holds it.",
      "framework-check: no framework files in the folder 'empty'. In a folder, framework files are those matching strategicFrameworks.files.include (**/*.framework.yaml, **/*.framework.yml) and not strategicFrameworks.files.exclude; name a file to check it whatever its name.",
      "framework-check: no files match the glob 'x/**/*.yaml'. Globs are relative to the current folder; quote them so that the shell does not expand them.",
    ]);
  });

  it('exits 2 when the current folder holds no framework file', async () => {
    const run = await runCli([], makeTemporaryFolder());
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^framework-check: no framework files in the folder '\.'/);
  });

  it('does not loop on a symbolic link back up the tree', async function () {
    const folder = makeTemporaryFolder();
    writeFiles(folder, { 'plans/a.framework.yaml': validFramework('a') });
    try {
      fs.symlinkSync(folder, path.join(folder, 'plans', 'loop'), 'dir');
    } catch {
      this.skip(); // Creating links needs a privilege on some Windows machines.
    }
    assert.deepEqual(await discoverFiles(['.'], folder, defaultSettings), [
      path.join(folder, 'plans', 'a.framework.yaml'),
    ]);
  });

  it('exits 2 for an argument that is neither a file nor a folder', async function () {
    if (process.platform === 'win32') this.skip(); // No FIFOs there.
    const folder = makeTemporaryFolder();
    const { execFileSync } = await import('node:child_process');
    execFileSync('mkfifo', [path.join(folder, 'pipe.framework.yaml')]);
    const run = await runCli(['pipe.framework.yaml'], folder);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /pipe\.framework\.yaml is neither a file nor a folder/);
  });

  it('reports every file it cannot read, by name', async () => {
    const folder = makeTemporaryFolder();
    writeFiles(folder, { 'a.framework.yaml': validFramework('a') });
    await assert.rejects(
      readFrameworkFiles(
        [path.join(folder, 'a.framework.yaml'), path.join(folder, 'gone.framework.yaml'), folder],
        folder,
      ),
      (error: unknown) =>
        error instanceof CliError &&
        error.message.includes('cannot read gone.framework.yaml: it does not exist.') &&
        error.message.includes('cannot read .: it is a directory.'),
    );
  });

  it('exits 2 when a framework file is unreadable', async function () {
    // Permissions do not stop root, nor work the same way on Windows.
    if (process.platform === 'win32' || process.getuid?.() === 0) this.skip();
    const folder = makeTemporaryFolder();
    writeFiles(folder, { 'a.framework.yaml': validFramework('a') });
    fs.chmodSync(path.join(folder, 'a.framework.yaml'), 0o000);
    const run = await runCli([], folder);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /cannot read a\.framework\.yaml: permission denied/);
  });

  it('reads files as UTF-8 without their byte order mark', async () => {
    const folder = makeTemporaryFolder();
    writeFiles(folder, { 'a.framework.yaml': `\ufeff${validFramework('a')}` });
    const [text] = await readFrameworkFiles([path.join(folder, 'a.framework.yaml')], folder);
    assert.equal(text, validFramework('a'));
    const run = await runCli([], folder);
    assert.equal(run.code, 0, run.stdout);
  });

  it('exits 2 for a glob argument past the limits, saying why, and answers hostile ones at once', async () => {
    const folder = makeTemporaryFolder();
    const long = `${'a'.repeat(200)}.framework.yaml`;
    writeFiles(folder, { 'plans/a.framework.yaml': validFramework('a'), [`plans/${long}`]: '' });
    const bomb = `plans/${'{a,b}'.repeat(11)}`;
    const run = await runCli([bomb], folder);
    assert.equal(run.code, 2);
    assert.deepEqual(linesOf(run.stderr), [
      `framework-check: the glob '${bomb}' cannot be used: its braces expand to more than 1,000 alternatives; split it into several globs, each with fewer braces.`,
    ]);
    // Short segments, so that the system can look for such a path, and finds nothing.
    const tooLong = `plans/${'*/'.repeat(500)}x`;
    assert.deepEqual(linesOf((await runCli([tooLong], folder)).stderr), [
      `framework-check: the glob '${tooLong.slice(0, 60)}…' cannot be used: it has 1,007 characters, more than the 1,000 a glob may have; shorten it, or split it into several globs.`,
    ]);
    // minimatch took most of a second for the first on that name, and never finished
    // the second.
    const started = performance.now();
    await assert.rejects(
      discoverFiles(['plans/*a*a*a*b'], folder, defaultSettings),
      /no files match the glob 'plans\/\*a\*a\*a\*b'/,
    );
    assert.deepEqual(
      await discoverFiles(['plans/*a*a*a*a*a*a*a*a*a*a*a*a*.yaml'], folder, defaultSettings),
      [path.join(folder, 'plans', long)],
    );
    assert.ok(performance.now() - started < 5_000);
  });

  it('matches settings globs with dot files included', async () => {
    const folder = makeTemporaryFolder();
    writeFiles(folder, { '.hidden/a.framework.yaml': validFramework('a') });
    const settings = readSettings({ files: { include: ['**/*.framework.yaml'] } }).settings;
    assert.deepEqual(await discoverFiles(['.'], folder, settings), [
      path.join(folder, '.hidden', 'a.framework.yaml'),
    ]);
  });
});
