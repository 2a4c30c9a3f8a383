import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MapEdge, MapNode, StrategyMap } from '../../server/src/protocol';
import { goalIdsIn } from '../map/helpers';
import { createTestWorkspace, sampleFramework, uriOf } from './helpers';

const root = path.resolve(__dirname, '../../..');
const example = (name: string): string =>
  fs.readFileSync(path.join(root, 'examples', `${name}.framework.yaml`), 'utf8');

const older = 'interpol-2014-2016';
const newer = 'interpol-2017-2020';

function examplesMap(): StrategyMap {
  const { service } = createTestWorkspace({ [older]: example(older), [newer]: example(newer) });
  return service.getStrategyMap();
}

function nodeById(map: StrategyMap, id: string): MapNode {
  const node = map.nodes.find((candidate) => candidate.id === id);
  assert.ok(node, `${id} is a node`);
  return node;
}

function edgesOf(map: StrategyMap, kind: MapEdge['kind']): string[] {
  return map.edges
    .filter((edge) => edge.kind === kind)
    .map((edge) => `${edge.from} -> ${edge.to}${edge.broken ? ' (broken)' : ''}`);
}

/** Goal 3 and programme `lonely` are orphans; the rest are linked. */
const orphansFixture = `framework: o
title: Orphans
goals:
  - id: "1"
    title: Linked through its objective
    objectives:
      - id: "1.1"
        title: Supports goal 2
        supports: ["2"]
  - id: "2"
    title: Supported
  - id: "3"
    title: Alone
    objectives:
      - id: "3.1"
        title: Alone too
programmes:
  - id: lonely
    title: Supports nothing
  - id: busy
    title: Supports goal 1
    supports: ["1"]
`;

describe('strategy map data', () => {
  it('has a node for every goal of both examples, and the frameworks oldest first', () => {
    const map = examplesMap();
    assert.deepEqual(map.frameworks, [older, newer]);
    for (const framework of [older, newer]) {
      const goals = goalIdsIn(example(framework));
      assert.ok(goals.length >= 5, `${framework} has its goals`);
      for (const goal of goals) {
        const node = nodeById(map, `${framework}:${goal}`);
        assert.equal(node.kind, 'goal');
        assert.equal(node.framework, framework);
        assert.equal(node.parent, framework);
      }
    }
    const goalNodes = map.nodes.filter((node) => node.kind === 'goal').length;
    assert.equal(goalNodes, goalIdsIn(example(older)).length + goalIdsIn(example(newer)).length);
    assert.deepEqual(
      map.nodes.filter((node) => node.kind === 'programme').map((node) => node.id),
      [
        `${newer}:counter-terrorism`,
        `${newer}:cybercrime`,
        `${newer}:organized-and-emerging-crime`,
      ],
    );
  });

  it('links the 2017-2020 goals to the 2014-2016 items they supersede, and the frameworks', () => {
    const map = examplesMap();
    const supersedes = edgesOf(map, 'supersedes');
    assert.ok(supersedes.includes(`${newer} -> ${older}`), 'the framework-level link');
    for (const [goal, items] of [
      ['1', ['1', '4.1', '4.2']],
      ['3', ['3']],
      ['5', ['5', '6']],
    ] as const) {
      for (const item of items) {
        assert.ok(
          supersedes.includes(`${newer}:${goal} -> ${older}:${item}`),
          `${newer}:${goal} supersedes ${older}:${item}: ${supersedes.join(', ')}`,
        );
      }
    }
    assert.ok(supersedes.every((edge) => !edge.endsWith('(broken)')));
    // Every supersedes link starts in the newer framework.
    assert.ok(supersedes.every((edge) => edge.startsWith(newer)));
  });

  it('contains goals in frameworks, objectives in goals, indicators in objectives', () => {
    const { service } = createTestWorkspace({ a: sampleFramework('a') });
    const map = service.getStrategyMap();
    assert.deepEqual(edgesOf(map, 'contains'), [
      'a -> a:1',
      'a:1 -> a:1.1',
      'a:1.1 -> a:1.1.1',
      'a:1 -> a:1.2',
      'a -> a:2',
      'a:2 -> a:2.1',
    ]);
    assert.deepEqual(edgesOf(map, 'supports'), ['a:1.2 -> a:2']);
    // Categories and values are the report's, not the map's.
    assert.ok(!map.nodes.some((node) => node.id === 'a:strategic'));
    const indicator = nodeById(map, 'a:1.1.1');
    assert.equal(indicator.kind, 'indicator');
    assert.equal(indicator.label, '1.1.1 Indicator');
    assert.equal(indicator.location?.uri, uriOf('a'));
    const idLine = sampleFramework('a')
      .split('\n')
      .findIndex((line) => line.includes('"1.1.1"'));
    assert.equal(indicator.location?.range.start.line, idLine);
  });

  it('turns a reference that names nothing into an edge to a missing node, and flags the item', () => {
    const text = sampleFramework('a')
      .replace('supports: ["2"]', 'supports: ["9"]')
      .concat('programmes:\n  - id: p\n    title: P\n    supports: ["nowhere:1"]\n');
    const { service } = createTestWorkspace({ a: text });
    const map = service.getStrategyMap();
    assert.deepEqual(edgesOf(map, 'supports'), [
      'a:1.2 -> ?a:9 (broken)',
      'a:p -> ?nowhere:1 (broken)',
    ]);
    const missing = nodeById(map, '?a:9');
    assert.equal(missing.kind, 'missing');
    assert.equal(missing.location, undefined);
    assert.equal(missing.name, 'a:9');
    assert.deepEqual(
      nodeById(map, 'a:1.2').problems.map((problem) => `${problem.severity} ${problem.code}`),
      ['error unresolved-reference'],
    );
    assert.ok(
      nodeById(map, 'a:p').problems.some((problem) => problem.code === 'unknown-framework'),
    );
    // The goal above the objective has no problem of its own.
    assert.deepEqual(nodeById(map, 'a:1').problems, []);
  });

  it('draws a missing node for a framework-level supersedes that names no framework', () => {
    const text = sampleFramework('b').replace('period:', 'supersedes: gone\nperiod:');
    const { service } = createTestWorkspace({ b: text });
    const map = service.getStrategyMap();
    assert.deepEqual(edgesOf(map, 'supersedes'), ['b -> ?gone (broken)']);
    assert.equal(nodeById(map, '?gone').kind, 'missing');
    assert.ok(nodeById(map, 'b').problems.some((problem) => problem.code === 'unknown-framework'));
  });

  it('flags goals and programmes that nothing links to and that link to nothing as orphans', () => {
    const { service } = createTestWorkspace({ o: orphansFixture });
    const map = service.getStrategyMap();
    const orphans = map.nodes.filter((node) => node.orphan).map((node) => node.id);
    assert.deepEqual(orphans, ['o:3', 'o:lonely']);
    // Children belong to their parents: an unlinked objective is not an orphan itself.
    assert.equal(nodeById(map, 'o:3.1').orphan, false);
  });

  it('counts links from other frameworks, not broken references or links inside a goal', () => {
    const { service } = createTestWorkspace({
      old: 'framework: old\ntitle: Old\ngoals:\n  - id: "1"\n    title: Continued\n',
      new: [
        'framework: new',
        'title: New',
        'goals:',
        '  - id: "1"',
        '    title: Continues',
        '    supersedes: ["old:1"]',
        '  - id: "2"',
        '    title: Broken link',
        '    supports: ["9"]',
        '  - id: "3"',
        '    title: Supported by its own objective only',
        '    objectives:',
        '      - id: "3.1"',
        '        title: Supports its goal',
        '        supports: ["3"]',
        '',
      ].join('\n'),
    });
    const map = service.getStrategyMap();
    assert.deepEqual(
      map.nodes.filter((node) => node.orphan).map((node) => node.id),
      ['new:2', 'new:3'],
    );
  });

  it('flags as orphans exactly the items the orphan-item rule reports', () => {
    const { service } = createTestWorkspace(
      { [older]: example(older), [newer]: example(newer), o: orphansFixture },
      { diagnostics: { severity: { 'orphan-item': 'warning' } } },
    );
    const reported = [older, newer, 'o'].flatMap((name) =>
      service
        .getDiagnostics(uriOf(name))
        .filter((diagnostic) => diagnostic.code === 'orphan-item')
        .map((diagnostic) => `${name}:${diagnostic.range.start.line}`),
    );
    const flagged = service
      .getStrategyMap()
      .nodes.filter((node) => node.orphan)
      .map((node) => `${node.framework}:${node.location?.range.start.line}`);
    assert.equal(flagged.length, 2);
    assert.deepEqual(flagged, reported);
  });

  it('gives a duplicated ID one node, the first, as references resolve', () => {
    const text = sampleFramework('a').replace('id: "2.1"', 'id: "1.1"');
    const { service } = createTestWorkspace({ a: text });
    const map = service.getStrategyMap();
    const ids = map.nodes.map((node) => node.id);
    assert.equal(ids.filter((id) => id === 'a:1.1').length, 1);
    assert.equal(new Set(ids).size, ids.length, 'node IDs are unique');
    assert.equal(nodeById(map, 'a:1.1').parent, 'a:1');
  });

  it('follows edits: a goal added to a file is a node at once', () => {
    const { workspace, service } = createTestWorkspace({ a: sampleFramework('a') });
    assert.ok(!service.getStrategyMap().nodes.some((node) => node.id === 'a:3'));
    workspace.set(uriOf('a'), `${sampleFramework('a')}  - id: "3"\n    title: Goal three\n`);
    assert.equal(nodeById(service.getStrategyMap(), 'a:3').label, '3 Goal three');
  });
});
