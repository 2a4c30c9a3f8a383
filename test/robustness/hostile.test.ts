/**
 * Hostile files (`hostileInputs.ts`) through the service, with bounds on time and
 * memory, and through the real server over stdio, which must go on serving an
 * ordinary file beside each of them.
 */
import * as assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-types';
import { uriOf } from '../service/helpers';
import { hostileInputs, measureHostileInput } from './hostileInputs';
import type { HostileInput, HostileMeasure } from './hostileInputs';
import { assertDiagnostics, DocumentLines } from './invariants';
import { assertServesNormalFile, FuzzServer } from './serverExercise';

/** The service's measure of each input, taken once and shared by the tests below. */
const measures = new Map<string, HostileMeasure>();

function measureOf(input: HostileInput): HostileMeasure {
  let measure = measures.get(input.name);
  if (!measure) {
    measure = measureHostileInput(input);
    measures.set(input.name, measure);
  }
  return measure;
}

describe('hostile input', function () {
  this.timeout(60_000);

  after(() => measures.clear());

  describe('through the service', () => {
    for (const input of hostileInputs) {
      it(`${input.name}: a clear diagnostic inside the file, in under ${input.maxMilliseconds} ms and ${input.maxHeapGrowthMb} MB`, () => {
        const measure = measureOf(input);
        const lines = new DocumentLines(measure.text);
        const uri = uriOf('hostile');
        assertDiagnostics(new Map([[uri, lines]]), uri, measure.diagnostics, input.name);
        input.expect(measure.diagnostics, lines, measure.outline);
        assert.ok(
          measure.milliseconds < input.maxMilliseconds,
          `${input.rounds} rounds took ${measure.milliseconds} ms`,
        );
        assert.ok(
          measure.heapGrowthMb < input.maxHeapGrowthMb,
          `the service holds ${measure.heapGrowthMb} MB more heap`,
        );
      });
    }
  });

  describe('through the server over stdio', () => {
    let server: FuzzServer;

    before(async () => {
      server = await FuzzServer.start();
      await assertServesNormalFile(server);
    });

    after(async () => {
      await server?.stop();
    });

    for (const [index, input] of hostileInputs.entries()) {
      it(`${input.name}: diagnostics inside the file, and an ordinary file beside it still served`, async () => {
        const { text, bytes } = input.make();
        const name = `hostile-${index}.framework.yaml`;
        const onDisk = bytes !== undefined || input.onDisk === true;
        let uri: string;
        const started = performance.now();
        let diagnostics: Diagnostic[] = [];
        if (onDisk) {
          uri = server.writeFile(name, bytes ?? text);
          await server.diskChanged(uri, 1);
          diagnostics = await server.diagnostics(uri, () => true, 30_000);
        } else {
          uri = server.uriOf(name);
          // Checked several times in one process, with a new version each time.
          for (let round = 0; round < Math.min(input.rounds, 5); round++) {
            await server.setText(uri, round === 0 ? text : `${text}\n# round ${round}\n`);
            diagnostics = await server.diagnostics(uri, () => true, 30_000);
          }
        }
        const milliseconds = performance.now() - started;
        assert.ok(milliseconds < 30_000, `answered in ${Math.round(milliseconds)} ms`);
        // Without other files the service reported these; the server must too.
        if (input.settings === undefined) {
          const expected = new Set(measureOf(input).diagnostics.map((d) => d.code));
          const published = new Set(diagnostics.map((d) => d.code));
          for (const code of expected) assert.ok(published.has(code), `${String(code)} published`);
        }
        await assertServesNormalFile(server);
        if (onDisk) await server.diskChanged(uri, 3);
        else await server.close(uri);
        assert.ok(server.alive, 'the server process is running');
      });
    }
  });
});
