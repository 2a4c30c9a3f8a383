import * as assert from 'node:assert/strict';
import type { Location } from 'vscode-languageserver-types';
import { createTestWorkspace, uriOf, withCursor } from './helpers';

/** `name:line:character` of each location, for compact comparisons. */
function where(locations: readonly Location[]): string[] {
  return locations.map((location) => {
    const name = /\/([^/]*)\.framework\.yaml$/.exec(location.uri)?.[1] ?? location.uri;
    return `${name}:${location.range.start.line}:${location.range.start.character}`;
  });
}

// Framework `a` defined twice (a `duplicate-framework` error, but one a user can be
// in the middle of fixing). References resolve against the first definition in URI
// order, except that a definition's own `a:ID` references name its own items.
const first = `framework: a
title: First A
goals:
  - id: "1"
    title: First goal one
`;

const second = `framework: a
title: Second A
goals:
  - id: "1"
    title: Second goal one
  - id: "2"
    title: Second goal two
    supports: ["a:1"]
`;

const user = `framework: u
title: User
goals:
  - id: "1"
    title: Uses a
    supports: ["a:1"]
`;

describe('navigation with a duplicated framework ID', () => {
  it("does not count a duplicate's own qualified references for the winning definition", () => {
    const { service } = createTestWorkspace({ first, second, user });
    const references = service.getReferences(uriOf('first'), { line: 3, character: 9 }, true);
    assert.deepEqual(where(references), ['first:3:9', 'user:5:18']);
  });

  it("counts a duplicate's own qualified references for the duplicate", () => {
    const { service } = createTestWorkspace({ first, second, user });
    const references = service.getReferences(uriOf('second'), { line: 3, character: 9 }, true);
    assert.deepEqual(where(references), ['second:3:9', 'second:7:18']);
  });

  it('takes the framework part of a self-qualified reference to its own document', () => {
    const { text, position } = withCursor(second.replace('"a:1"', '"|a:1"'));
    const { service } = createTestWorkspace({ first, second: text, user });
    assert.deepEqual(where(service.getDefinition(uriOf('second'), position)), ['second:0:11']);
    // And so both parts of it lead to the same document.
    const onItem = { line: position.line, character: position.character + 2 };
    assert.deepEqual(where(service.getDefinition(uriOf('second'), onItem)), ['second:3:9']);
  });

  it('leaves the duplicate out of the winning framework references', () => {
    const { service } = createTestWorkspace({ first, second, user });
    const references = service.getReferences(uriOf('first'), { line: 0, character: 11 }, false);
    assert.deepEqual(where(references), ['user:5:16']);
  });
});

describe('navigation between the parts of a qualified reference', () => {
  const a = `framework: a
title: A
goals:
  - id: "1"
    title: One
`;
  const b = `framework: b
title: B
goals:
  - id: "1"
    title: B one
    supersedes: [a:1]
`;

  it('tells the framework part, the colon and the item part apart', () => {
    const { service } = createTestWorkspace({ a, b });
    const at = (character: number): string[] =>
      where(service.getDefinition(uriOf('b'), { line: 5, character }));
    assert.deepEqual(at(17), ['a:0:11'], 'At the start of the framework part.');
    assert.deepEqual(at(18), ['a:0:11'], 'On the colon, the end of the framework part.');
    assert.deepEqual(at(19), ['a:3:9'], 'On the item part.');
    assert.deepEqual(at(20), ['a:3:9'], 'At the end of the item part.');
    assert.deepEqual(at(21), [], 'After the reference.');
  });
});
