import * as assert from 'node:assert/strict';
import { cursorContext } from '../../server/src/service/languageFeatures/context';
import type { CursorContext } from '../../server/src/service/languageFeatures/context';

/** The context at the `|` in a fixture. */
function at(fixture: string): { context: CursorContext; word: string } {
  const offset = fixture.indexOf('|');
  const text = fixture.slice(0, offset) + fixture.slice(offset + 1);
  const context = cursorContext(text, offset);
  return { context, word: text.slice(context.wordRange.start, context.wordRange.end) };
}

function describeContext(fixture: string): string {
  const { context, word } = at(fixture);
  const map = context.mapSchema?.definition ?? (context.mapSchema ? 'map' : 'none');
  const slot =
    context.slot.kind === 'key'
      ? `key`
      : `value of ${context.slot.key}${context.slot.inList ? ' (list)' : ''} as ${context.slot.valueSchema.definition ?? String(context.slot.valueSchema.type)}`;
  return `${map} ${slot} word=${word}`;
}

const framework = `framework: a
title: A
goals:
  - id: "1"
    title: One
    objectives:
      - id: "1.1"
        title: O
`;

describe('cursor context', () => {
  it('knows the framework level', () => {
    assert.equal(
      describeContext('framework: a\nti|'),
      'undefined key word=ti'.replace('undefined', 'none').replace('none', describeRoot()),
    );
    assert.equal(
      describeContext('framework: a\nsupersedes: b|'),
      `${describeRoot()} value of supersedes as frameworkId word=b`,
    );
  });

  it('knows a goal, an objective and an indicator in block style', () => {
    assert.equal(describeContext(`${framework}    sup|`), 'goal key word=sup');
    assert.equal(describeContext(`${framework}        sup|`), 'objective key word=sup');
    assert.equal(
      describeContext(`${framework}        indicators:\n          - id: "1.1.1"\n            ta|`),
      'indicator key word=ta',
    );
    assert.equal(describeContext(`${framework}      - |`), 'objective key word=');
    assert.equal(describeContext(`${framework}  - |`), 'goal key word=');
  });

  it('knows the value being typed, in block and flow lists', () => {
    assert.equal(
      describeContext(`${framework}        supports: ["2", "1.|"]`),
      'objective value of supports (list) as reference word=1.',
    );
    assert.equal(
      describeContext(`${framework}        supports:\n          - "a:|`),
      'objective value of supports (list) as reference word=a:',
    );
    assert.equal(
      describeContext(`${framework}    category: str|`),
      'goal value of category as reference word=str',
    );
    assert.equal(describeContext(`${framework}      - id: |`), 'objective value of id as id word=');
  });

  it('knows flow mappings', () => {
    const programmes = `${framework}programmes:\n  - { id: p, title: P, supports: [|] }`;
    assert.equal(
      describeContext(programmes),
      'programme value of supports (list) as reference word=',
    );
    assert.equal(
      describeContext(`${framework}programmes:\n  - { id: p, ti| }`),
      'programme key word=ti',
    );
  });

  it('lists the keys already written in the mapping', () => {
    const { context } = at(
      `${framework}        |\n        description: D\n      - id: "1.2"\n        title: T`,
    );
    assert.deepEqual([...context.existingKeys].sort(), ['description', 'id', 'title']);
  });

  it('does not count the previous list item’s keys for a new item', () => {
    assert.deepEqual([...at(`${framework}      - |`).context.existingKeys], []);
    assert.deepEqual([...at(`${framework}      - ti|`).context.existingKeys], []);
    // Keys written below the new item's first line do belong to it.
    assert.deepEqual(
      [...at(`${framework}      - |\n        title: T`).context.existingKeys],
      ['title'],
    );
  });

  it('accepts lists at the same indentation as their key', () => {
    assert.equal(
      describeContext('framework: a\ngoals:\n- id: "1"\n  objectives:\n  - id: "1.1"\n    sup|'),
      'objective key word=sup',
    );
  });
});

function describeRoot(): string {
  return 'map';
}
