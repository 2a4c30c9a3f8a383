/**
 * The benchmark's workspace generator (`bench/generate.mjs`), run as `npm run bench` runs
 * it, in a child process: the same files on every run, and exactly the planted problems
 * that keep the benchmark's diagnostics from being empty, nothing else. The benchmark
 * itself is a script, not a test; this only keeps its input honest.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  makeTemporaryFolder,
  removeTemporaryFolders,
  repositoryRoot,
  runCli,
} from '../cli/helpers';

const generator = path.join(repositoryRoot, 'bench', 'generate.mjs');

function generate(out: string, only: string): string {
  const run = spawnSync(process.execPath, [generator, '--only', only, '--out', out], {
    encoding: 'utf8',
  });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout;
}

function filesOf(folder: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of fs.readdirSync(folder).sort()) {
    files.set(name, fs.readFileSync(path.join(folder, name), 'utf8'));
  }
  return files;
}

/** The diagnostic codes `framework-check` reports for a folder, counted. */
async function codesIn(folder: string): Promise<Record<string, number>> {
  const run = await runCli(['--format', 'json', folder], folder);
  const report = JSON.parse(run.stdout) as {
    files: { diagnostics: { code: string | null }[] }[];
  };
  const counts: Record<string, number> = {};
  for (const file of report.files) {
    for (const diagnostic of file.diagnostics) {
      const code = diagnostic.code ?? 'none';
      counts[code] = (counts[code] ?? 0) + 1;
    }
  }
  return counts;
}

describe('the benchmark workspace generator', function () {
  this.timeout(60_000);
  afterEach(removeTemporaryFolders);

  it('writes the same files on every run, and W2 is the first 20 files of W3', () => {
    const first = makeTemporaryFolder();
    const second = makeTemporaryFolder();
    generate(first, 'w1,w2');
    generate(second, 'w1,w2');
    for (const name of ['w1', 'w2']) {
      assert.deepEqual(filesOf(path.join(first, name)), filesOf(path.join(second, name)));
    }
    const w2 = filesOf(path.join(first, 'w2'));
    assert.equal(w2.size, 20);
    assert.deepEqual([...w2.keys()].slice(0, 2), ['w001.framework.yaml', 'w002.framework.yaml']);
    const bytes = [...w2.values()].reduce((sum, text) => sum + Buffer.byteLength(text), 0);
    assert.ok(bytes > 2.2e6 && bytes < 2.6e6, `W2 holds ${bytes} bytes, not about 2.4 MB`);
  });

  it('regenerates a workspace only when it is missing', () => {
    const out = makeTemporaryFolder();
    assert.match(generate(out, 'w1'), /w1: 1 files, .* generated/);
    assert.match(generate(out, 'w1'), /w1: 1 files, .* up to date/);
    fs.rmSync(path.join(out, 'w1'), { recursive: true });
    assert.match(generate(out, 'w1'), /generated/);
  });

  it('plants exactly the promised problems, so every other reference resolves', async () => {
    const out = makeTemporaryFolder();
    generate(out, 'w1,w2');
    // W1: one of each, the duplicate reported at both of its items.
    assert.deepEqual(await codesIn(path.join(out, 'w1')), {
      'duplicate-id': 2,
      'unknown-framework': 1,
      'unknown-key': 1,
      'unresolved-reference': 1,
    });
    // W2: files 10 and 20 hold a broken reference and a duplicate, file 20 an unknown
    // framework, files 5, 10, 15 and 20 an unknown key. The duplicate in file 10 takes
    // the ID of objective 4.25, which file 11 supersedes: one more unresolved reference.
    // Files 10 and 20 leave three objectives of their predecessors (9 and 19)
    // unaccounted for, and the second of file 10's duplicated objectives is continued
    // by nothing (references resolve to the first).
    assert.deepEqual(await codesIn(path.join(out, 'w2')), {
      'duplicate-id': 4,
      'unaccounted-predecessor': 7,
      'unknown-framework': 1,
      'unknown-key': 4,
      'unresolved-reference': 3,
    });
  });
});
