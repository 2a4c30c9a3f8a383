import * as assert from 'node:assert/strict';
import type { InlayHint, Range } from 'vscode-languageserver-types';
import { createTestWorkspace, sampleFramework, uriOf } from './helpers';

const wholeFile: Range = { start: { line: 0, character: 0 }, end: { line: 10_000, character: 0 } };

/** A hint's label as text; the service always writes a plain string. */
function labelOf(hint: InlayHint): string {
  assert.equal(typeof hint.label, 'string');
  return hint.label as string;
}

/** Each hint as `text before it|label`, the line cut at the hint, to show where it sits. */
function placed(text: string, hints: readonly InlayHint[]): string[] {
  const lines = text.split('\n');
  return hints.map((hint) => {
    const { line, character } = hint.position;
    return `${lines[line].slice(0, character).trim()}|${labelOf(hint)}`;
  });
}

describe('inlay hints', () => {
  const b = `framework: b
title: Framework B
supersedes: a
goals:
  - id: "1"
    title: Goal
    category: strategic
    supports: ["a:1.2", 'a:9', a:2]
    objectives:
      - { id: "1.1", title: Objective, supports: [1, "7"] }
categories:
  - { id: strategic, title: A category whose title is far longer than forty characters }
`;
  const files = { a: sampleFramework('a'), b };

  it('follows each resolved reference with the title it names, after the quotes', () => {
    const { service } = createTestWorkspace(files);
    const hints = service.getInlayHints(uriOf('b'), wholeFile);
    assert.deepEqual(placed(b, hints), [
      'supersedes: a|Framework A',
      'category: strategic|A category whose title is far longer th…',
      'supports: ["a:1.2"|Objective one two',
      'supports: ["a:1.2", \'a:9\', a:2|Goal two',
      '- { id: "1.1", title: Objective, supports: [1|Goal',
    ]);
    for (const hint of hints) {
      assert.equal(hint.paddingLeft, true);
      assert.equal(hint.kind, undefined);
    }
  });

  it('truncates long titles to forty characters and keeps the full title in the tooltip', () => {
    const { service } = createTestWorkspace(files);
    const hint = service.getInlayHints(uriOf('b'), wholeFile)[1];
    assert.ok([...labelOf(hint)].length <= 40);
    assert.ok(labelOf(hint).endsWith('…'));
    assert.equal(
      hint.tooltip,
      'A category whose title is far longer than forty characters (b:strategic)',
    );
    const short = service.getInlayHints(uriOf('b'), wholeFile)[2];
    assert.equal(short.tooltip, 'Objective one two (a:1.2)');
  });

  it('gives no hint to references that do not resolve', () => {
    const { service } = createTestWorkspace(files);
    const labels = service.getInlayHints(uriOf('b'), wholeFile).map((hint) => hint.label);
    assert.equal(labels.length, 5, 'a:9 and 7 are not hinted');
    const alone = createTestWorkspace({ b }).service;
    assert.deepEqual(placed(b, alone.getInlayHints(uriOf('b'), wholeFile)), [
      'category: strategic|A category whose title is far longer th…',
      '- { id: "1.1", title: Objective, supports: [1|Goal',
    ]);
  });

  it('answers only for the range asked', () => {
    const { service } = createTestWorkspace(files);
    const line7: Range = { start: { line: 7, character: 0 }, end: { line: 7, character: 40 } };
    assert.deepEqual(placed(b, service.getInlayHints(uriOf('b'), line7)), [
      'supports: ["a:1.2"|Objective one two',
      'supports: ["a:1.2", \'a:9\', a:2|Goal two',
    ]);
    const title: Range = { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } };
    assert.deepEqual(service.getInlayHints(uriOf('b'), title), []);
  });

  it('can be turned off', () => {
    const { service } = createTestWorkspace(files, { inlayHints: { enabled: false } });
    assert.deepEqual(service.getInlayHints(uriOf('b'), wholeFile), []);
    assert.ok(service.getCodeLenses(uriOf('b')).length > 0);
    assert.deepEqual(createTestWorkspace(files).service.getInlayHints(uriOf('x'), wholeFile), []);
  });
});
