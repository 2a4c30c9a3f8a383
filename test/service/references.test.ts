import * as assert from 'node:assert/strict';
import { DocumentHighlightKind } from 'vscode-languageserver-types';
import type { Location, Range } from 'vscode-languageserver-types';
import { openWithCursor, uriOf } from './helpers';
import type { OpenedWorkspace } from './helpers';

/** `file:line:text` for each location, where text is what its range covers. */
function describeLocations(opened: OpenedWorkspace, locations: readonly Location[]): string[] {
  return locations.map((location) => {
    const [, text = ''] =
      Object.entries(opened.files).find(([key]) => uriOf(key) === location.uri) ?? [];
    const name = /\/([^/]*)\.framework\.yaml$/.exec(location.uri)?.[1] ?? location.uri;
    return `${name}:${location.range.start.line}:${covered(text, location.range)}`;
  });
}

function covered(text: string, range: Range): string {
  assert.equal(range.start.line, range.end.line, 'A name fits on one line.');
  return text.split('\n')[range.start.line].slice(range.start.character, range.end.character);
}

const main = `framework: a
title: Framework A
goals:
  - id: "1"
    title: Goal one
    objectives:
      - id: "1.1"
        title: Objective one one
      - id: "1.2"
        title: Objective one two
        supports: ["1.1", "a:1.1", "1"]
  - id: "2"
    title: Goal two
    supports: ["1.1"]
`;

const other = `framework: b
title: Framework B
supersedes: a
goals:
  - id: "1"
    title: B goal one
    supersedes: ["a:1.1", "a:1"]
    objectives:
      - id: "1.1"
        title: B objective one one
  - id: "2"
    title: B goal two
    supports: ["1.1", "b:1.1"]
`;

describe('definition', () => {
  it('goes from a reference in another file to the declaration', () => {
    const opened = openWithCursor({ main, other: other.replace('"a:1.1"', '"a:1.|1"') });
    const locations = opened.service.getDefinition(opened.uri, opened.position);
    assert.deepEqual(describeLocations(opened, locations), ['main:6:1.1']);
  });

  it('goes from an unqualified reference to the item of its own framework', () => {
    const inOther = openWithCursor({
      main,
      other: other.replace('supports: ["1.1"', 'supports: ["1|.1"'),
    });
    assert.deepEqual(
      describeLocations(inOther, inOther.service.getDefinition(inOther.uri, inOther.position)),
      ['other:8:1.1'],
    );
    const inMain = openWithCursor({
      main: main.replace('supports: ["1.1"]', 'supports: ["|1.1"]'),
      other,
    });
    assert.deepEqual(
      describeLocations(inMain, inMain.service.getDefinition(inMain.uri, inMain.position)),
      ['main:6:1.1'],
    );
  });

  it('goes from the framework part of a reference, or a framework supersedes, to the framework', () => {
    const onPart = openWithCursor({ main, other: other.replace('"a:1"', '"|a:1"') });
    assert.deepEqual(
      describeLocations(onPart, onPart.service.getDefinition(onPart.uri, onPart.position)),
      ['main:0:a'],
    );
    const onSupersedes = openWithCursor({
      main,
      other: other.replace('supersedes: a', 'supersedes: a|'),
    });
    assert.deepEqual(
      describeLocations(
        onSupersedes,
        onSupersedes.service.getDefinition(onSupersedes.uri, onSupersedes.position),
      ),
      ['main:0:a'],
    );
  });

  it('answers the declaration itself on a declaration', () => {
    const opened = openWithCursor({ main: main.replace('- id: "1.1"', '- id: "1.1|"'), other });
    assert.deepEqual(
      describeLocations(opened, opened.service.getDefinition(opened.uri, opened.position)),
      ['main:6:1.1'],
    );
  });

  it('answers nothing for an unresolved reference, a title or an unknown file', () => {
    const unresolved = openWithCursor({
      main: main.replace('supports: ["1.1"]', 'supports: ["9|"]'),
    });
    assert.deepEqual(unresolved.service.getDefinition(unresolved.uri, unresolved.position), []);
    const title = openWithCursor({ main: main.replace('Goal two', 'Goal |two') });
    assert.deepEqual(title.service.getDefinition(title.uri, title.position), []);
    assert.deepEqual(title.service.getDefinition(uriOf('missing'), title.position), []);
  });
});

describe('references', () => {
  it('finds qualified and unqualified references across files, with the declaration first', () => {
    const opened = openWithCursor({ main: main.replace('- id: "1.1"', '- id: "|1.1"'), other });
    assert.deepEqual(
      describeLocations(opened, opened.service.getReferences(opened.uri, opened.position, true)),
      ['main:6:1.1', 'main:10:1.1', 'main:10:1.1', 'main:13:1.1', 'other:6:1.1'],
    );
  });

  it('leaves the declaration out when asked', () => {
    const opened = openWithCursor({ main, other: other.replace('"a:1.1"', '"a:|1.1"') });
    const locations = opened.service.getReferences(opened.uri, opened.position, false);
    assert.equal(locations.length, 4);
    assert.ok(describeLocations(opened, locations).every((line) => !line.startsWith('main:6:')));
  });

  it('does not count the same ID in another framework', () => {
    // B has its own 1.1, named as `1.1` and `b:1.1`; neither is A's.
    const inOther = openWithCursor({ main, other: other.replace('- id: "1.1"', '- id: "1.1|"') });
    assert.deepEqual(
      describeLocations(
        inOther,
        inOther.service.getReferences(inOther.uri, inOther.position, true),
      ),
      ['other:8:1.1', 'other:12:1.1', 'other:12:1.1'],
    );
  });

  it('finds a framework in `framework:`, framework supersedes and the framework part of references', () => {
    const opened = openWithCursor({ main: main.replace('framework: a', 'framework: |a'), other });
    assert.deepEqual(
      describeLocations(opened, opened.service.getReferences(opened.uri, opened.position, true)),
      ['main:0:a', 'main:10:a', 'other:2:a', 'other:6:a', 'other:6:a'],
    );
  });

  it('answers nothing where nothing resolves', () => {
    const opened = openWithCursor({
      main: main.replace('supports: ["1.1"]', 'supports: ["nine|"]'),
    });
    assert.deepEqual(opened.service.getReferences(opened.uri, opened.position, true), []);
  });
});

describe('document highlights', () => {
  it('highlights the declaration as written and the references as read, in this file only', () => {
    const opened = openWithCursor({
      main: main.replace('supports: ["1.1"]', 'supports: ["1.1|"]'),
      other,
    });
    const highlights = opened.service.getDocumentHighlights(opened.uri, opened.position);
    const text = opened.files[opened.name];
    assert.deepEqual(
      highlights.map(
        (highlight) =>
          `${highlight.range.start.line}:${covered(text, highlight.range)}:${highlight.kind === DocumentHighlightKind.Write ? 'write' : 'read'}`,
      ),
      ['6:1.1:write', '10:1.1:read', '10:1.1:read', '13:1.1:read'],
    );
  });

  it('highlights only references in a file that does not declare the item', () => {
    const opened = openWithCursor({ main, other: other.replace('"a:1"', '"a:|1"') });
    const highlights = opened.service.getDocumentHighlights(opened.uri, opened.position);
    assert.equal(highlights.length, 1);
    assert.equal(highlights[0].kind, DocumentHighlightKind.Read);
  });

  it('highlights nothing on text that names nothing', () => {
    const opened = openWithCursor({ main: main.replace('Goal two', 'Goal |two'), other });
    assert.deepEqual(opened.service.getDocumentHighlights(opened.uri, opened.position), []);
  });
});
