/**
 * The fuzzer's run: cases from `inputs.ts` through every feature of the service
 * (`exercise.ts`). `fuzz.test.ts` runs a fixed number of cases in `npm test`;
 * `scripts/fuzz.mjs` (`npm run fuzz`) runs as many as asked and keeps every failing
 * input in the corpus.
 */
import * as assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import type { FrameworkLanguageService } from '../../server/src/service';
import { caseSeed, Random } from '../random';
import { createTestWorkspace, uriOf } from '../service/helpers';
import { corpusPositions, corpusText, nameSeed } from './corpus';
import { exerciseService } from './exercise';
import type { EditedService, RequestCounts } from './exercise';
import { examples } from './inputs';
import type { FuzzCase } from './inputs';
import { assertDiagnostics, DocumentLines } from './invariants';

/** The seed of the run in `npm test`; changing it changes every case. */
export const testSeed = 20261126;
/** Cases run through the service in `npm test`. */
export const serviceCasesInTests = 2000;
/** In `npm test`, every how many mutations is an editing session (see `runServiceCase`). */
export const sessionEveryInTests = 2;
/** Cases run through the real server in `npm test`. */
export const serverCasesInTests = 250;

/** The name the fuzzed file has in its workspace; its companions have others. */
export const fuzzedName = 'fuzzed';

/** Random positions tried per case. */
const positionsPerCase = 3;

/** The generator of positions and choices for a case, separate from its input's. */
export function caseRandom(fuzzCase: FuzzCase): Random {
  return new Random(caseSeed(fuzzCase.runSeed, fuzzCase.caseNumber) ^ 0x5bd1e995);
}

/**
 * Runs one case through the service; throws, with the case named in the message, the
 * first exception or broken invariant. A mutation whose case number is a multiple of
 * `sessionEvery` is an editing session: the service indexes the original file and
 * then each edit as a new version, as in an editor, and must end with the same
 * answers as a service that reads the final text afresh. (A session parses the file
 * once per edit, so `npm test` runs one for every second mutation, the long run for
 * every one.)
 */
export function runServiceCase(
  fuzzCase: FuzzCase,
  counts: RequestCounts = {},
  sessionEvery = 1,
): void {
  try {
    const files = { [fuzzedName]: fuzzCase.text, ...fuzzCase.companions };
    const inSession = fuzzCase.history.length > 1 && fuzzCase.caseNumber % sessionEvery === 0;
    const session = inSession ? editingSession(fuzzCase, counts) : undefined;
    exerciseService(files, fuzzedName, caseRandom(fuzzCase), {
      positions: positionsPerCase,
      counts,
      session,
    });
  } catch (error) {
    throw withCase(error, fuzzCase);
  }
}

/**
 * A service taken through a mutation's history one version at a time, each version's
 * diagnostics checked, its final answers compared with a fresh service's.
 */
function editingSession(fuzzCase: FuzzCase, counts: RequestCounts): EditedService {
  const [original, ...edits] = fuzzCase.history;
  const { workspace, service } = createTestWorkspace({
    [fuzzedName]: original,
    ...fuzzCase.companions,
  });
  const uri = uriOf(fuzzedName);
  service.getDiagnostics(uri);
  const documents = new Map(
    Object.entries(fuzzCase.companions).map(([name, text]) => [
      uriOf(name),
      new DocumentLines(text),
    ]),
  );
  let version = 1;
  for (const text of edits) {
    version = workspace.set(uri, text).version;
    documents.set(uri, new DocumentLines(text));
    assertDiagnostics(documents, uri, service.getDiagnostics(uri), `version ${version}`);
    counts.diagnostics = (counts.diagnostics ?? 0) + 1;
  }
  const fresh = createTestWorkspace({
    [fuzzedName]: fuzzCase.text,
    ...fuzzCase.companions,
  }).service;
  const answers = (subject: FrameworkLanguageService): Record<string, unknown> => ({
    diagnostics: Object.fromEntries(
      subject
        .getFileUris()
        .sort()
        .map((file) => [file, subject.getDiagnostics(file)]),
    ),
    symbols: subject.getDocumentSymbols(uri),
    tree: subject.getFrameworkTree(),
  });
  const [edited, scratch] = [answers(service), answers(fresh)];
  if (!isDeepStrictEqual(edited, scratch)) {
    assert.fail(
      `After the edits the service answers otherwise than from scratch: ${firstDifference(edited, scratch)}`,
    );
  }
  counts.editedVersions = (counts.editedVersions ?? 0) + edits.length;
  return { service, versionOf: (target) => (target === uri ? version : 1) };
}

/** Where two plain-data values first differ, as a path and the two values there. */
export function firstDifference(a: unknown, b: unknown, path = ''): string {
  const show = (value: unknown): string => JSON.stringify(value)?.slice(0, 200) ?? 'undefined';
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return `${path || 'the value'}: ${show(a)} against ${show(b)}`;
  }
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  for (const key of keys) {
    const [x, y] = [(a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]];
    if (!isDeepStrictEqual(x, y)) return firstDifference(x, y, `${path}.${key}`);
  }
  return `${path || 'the value'}: ${show(a)} against ${show(b)}`;
}

/** The error, its message prefixed with the case that caused it, so it replays. */
export function withCase(error: unknown, fuzzCase: FuzzCase): Error {
  const failure = error instanceof Error ? error : new Error(String(error));
  failure.message = `Fuzz case ${fuzzCase.caseNumber} of seed ${fuzzCase.runSeed} (${fuzzCase.kind}: ${fuzzCase.description.slice(0, 200)}): ${failure.message}`;
  return failure;
}

/**
 * Runs one corpus file through the service, beside both examples, at many positions
 * (see `corpusPositions`); throws, with the file named, what `runServiceCase` would.
 */
export function runCorpusFile(file: string, counts: RequestCounts = {}): void {
  try {
    const text = corpusText(file);
    const random = new Random(nameSeed(file));
    exerciseService(
      {
        [fuzzedName]: text,
        early: examples['interpol-2014-2016'],
        late: examples['interpol-2017-2020'],
      },
      fuzzedName,
      random,
      { positions: corpusPositions(new DocumentLines(text), random), counts },
    );
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error));
    failure.message = `Corpus file ${file}: ${failure.message}`;
    throw failure;
  }
}
