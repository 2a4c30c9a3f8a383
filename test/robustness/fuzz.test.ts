/**
 * The fuzzer in `npm test`: a fixed-seed run through every feature of the service,
 * and its first cases through the real server over stdio. The long run is
 * `npm run fuzz` (scripts/fuzz.mjs).
 */
import * as assert from 'node:assert/strict';
import {
  caseRandom,
  serverCasesInTests,
  serviceCasesInTests,
  sessionEveryInTests,
  testSeed,
  withCase,
} from './fuzzer';
import { runCasesInParallel } from './fuzzWorker';
import { generateCase } from './inputs';
import { assertServesNormalFile, FuzzServer } from './serverExercise';

describe('fuzzing', function () {
  this.timeout(120_000);

  it(`answers ${serviceCasesInTests} random and mutated files through the service, every range inside`, async () => {
    // Two workers, one per core of the machines this runs on. A case that runs 10 s
    // is a hang: the watchdog stops it and reports its number.
    const run = await runCasesInParallel(testSeed, 0, serviceCasesInTests, {
      workers: 2,
      jobTimeout: 10_000,
      sessionEvery: sessionEveryInTests,
    });
    assert.deepEqual(
      run.failures.map((failure) => `${JSON.stringify(failure.job)}: ${failure.message}`),
      [],
    );
    // The run must have reached every kind of input and every feature.
    for (const kind of ['bytes', 'utf8', 'mutation']) {
      assert.ok(
        (run.byKind[kind] ?? 0) > serviceCasesInTests / 10,
        `${kind} cases: ${run.byKind[kind]}`,
      );
    }
    // Editing sessions took the service through many versions of a file.
    assert.ok((run.requests.editedVersions ?? 0) > serviceCasesInTests / 4, 'edited versions');
    for (const feature of ['completion', 'rename', 'codeAction', 'newItem', 'traceability']) {
      assert.ok((run.requests[feature] ?? 0) >= serviceCasesInTests / 4, `${feature} requests`);
    }
  });

  it(`answers ${serverCasesInTests} of them over stdio, stays alive and keeps serving`, async () => {
    const server = await FuzzServer.start();
    try {
      const uri = server.uriOf('fuzzed.framework.yaml');
      let requests = 0;
      for (let number = 0; number < serverCasesInTests; number++) {
        const fuzzCase = generateCase(testSeed, number);
        try {
          await server.setText(uri, fuzzCase.text);
          await server.diagnostics(uri);
          requests += await server.exercise(uri, caseRandom(fuzzCase));
        } catch (error) {
          throw withCase(error, fuzzCase);
        }
      }
      assert.ok(requests > serverCasesInTests * 10, `${requests} requests answered`);
      await server.close(uri);
      await assertServesNormalFile(server);
    } finally {
      await server.stop();
    }
  });
});
