/**
 * The checker against the shipped INTERPOL examples: clean as they are, and naming
 * every broken reference, with its exact place, once a goal is renumbered.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import {
  examplesFolder,
  linesOf,
  makeTemporaryFolder,
  positionOf,
  removeTemporaryFolders,
  repositoryRoot,
  runCli,
} from './helpers';
import type { JsonReport, SarifLog } from './helpers';

const olderFile = 'interpol-2014-2016.framework.yaml';
const newerFile = 'interpol-2017-2020.framework.yaml';

/** Copies the examples to a temporary folder, with goal "1" of 2014-2016 renumbered "9". */
function examplesWithGoalOneRenamed(): string {
  const folder = makeTemporaryFolder();
  for (const name of fs.readdirSync(examplesFolder)) {
    fs.copyFileSync(path.join(examplesFolder, name), path.join(folder, name));
  }
  const olderPath = path.join(folder, olderFile);
  const older = fs.readFileSync(olderPath, 'utf8');
  const goalOne = /^ {2}- id: "1"$/gm;
  assert.equal(older.match(goalOne)?.length, 1, 'goal "1" is defined once');
  fs.writeFileSync(olderPath, older.replace(goalOne, '  - id: "9"'));
  return folder;
}

/** Every place the newer framework refers to goal 1 of the older one: the ID after the colon. */
function referencesToGoalOne(text: string): { line: number; column: number }[] {
  const reference = '"interpol-2014-2016:1"';
  const prefix = '"interpol-2014-2016:'.length;
  const places: { line: number; column: number }[] = [];
  for (
    let offset = text.indexOf(reference);
    offset >= 0;
    offset = text.indexOf(reference, offset + 1)
  ) {
    const place = positionOf(text, reference, offset);
    places.push({ line: place.line, column: place.column + prefix });
  }
  return places;
}

describe('framework-check on the examples', () => {
  afterEach(removeTemporaryFolders);

  it('finds no error or warning in the examples as shipped, only the items nothing continues, and exits 0', async () => {
    // The 2014-2016 goals and objectives that no 2017-2020 item names in `supersedes`.
    interface Item {
      id: string;
      supersedes?: string[];
      retired?: string;
      objectives?: Item[];
    }
    const read = (name: string): { goals: Item[]; programmes?: Item[] } =>
      parse(fs.readFileSync(path.join(examplesFolder, name), 'utf8')) as {
        goals: Item[];
        programmes?: Item[];
      };
    const items = (document: { goals: Item[]; programmes?: Item[] }): Item[] =>
      [...document.goals, ...(document.programmes ?? [])].flatMap((item) => [
        item,
        ...(item.objectives ?? []),
      ]);
    const continued = new Set(items(read(newerFile)).flatMap((item) => item.supersedes ?? []));
    const leftOver = read(olderFile)
      .goals.flatMap((goal) => [goal, ...(goal.objectives ?? [])])
      .filter((item) => !item.retired && !continued.has(`interpol-2014-2016:${item.id}`));
    assert.ok(leftOver.length > 0);

    const run = await runCli(['examples'], repositoryRoot);
    assert.equal(run.code, 0);
    assert.equal(run.stderr, '');
    const lines = linesOf(run.stdout);
    assert.equal(
      lines.pop(),
      `Checked 2 files, 2 frameworks, 40 items: 0 errors, 0 warnings, ${leftOver.length} infos.`,
    );
    assert.equal(lines.length, leftOver.length);
    lines.forEach((line, at) => {
      assert.ok(line.startsWith(`examples/${olderFile}:`), line);
      assert.match(
        line,
        new RegExp(
          `: info unaccounted-predecessor: \\w+ ${leftOver[at].id.replace('.', '\\.')} of 'interpol-2014-2016'`,
        ),
      );
    });
  });

  it('names every reference broken by renumbering goal 1, with its file, line and column', async () => {
    const folder = examplesWithGoalOneRenamed();
    const newerText = fs.readFileSync(path.join(folder, newerFile), 'utf8');
    const expected = referencesToGoalOne(newerText);
    assert.ok(expected.length >= 1, 'the newer framework refers to goal 1');

    const json = await runCli(['--format', 'json'], folder);
    assert.equal(json.code, 1);
    const report = JSON.parse(json.stdout) as JsonReport;
    const newer = report.files.find((file) => file.path === newerFile);
    assert.ok(newer);
    const broken = newer.diagnostics.filter(
      (diagnostic) => diagnostic.code === 'unresolved-reference',
    );
    assert.deepEqual(
      broken.map((diagnostic) => ({ line: diagnostic.line, column: diagnostic.column })),
      expected,
    );
    for (const diagnostic of broken) {
      assert.equal(diagnostic.severity, 'error');
      assert.equal(diagnostic.endColumn, diagnostic.column + 1, 'the range covers the ID "1"');
      assert.match(diagnostic.message, /No item '1' in framework 'interpol-2014-2016'/);
      // The renumbered goal keeps its objectives 1.1-1.3, so the service suggests it first.
      assert.equal(diagnostic.candidates?.[0], 'interpol-2014-2016:9');
    }
    assert.equal(report.summary.errors, expected.length);

    const text = await runCli([], folder);
    assert.equal(text.code, 1);
    const errorLines = linesOf(text.stdout).filter((line) => line.includes(': error '));
    assert.deepEqual(
      errorLines.map((line) => line.slice(0, line.indexOf(': error'))),
      expected.map((place) => `${newerFile}:${place.line}:${place.column}`),
    );
    for (const line of errorLines) assert.match(line, /: error unresolved-reference: No item '1'/);
  });

  it('exits 1 for the broken copy in SARIF too, with the same places', async () => {
    const folder = examplesWithGoalOneRenamed();
    const expected = referencesToGoalOne(fs.readFileSync(path.join(folder, newerFile), 'utf8'));
    const run = await runCli(['--format', 'sarif', '.'], folder);
    assert.equal(run.code, 1);
    const log = JSON.parse(run.stdout) as SarifLog;
    const broken = log.runs[0].results.filter((result) => result.ruleId === 'unresolved-reference');
    assert.deepEqual(
      broken.map((result) => {
        const location = result.locations[0].physicalLocation;
        return [
          location.artifactLocation.uri,
          location.region.startLine,
          location.region.startColumn,
        ];
      }),
      expected.map((place) => [newerFile, place.line, place.column]),
    );
  });
});
