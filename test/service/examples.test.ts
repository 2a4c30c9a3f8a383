import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { parse } from 'yaml';
import { coveredText, createTestWorkspace, uriOf } from './helpers';

const root = path.resolve(__dirname, '../../..');
const read = (...parts: string[]): string => fs.readFileSync(path.join(root, ...parts), 'utf8');

interface ExampleItem {
  id: string;
  title: string;
  description?: string;
  category?: string;
  supersedes?: string[];
  supports?: string[];
  retired?: string;
  objectives?: ExampleItem[];
}
interface ExampleFramework {
  framework: string;
  vision: string;
  mission: string;
  supersedes?: string;
  goals: ExampleItem[];
  programmes?: ExampleItem[];
}

const early = parse(read('examples', 'interpol-2014-2016.framework.yaml')) as ExampleFramework;
const late = parse(read('examples', 'interpol-2017-2020.framework.yaml')) as ExampleFramework;
const collapse = (text: string): string => text.replace(/\s+/g, ' ').trim();

describe('the INTERPOL examples', () => {
  it('have no errors or warnings, together, and point out the 2014-2016 items nothing continues', () => {
    const earlyText = read('examples', 'interpol-2014-2016.framework.yaml');
    const { service } = createTestWorkspace({
      early: earlyText,
      late: read('examples', 'interpol-2017-2020.framework.yaml'),
    });
    assert.deepEqual(service.getDiagnostics(uriOf('late')), []);
    // Every 2014-2016 goal and objective that no 2017-2020 item names in `supersedes`,
    // and that is not retired, as the files say.
    const lateItems = [...late.goals, ...(late.programmes ?? [])].flatMap((item) => [
      item,
      ...(item.objectives ?? []),
    ]);
    const continued = new Set(lateItems.flatMap((item) => item.supersedes ?? []));
    const leftOver = early.goals
      .flatMap((goal) => [goal, ...(goal.objectives ?? [])])
      .filter((item) => !continued.has(`${early.framework}:${item.id}`) && !item.retired)
      .map((item) => item.id);
    assert.ok(leftOver.length > 0, 'the 2017-2020 framework leaves 2014-2016 items over');
    const diagnostics = service.getDiagnostics(uriOf('early'));
    assert.deepEqual(
      diagnostics.map((diagnostic) => coveredText(earlyText, diagnostic)),
      leftOver,
    );
    for (const diagnostic of diagnostics) {
      assert.equal(diagnostic.code, 'unaccounted-predecessor');
      assert.equal(diagnostic.severity, DiagnosticSeverity.Information);
    }
  });

  it('hold every 2014-2016 priority and objective with its exact title', () => {
    const seed = read('test', 'fixtures', 'seeds', 'interpol-strategic-framework-2014-2016.txt');
    const priorities = [...seed.matchAll(/^(\d) (.+)$/gm)].map((m) => [m[1], m[2].trim()]);
    const objectives = [...seed.matchAll(/^- (\d\.\d) (.+)$/gm)].map((m) => [m[1], m[2].trim()]);
    assert.equal(priorities.length, 6);
    assert.equal(objectives.length, 24);
    assert.deepEqual(
      early.goals.map((goal) => [goal.id, goal.title]),
      priorities,
    );
    assert.deepEqual(
      early.goals.flatMap((goal) => (goal.objectives ?? []).map((o) => [o.id, o.title])),
      objectives,
    );
    assert.deepEqual(
      early.goals.map((goal) => goal.category),
      ['strategic', 'strategic', 'strategic', 'strategic', 'corporate', 'corporate'],
    );
    assert.equal(early.vision, 'Connecting police for a safer world');
    assert.equal(
      early.mission,
      'Preventing and fighting crime through enhanced cooperation and innovation on police and security matters',
    );
  });

  it('hold every 2017-2020 goal with its exact title and description, and the three programmes', () => {
    const seed = read('test', 'fixtures', 'seeds', 'interpol-strategic-framework-2017-2020.txt');
    const goals = [...seed.matchAll(/^(\d): (.+)\n\n(.+)\n\n(.+)$/gm)];
    assert.equal(goals.length, 5);
    assert.deepEqual(
      late.goals.map((goal) => [goal.id, goal.title, collapse(goal.description ?? '')]),
      goals.map((m) => [m[1], m[2].trim(), collapse(`${m[3]} ${m[4]}`)]),
    );
    assert.deepEqual(
      (late.programmes ?? []).map((p) => [p.title, p.supports]),
      [
        ['Counter-terrorism', ['2']],
        ['Cybercrime', ['2']],
        ['Organized and emerging crime', ['2']],
      ],
    );
  });

  it('link 2017-2020 to the 2014-2016 priorities it continues', () => {
    assert.equal(late.supersedes, 'interpol-2014-2016');
    for (const goal of late.goals) {
      assert.ok((goal.supersedes ?? []).length > 0, `goal ${goal.id} continues something`);
      for (const reference of goal.supersedes ?? [])
        assert.match(reference, /^interpol-2014-2016:/);
    }
    assert.match(read('examples', 'interpol-2017-2020.framework.yaml'), /illustration/i);
  });
});
