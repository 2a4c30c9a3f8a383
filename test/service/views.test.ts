import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ItemNode } from '../../server/src/protocol';
import { createTestWorkspace, sampleFramework, uriOf, withCursor } from './helpers';

const root = path.resolve(__dirname, '../../..');
const example = (name: string): string =>
  fs.readFileSync(path.join(root, 'examples', `${name}.framework.yaml`), 'utf8');

function flatten(nodes: readonly ItemNode[]): ItemNode[] {
  return nodes.flatMap((node) => [node, ...flatten(node.children)]);
}

describe('views', () => {
  describe('framework tree', () => {
    it('holds every framework, ordered by ID, with its items nested', () => {
      const { service } = createTestWorkspace({ z: sampleFramework('z'), a: sampleFramework('a') });
      const tree = service.getFrameworkTree();
      assert.deepEqual(
        tree.map((framework) => framework.id),
        ['a', 'z'],
      );
      const [a] = tree;
      assert.deepEqual(
        a.children.map((node) => `${node.kind} ${node.id}`),
        ['category strategic', 'goal 1', 'goal 2'],
      );
      const goal = a.children[1];
      assert.deepEqual(
        goal.children.map((node) => node.qualifiedId),
        ['a:1.1', 'a:1.2'],
      );
      assert.equal(goal.children[0].children[0].id, '1.1.1');
      assert.equal(goal.title, 'Goal one');
      assert.deepEqual(a.period, { start: 2020, end: 2023 });
      assert.equal(a.selectionRange.start.line, 0);
    });

    it('marks the item whose own lines have a problem, not its parents', () => {
      const text = sampleFramework()
        .replace('supports: ["2"]', 'supports: ["9"]')
        .replace('id: "2.1"', 'id: "3.1"');
      const { service } = createTestWorkspace({ main: text });
      const nodes = flatten(service.getFrameworkTree()[0].children);
      const marks = nodes
        .filter((node) => node.problem)
        .map((node) => `${node.id} ${node.problem}`);
      assert.deepEqual(marks, ['1.2 error', '3.1 warning']);
    });

    it('shows both INTERPOL frameworks', () => {
      const { service } = createTestWorkspace({
        early: example('interpol-2014-2016'),
        late: example('interpol-2017-2020'),
      });
      const tree = service.getFrameworkTree();
      assert.deepEqual(
        tree.map((framework) => [framework.id, framework.supersedes]),
        [
          ['interpol-2014-2016', undefined],
          ['interpol-2017-2020', 'interpol-2014-2016'],
        ],
      );
      assert.equal(
        flatten(tree[0].children).filter((node) => node.kind === 'objective').length,
        24,
      );
    });
  });

  describe('traceability', () => {
    const early = sampleFramework('a');
    const late = sampleFramework(
      'b',
      'programmes:\n  - { id: p, title: P, supports: ["1", "a:2"], supersedes: ["a:1.1"] }\n',
    ).replace('title: Goal one\n', 'title: Goal one\n    supersedes: ["a:1"]\n');
    const newest = sampleFramework('c').replace(
      'title: Goal one\n',
      'title: Goal one\n    supersedes: ["b:1", "b:9"]\n',
    );

    it('lists what an item supports and what supports it', () => {
      const { service } = createTestWorkspace({ a: early, b: late });
      const result = service.getTraceability({ qualifiedId: 'b:1' });
      assert.ok(result);
      assert.deepEqual(
        result.supportedBy.map((link) => link.qualifiedId),
        ['b:p'],
      );
      const goal = service.getTraceability({ qualifiedId: 'a:2' });
      assert.deepEqual(
        goal?.supportedBy.map((link) => link.qualifiedId),
        ['a:1.2', 'b:p'],
      );
      const programme = service.getTraceability({ qualifiedId: 'b:p' });
      assert.deepEqual(
        programme?.supports.map((link) => link.qualifiedId),
        ['b:1', 'a:2'],
      );
    });

    it('follows lineage through several periods, both ways, and shows broken links', () => {
      const { service } = createTestWorkspace({ a: early, b: late, c: newest });
      const oldest = service.getTraceability({ qualifiedId: 'a:1' });
      assert.deepEqual(
        oldest?.supersededBy.map((step) => [step.item.qualifiedId, step.distance]),
        [
          ['b:1', 1],
          ['c:1', 2],
        ],
      );
      const latest = service.getTraceability({ qualifiedId: 'c:1' });
      assert.deepEqual(
        latest?.supersedes.map((step) => [
          step.item.qualifiedId,
          step.distance,
          Boolean(step.item.location),
        ]),
        [
          ['b:1', 1, true],
          ['b:9', 1, false],
          ['a:1', 2, true],
        ],
      );
    });

    it('finds the item under the cursor, on its ID or anywhere inside it', () => {
      const { text, position } = withCursor(late.replace('title: Goal two', 'title: Goal |two'));
      const { service } = createTestWorkspace({ a: early, b: text });
      assert.equal(service.getTraceability({ uri: uriOf('b'), position })?.item.qualifiedId, 'b:2');
      const onReference = withCursor(late.replace('supersedes: ["a:1"]', 'supersedes: ["a:|1"]'));
      const second = createTestWorkspace({ a: early, b: onReference.text });
      assert.equal(
        second.service.getTraceability({ uri: uriOf('b'), position: onReference.position })?.item
          .qualifiedId,
        'a:1',
      );
      assert.equal(service.getTraceability({ qualifiedId: 'nowhere:1' }), undefined);
    });
  });

  it('counts frameworks, goals, objectives and problems', () => {
    const broken = sampleFramework('b')
      .replace('supports: ["2"]', 'supports: ["9"]')
      .replace('id: "2.1"', 'id: "3.1"');
    const { service } = createTestWorkspace({ a: sampleFramework('a'), b: broken });
    assert.deepEqual(service.getCounts(), {
      files: 2,
      frameworks: 2,
      goals: 4,
      objectives: 6,
      errors: 1,
      warnings: 1,
    });
  });
});
