import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { CodeLens, Location, Position, Range } from 'vscode-languageserver-types';
import { parse } from 'yaml';
import { readSettings } from '../../server/src/service';
import { createTestWorkspace, sampleFramework, uriOf } from './helpers';

const examplesFolder = path.join(__dirname, '..', '..', '..', 'examples');
const examples = {
  old: readFileSync(path.join(examplesFolder, 'interpol-2014-2016.framework.yaml'), 'utf8'),
  new: readFileSync(path.join(examplesFolder, 'interpol-2017-2020.framework.yaml'), 'utf8'),
};

/** The zero-based line of the first line of `text` that contains `needle`. */
function lineOf(text: string, needle: string): number {
  const line = text.split('\n').findIndex((candidate) => candidate.includes(needle));
  assert.ok(line >= 0, `${needle} is in the text`);
  return line;
}

/** The counts lens (`3 objectives · 1 programme`) is told apart by its separator. */
const isCountsLens = (lens: CodeLens): boolean => (lens.command?.title ?? '').includes(' · ');

/** The reference and supersedes lens titles on one line (the counts lens has tests of its own). */
function titlesAt(lenses: readonly CodeLens[], line: number): string[] {
  return lenses
    .filter((lens) => lens.range.start.line === line && !isCountsLens(lens))
    .map((lens) => lens.command?.title ?? '');
}

describe('code lenses', () => {
  it('shows supersedes links and reference counts across two files (the examples)', () => {
    const { service } = createTestWorkspace(examples);
    const newLenses = service.getCodeLenses(uriOf('new'));
    const goal1 = lineOf(examples.new, 'id: "1"');
    assert.deepEqual(titlesAt(newLenses, goal1), [
      '0 references',
      'supersedes interpol-2014-2016:1',
      'supersedes interpol-2014-2016:4.1',
      'supersedes interpol-2014-2016:4.2',
    ]);
    const supersedes = newLenses.find((lens) => lens.command?.title.endsWith(':1'));
    assert.equal(supersedes?.command?.command, 'strategicFrameworks.revealItem');
    const [uri, range] = (supersedes?.command?.arguments ?? []) as [string, Range];
    assert.equal(uri, uriOf('old'));
    assert.equal(range.start.line, lineOf(examples.old, 'id: "1"'));

    const oldLenses = service.getCodeLenses(uriOf('old'));
    const oldGoal1 = lineOf(examples.old, 'id: "1"');
    assert.deepEqual(titlesAt(oldLenses, oldGoal1), [
      '1 reference',
      'superseded by interpol-2017-2020:1',
    ]);
    const supersededBy = oldLenses.find((lens) => lens.command?.title.startsWith('superseded'));
    const [byUri, byRange] = (supersededBy?.command?.arguments ?? []) as [string, Range];
    assert.equal(byUri, uriOf('new'));
    assert.equal(byRange.start.line, goal1);
  });

  it('summarises more than three supersedes links in one lens that lists them', () => {
    const { service } = createTestWorkspace(examples);
    const lenses = service.getCodeLenses(uriOf('new'));
    const goal2 = lineOf(examples.new, 'id: "2"');
    assert.deepEqual(titlesAt(lenses, goal2), ['3 references', 'supersedes 4 items']);
    const summary = lenses.find((lens) => lens.command?.title === 'supersedes 4 items');
    assert.equal(summary?.command?.command, 'strategicFrameworks.showReferences');
    const locations = summary?.command?.arguments?.[2] as Location[];
    assert.equal(locations.length, 4);
    assert.ok(locations.every((location) => location.uri === uriOf('old')));
  });

  it('counts exactly the references find-references finds, with their locations', () => {
    const { service } = createTestWorkspace(examples);
    for (const name of ['old', 'new'] as const) {
      for (const lens of service.getCodeLenses(uriOf(name))) {
        const command = lens.command;
        if (!command?.title.match(/^\d+ references?$/)) continue;
        assert.equal(command.command, 'strategicFrameworks.showReferences');
        const [uri, position, locations] = (command.arguments ?? []) as [
          string,
          Position,
          Location[],
        ];
        assert.equal(uri, uriOf(name));
        assert.deepEqual(position, lens.range.start);
        const expected = service.getReferences(uriOf(name), lens.range.start, false);
        assert.deepEqual(locations, expected);
        assert.equal(command.title.split(' ')[0], String(expected.length));
      }
    }
  });

  it('puts lenses on goals and objectives only, at their ID', () => {
    const text = sampleFramework('a', 'programmes:\n  - { id: p, title: P, supports: ["1.1"] }\n');
    const { service } = createTestWorkspace({ a: text });
    const lenses = service.getCodeLenses(uriOf('a'));
    assert.deepEqual(
      lenses.map((lens) => `${lens.range.start.line}:${lens.command?.title}`),
      [
        `${lineOf(text, 'id: "1"')}:0 references`,
        `${lineOf(text, 'id: "1"')}:2 objectives · 0 programmes`,
        `${lineOf(text, 'id: "1.1"')}:1 reference`,
        `${lineOf(text, 'id: "1.1"')}:1 indicator · 1 programme`,
        `${lineOf(text, 'id: "1.2"')}:0 references`,
        `${lineOf(text, 'id: "1.2"')}:0 indicators · 0 programmes`,
        `${lineOf(text, 'id: "2"')}:1 reference`,
        `${lineOf(text, 'id: "2"')}:1 objective · 0 programmes`,
        `${lineOf(text, 'id: "2.1"')}:0 references`,
        `${lineOf(text, 'id: "2.1"')}:0 indicators · 0 programmes`,
      ],
    );
  });

  it('shows only links that resolve', () => {
    const broken = examples.new.replace('"interpol-2014-2016:4.1"', '"interpol-2014-2016:4.9"');
    const { service } = createTestWorkspace({ old: examples.old, new: broken });
    const titles = titlesAt(service.getCodeLenses(uriOf('new')), lineOf(broken, 'id: "1"'));
    assert.deepEqual(titles, [
      '0 references',
      'supersedes interpol-2014-2016:1',
      'supersedes interpol-2014-2016:4.2',
    ]);
    const alone = createTestWorkspace({ new: examples.new }).service;
    assert.deepEqual(titlesAt(alone.getCodeLenses(uriOf('new')), lineOf(broken, 'id: "1"')), [
      '0 references',
    ]);
  });

  it('count a goal’s objectives and an objective’s indicators, and the programmes of any file supporting them', () => {
    const text = sampleFramework(
      'a',
      'programmes:\n  - { id: p, title: P, supports: ["1", "1.1", "1"] }\n  - { id: q, title: Q, supports: ["2.1"] }\n',
    );
    const other = sampleFramework('b', 'programmes:\n  - { id: r, title: R, supports: ["a:1"] }\n');
    const { service } = createTestWorkspace({ a: text, b: other });
    const counts = service.getCodeLenses(uriOf('a')).filter(isCountsLens);
    assert.deepEqual(
      counts.map((lens) => `${lens.range.start.line}:${lens.command?.title}`),
      [
        // Goal 1: objectives 1.1 and 1.2; p (named twice, counted once) and b's r.
        `${lineOf(text, 'id: "1"')}:2 objectives · 2 programmes`,
        `${lineOf(text, 'id: "1.1"')}:1 indicator · 1 programme`,
        `${lineOf(text, 'id: "1.2"')}:0 indicators · 0 programmes`,
        // Objective 1.2 supports goal 2, but it is not a programme.
        `${lineOf(text, 'id: "2"')}:1 objective · 0 programmes`,
        `${lineOf(text, 'id: "2.1"')}:0 indicators · 1 programme`,
      ],
    );
    // The lens lists them: the children's IDs, then the programmes'.
    const [goal] = counts;
    assert.equal(goal.command?.command, 'strategicFrameworks.showReferences');
    const locations = goal.command?.arguments?.[2] as Location[];
    assert.deepEqual(
      locations.map((location) => [location.uri, location.range.start.line]),
      [
        [uriOf('a'), lineOf(text, 'id: "1.1"')],
        [uriOf('a'), lineOf(text, 'id: "1.2"')],
        [uriOf('a'), lineOf(text, '{ id: p,')],
        [uriOf('b'), lineOf(other, '{ id: r,')],
      ],
    );
  });

  it('count what the example files hold', () => {
    interface Item {
      id: string;
      supports?: string[];
      objectives?: Item[];
    }
    const plural = (count: number, noun: string): string =>
      `${count} ${noun}${count === 1 ? '' : 's'}`;
    const { service } = createTestWorkspace(examples);
    for (const name of ['old', 'new'] as const) {
      const document = parse(examples[name]) as { goals: Item[]; programmes?: Item[] };
      const supporters = (id: string): number =>
        (document.programmes ?? []).filter((p) => (p.supports ?? []).includes(id)).length;
      const lenses = service.getCodeLenses(uriOf(name)).filter(isCountsLens);
      const expected = document.goals.flatMap((goal) => [
        `${plural(goal.objectives?.length ?? 0, 'objective')} · ${plural(supporters(goal.id), 'programme')}`,
        ...(goal.objectives ?? []).map(
          (objective) => `0 indicators · ${plural(supporters(objective.id), 'programme')}`,
        ),
      ]);
      assert.deepEqual(
        lenses.map((lens) => lens.command?.title),
        expected,
        name,
      );
    }
  });

  it('can be turned off', () => {
    const { service } = createTestWorkspace(examples, { codeLens: { enabled: false } });
    assert.deepEqual(service.getCodeLenses(uriOf('new')), []);
    assert.ok(
      service.getInlayHints(uriOf('new'), {
        start: { line: 0, character: 0 },
        end: { line: 999, character: 0 },
      }).length > 0,
    );
    assert.deepEqual(createTestWorkspace(examples).service.getCodeLenses(uriOf('missing')), []);
  });

  it('reads the enabled settings and reports malformed ones', () => {
    assert.equal(readSettings({}).settings.codeLens, true);
    assert.equal(readSettings({}).settings.inlayHints, true);
    const off = readSettings({ codeLens: { enabled: false }, inlayHints: { enabled: false } });
    assert.deepEqual(
      [off.settings.codeLens, off.settings.inlayHints, off.problems],
      [false, false, []],
    );
    const bad = readSettings({ codeLens: { enabled: 'no' }, inlayHints: false });
    assert.deepEqual([bad.settings.codeLens, bad.settings.inlayHints], [true, true]);
    assert.deepEqual(
      bad.problems.map((problem) => problem.setting),
      ['strategicFrameworks.codeLens.enabled', 'strategicFrameworks.inlayHints.enabled'],
    );
  });
});
