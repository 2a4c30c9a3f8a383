/**
 * Every input that once made the service or the server fail, and the hostile inputs
 * small enough to keep (test/robustness/corpus/), through the service at many
 * positions and through the real server over stdio.
 */
import * as assert from 'node:assert/strict';
import { Random } from '../random';
import { corpusBytes, corpusFiles, corpusText, nameSeed, readCorpusIndex } from './corpus';
import { runJobsInWorker } from './fuzzWorker';
import type { JobFailure } from './fuzzWorker';
import { knownBugs, setTolerance } from './knownBugs';
import { assertServesNormalFile, FuzzServer } from './serverExercise';

const index = readCorpusIndex();
const files = corpusFiles();
/** Files that still break the corpus tests through a known bug: their tests are skipped. */
const knownBugFiles = new Set(
  files.filter((file) => {
    const name = index[file]?.knownBug;
    return name !== undefined && knownBugs[name].breaksCorpusTests;
  }),
);
const checkedFiles = files.filter((file) => !knownBugFiles.has(file));

describe('the corpus', function () {
  this.timeout(60_000);

  it('describes every file it holds, and holds every file it describes', () => {
    assert.deepEqual(Object.keys(index).sort(), files);
    for (const [file, entry] of Object.entries(index)) {
      assert.ok(entry.what && entry.found, `${file} says what it is and where it came from`);
      if (entry.knownBug)
        assert.ok(entry.knownBug in knownBugs, `${file}: ${entry.knownBug} is a known bug`);
    }
    for (const [name, bug] of Object.entries(knownBugs)) {
      for (const file of bug.corpusFiles)
        assert.equal(index[file]?.knownBug, name, `${file} is marked ${name}`);
    }
  });

  it('still shows each known bug, so that none outlives its fix', () => {
    setTolerance(false);
    try {
      for (const [name, bug] of Object.entries(knownBugs)) {
        for (const file of bug.corpusFiles) {
          assert.ok(
            bug.shows(corpusText(file)),
            `${file} no longer shows ${name}: the bug is fixed, so remove it from knownBugs.ts ` +
              'and the knownBug of its files from corpus/index.json',
          );
        }
      }
    } finally {
      setTolerance(true);
    }
  });

  describe('through the service, at many positions', () => {
    const failures = new Map<string, JobFailure[]>();

    before(async () => {
      // In a worker, so that an input that hangs the service again fails its test
      // instead of hanging the run.
      const run = await runJobsInWorker(
        checkedFiles.map((file) => ({ type: 'corpus', file })),
        10_000,
      );
      for (const failure of run.failures) {
        if (failure.job.type !== 'corpus') continue;
        failures.set(failure.job.file, [...(failures.get(failure.job.file) ?? []), failure]);
      }
    });

    for (const file of files) {
      if (knownBugFiles.has(file)) {
        // Skipped while the known bug is open; the test above checks it still shows.
        it.skip(`${file} (open bug: ${index[file].knownBug})`, () => undefined);
        continue;
      }
      it(file, () => {
        assert.deepEqual(
          (failures.get(file) ?? []).map((failure) => failure.message),
          [],
        );
      });
    }
  });

  describe('through the server over stdio', () => {
    let server: FuzzServer;
    const onDisk = checkedFiles.filter((file) => corpusBytes(file) !== undefined);

    before(async () => {
      // The files kept as bytes are on disk when the server starts, as in a
      // repository; the others are opened as documents.
      server = await FuzzServer.start(
        Object.fromEntries(onDisk.map((file) => [file, corpusBytes(file) as Buffer])),
      );
    });

    after(async () => {
      await server?.stop();
    });

    for (const file of files) {
      if (knownBugFiles.has(file)) {
        it.skip(`${file} (open bug: ${index[file].knownBug})`, () => undefined);
        continue;
      }
      it(file, async () => {
        let uri = server.uriOf(file);
        if (!onDisk.includes(file)) {
          uri = server.uriOf(`${file}.framework.yaml`);
          await server.setText(uri, corpusText(file));
        }
        await server.diagnostics(uri);
        await server.exercise(uri, new Random(nameSeed(file)), 10);
        assert.ok(server.alive, 'the server process is running');
      });
    }

    it('still serves an ordinary file beside all of them', async () => {
      await assertServesNormalFile(server);
    });
  });
});
