import * as assert from 'node:assert/strict';
import {
  applyTestWorkspaceEdit,
  codes,
  createTestWorkspace,
  openWithCursor,
  uriOf,
} from './helpers';
import type { OpenedWorkspace } from './helpers';

/** Renames at the cursor and returns every file's new text, by name. */
function rename(opened: OpenedWorkspace, newName: string): Record<string, string> {
  const result = opened.service.getRenameEdits(opened.uri, opened.position, newName);
  assert.ok('edit' in result, 'error' in result ? result.error : 'No edit.');
  return applyTestWorkspaceEdit(opened.files, result.edit);
}

/** The codes of the reference problems of every file, after a rename. */
function referenceProblems(files: Record<string, string>): string[] {
  const { service } = createTestWorkspace(files);
  return Object.keys(files).flatMap((name) =>
    codes(service.getDiagnostics(uriOf(name)))
      .filter((code) => code === 'unresolved-reference' || code === 'unknown-framework')
      .map((code) => `${name}: ${code}`),
  );
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
  - id: '2'
    title: Goal two
    supports:
      - 1.1
      - a:1
`;

const other = `framework: b
title: Framework B
supersedes: a
goals:
  - id: "1"
    title: B goal one
    supersedes: ["a:1.1", a:1]
    objectives:
      - id: "1.1"
        title: B objective one one
  - id: "2"
    title: B goal two
    supports: ["1.1", "b:1.1", "1"]
`;

/** A third file that mentions nothing of A, and so must not be edited. */
const unrelated = `framework: c
title: Framework C
goals:
  - id: "1.1"
    title: C's own 1.1
    supports: ["1.1"]
`;

describe('prepare rename', () => {
  it('offers the ID under the cursor, on a declaration or either part of a reference', () => {
    const onId = openWithCursor({ main: main.replace('- id: "1.1"', '- id: "1.|1"') });
    assert.deepEqual(onId.service.prepareRename(onId.uri, onId.position), {
      range: { start: { line: 6, character: 13 }, end: { line: 6, character: 16 } },
      placeholder: '1.1',
    });
    const onItemPart = openWithCursor({ main, other: other.replace('"a:1.1"', '"a:1.1|"') });
    assert.deepEqual(onItemPart.service.prepareRename(onItemPart.uri, onItemPart.position), {
      range: { start: { line: 6, character: 20 }, end: { line: 6, character: 23 } },
      placeholder: '1.1',
    });
    const onFrameworkPart = openWithCursor({ main, other: other.replace('"a:1.1"', '"|a:1.1"') });
    assert.deepEqual(
      onFrameworkPart.service.prepareRename(onFrameworkPart.uri, onFrameworkPart.position),
      {
        range: { start: { line: 6, character: 18 }, end: { line: 6, character: 19 } },
        placeholder: 'a',
      },
    );
    const onFramework = openWithCursor({ main: main.replace('framework: a', 'framework: a|') });
    assert.deepEqual(onFramework.service.prepareRename(onFramework.uri, onFramework.position), {
      range: { start: { line: 0, character: 11 }, end: { line: 0, character: 12 } },
      placeholder: 'a',
    });
  });

  it('refuses where there is nothing to rename, saying why', () => {
    const onTitle = openWithCursor({ main: main.replace('Goal two', 'Goal |two') });
    assert.deepEqual(onTitle.service.prepareRename(onTitle.uri, onTitle.position), {
      error: 'Nothing to rename here: place the cursor on an ID or a reference.',
    });
    const onKey = openWithCursor({ main: main.replace('title: Goal two', 'ti|tle: Goal two') });
    assert.ok('error' in (onKey.service.prepareRename(onKey.uri, onKey.position) ?? {}));
    const unresolved = openWithCursor({ main: main.replace('- 1.1\n', '- 9|\n') });
    assert.deepEqual(unresolved.service.prepareRename(unresolved.uri, unresolved.position), {
      error: "'9' does not resolve to an item, so it cannot be renamed.",
    });
    const unknownFramework = openWithCursor({ main: main.replace('- a:1\n', '- z|z:1\n') });
    assert.deepEqual(
      unknownFramework.service.prepareRename(unknownFramework.uri, unknownFramework.position),
      {
        error: "'zz' does not resolve to a framework, so it cannot be renamed.",
      },
    );
    const unknownSuperseded = openWithCursor({
      other: other.replace('supersedes: a', 'supersedes: a|'),
    });
    assert.deepEqual(
      unknownSuperseded.service.prepareRename(unknownSuperseded.uri, unknownSuperseded.position),
      { error: "'a' does not resolve to a framework, so it cannot be renamed." },
    );
  });

  it('answers nothing for a file the workspace does not hold', () => {
    const { service } = createTestWorkspace({ main });
    assert.equal(service.prepareRename(uriOf('missing'), { line: 0, character: 11 }), undefined);
  });
});

describe('rename', () => {
  it('renames an objective and every reference to it, in every file, qualified or not', () => {
    const opened = openWithCursor({
      main,
      other: other.replace('"a:1.1"', '"a:1.|1"'),
      unrelated,
    });
    const result = opened.service.getRenameEdits(opened.uri, opened.position, '1.5');
    assert.ok('edit' in result);
    const uris = (result.edit.documentChanges ?? []).map((change) =>
      'textDocument' in change ? change.textDocument.uri : '',
    );
    assert.deepEqual(
      uris,
      [uriOf('main'), uriOf('other')],
      'One edit per file, only where needed.',
    );
    const renamed = applyTestWorkspaceEdit(opened.files, result.edit);
    assert.match(renamed.main, /- id: "1\.5"\n/);
    assert.match(renamed.main, /supports: \["1\.5", "a:1\.5", "1"\]/);
    // A plain `1.1` was already read as a number; the new name is quoted so it is not.
    assert.match(renamed.main, /- "1\.5"\n/);
    assert.match(renamed.other, /supersedes: \["a:1\.5", a:1\]/);
    // B's own 1.1 and its references stay.
    assert.match(renamed.other, /- id: "1\.1"\n/);
    assert.match(renamed.other, /supports: \["1\.1", "b:1\.1", "1"\]/);
    assert.equal(renamed.unrelated, unrelated);
    assert.deepEqual(referenceProblems(renamed), []);
    assert.doesNotMatch(renamed.main, /1\.1/);
  });

  it('renames a goal, keeping the quotes each occurrence had', () => {
    const opened = openWithCursor({
      main: main
        .replace("- id: '2'", "- id: '|2'")
        .replace('supports: ["1.1", "a:1.1", "1"]', 'supports: ["1.1", "a:2", "2"]'),
      other,
    });
    const renamed = rename(opened, 'g2');
    assert.match(renamed.main, /- id: 'g2'\n/);
    assert.match(renamed.main, /supports: \["1\.1", "a:g2", "g2"\]/);
    assert.deepEqual(referenceProblems(renamed), []);

    const fromOther = openWithCursor({ main, other: other.replace('a:1]', 'a:|1]') });
    const renamedFromOther = rename(fromOther, 'one');
    assert.match(renamedFromOther.main, /- id: "one"\n/);
    assert.match(renamedFromOther.main, /supports: \["1\.1", "a:1\.1", "one"\]/);
    assert.match(renamedFromOther.main, /- a:one\n/);
    assert.match(renamedFromOther.other, /supersedes: \["a:1\.1", a:one\]/);
    // B's goal 1 and B's reference to it are B's own.
    assert.match(renamedFromOther.other, /supports: \["1\.1", "b:1\.1", "1"\]/);
    assert.deepEqual(referenceProblems(renamedFromOther), []);
  });

  it('renames a framework in its declaration, supersedes and every qualified reference', () => {
    const opened = openWithCursor({
      main: main.replace('framework: a', 'framework: |a'),
      other,
      unrelated,
    });
    const renamed = rename(opened, 'acme-2020');
    assert.match(renamed.main, /^framework: acme-2020\n/);
    assert.match(renamed.main, /"acme-2020:1\.1"/);
    assert.match(renamed.main, /- acme-2020:1\n/);
    assert.match(renamed.other, /\nsupersedes: acme-2020\n/);
    assert.match(renamed.other, /supersedes: \["acme-2020:1\.1", acme-2020:1\]/);
    assert.equal(renamed.unrelated, unrelated);
    assert.doesNotMatch(renamed.main + renamed.other, /\ba:/);
    assert.deepEqual(referenceProblems(renamed), []);
  });

  it('renames a framework from the framework part of a reference in another file', () => {
    const opened = openWithCursor({
      main,
      other: other.replace('supersedes: a', 'supersedes: |a'),
    });
    const renamed = rename(opened, 'old');
    assert.match(renamed.main, /^framework: old\n/);
    assert.deepEqual(referenceProblems(renamed), []);
  });

  it('uses the version of each file the index holds', () => {
    const { workspace, service } = createTestWorkspace({ main, other });
    workspace.set(uriOf('other'), other);
    workspace.set(uriOf('other'), `${other}# edited\n`);
    const result = service.getRenameEdits(uriOf('main'), { line: 0, character: 11 }, 'x');
    assert.ok('edit' in result);
    const versions = (result.edit.documentChanges ?? []).map((change) =>
      'textDocument' in change ? change.textDocument.version : undefined,
    );
    assert.deepEqual(versions, [1, 3]);
  });

  it('quotes a plain scalar that YAML would read as a number', () => {
    const numeric = `framework: a
title: A
goals:
  - id: 3
    title: Goal three
  - id: g
    title: Goal g
    supports: [3, a:3]
`;
    const opened = openWithCursor({ main: numeric.replace('id: 3', 'id: |3') });
    const renamed = rename(opened, '3.10');
    assert.match(renamed.main, /- id: "3\.10"\n/);
    // The unqualified reference is the whole scalar; the qualified one stays text.
    assert.match(renamed.main, /supports: \["3\.10", a:3\.10\]/);
    const { service } = createTestWorkspace(renamed);
    assert.deepEqual(
      codes(service.getDiagnostics(uriOf('main'))).filter((code) => code !== 'id-numbering'),
      [],
    );

    for (const [newName, written] of [
      ['01', '"01"'],
      ['true', '"true"'],
      ['1e3', '"1e3"'],
      ['null', '"null"'],
      ['3e', '3e'],
      ['three', 'three'],
    ]) {
      assert.match(rename(opened, newName).main, new RegExp(`- id: ${written}\\n`), newName);
    }
  });

  it('quotes a plain framework ID that YAML would read as a number', () => {
    const opened = openWithCursor({ main: main.replace('framework: a', 'framework: |a'), other });
    const renamed = rename(opened, '2020');
    assert.match(renamed.main, /^framework: "2020"\n/);
    assert.match(renamed.other, /\nsupersedes: "2020"\n/);
    assert.match(renamed.main, /- 2020:1\n/);
    assert.deepEqual(referenceProblems(renamed), []);
  });

  it('rewrites a value with escapes or in a block scalar as one quoted value', () => {
    const escaped = `framework: a
title: A
goals:
  - id: "\\x31"
    title: Goal one
  - id: >-
      2
    title: Goal two
    supports: ["a:\\x31", "1"]
`;
    const opened = openWithCursor({ main: escaped.replace('- id: "', '- id: |"') });
    const renamed = rename(opened, '7');
    assert.match(renamed.main, /- id: "7"\n/);
    assert.match(renamed.main, /supports: \["a:7", "7"\]/);
    assert.deepEqual(referenceProblems(renamed), []);

    const block = openWithCursor({
      main: escaped.replace('supports: ["a:\\x31", "1"]', 'supports: ["|2"]'),
    });
    const renamedBlock = rename(block, '8');
    assert.match(renamedBlock.main, /- id: "8"\n {4}title: Goal two\n/);
    assert.match(renamedBlock.main, /supports: \["8"\]/);
    assert.deepEqual(referenceProblems(renamedBlock), []);
  });

  it('refuses a new name that is not a valid ID, and changes nothing', () => {
    const opened = openWithCursor({ main: main.replace('- id: "1.1"', '- id: "1.|1"') });
    for (const newName of ['', '1 1', '.1', 'a:1.5', 'é']) {
      const result = opened.service.getRenameEdits(opened.uri, opened.position, newName);
      assert.ok('error' in result && !('edit' in result), newName);
      assert.match(result.error, /is not a valid ID/);
    }
    const withPrefix = opened.service.getRenameEdits(opened.uri, opened.position, 'a:1.5');
    assert.ok('error' in withPrefix);
    assert.match(withPrefix.error, /without a FRAMEWORK: prefix/);
    const onFramework = openWithCursor({ main: main.replace('framework: a', 'framework: |a') });
    const badFramework = onFramework.service.getRenameEdits(
      onFramework.uri,
      onFramework.position,
      'a b',
    );
    assert.ok('error' in badFramework);
    assert.match(badFramework.error, /is not a valid framework ID/);
  });

  it('refuses an ID another item of the framework already has, saying which', () => {
    const opened = openWithCursor({ main: main.replace('- id: "1.1"', '- id: "1.|1"'), other });
    assert.deepEqual(opened.service.getRenameEdits(opened.uri, opened.position, '1.2'), {
      error:
        "'1.2' is already the ID of objective 1.2 (Objective one two) in framework 'a'; IDs must be unique in a framework.",
    });
    // An ID taken only in another framework is free here.
    const free = openWithCursor({ main: main.replace('- id: "1.2"', '- id: "1.|2"'), unrelated });
    assert.ok('edit' in free.service.getRenameEdits(free.uri, free.position, '1.3'));
  });

  it('refuses a framework ID that is already defined', () => {
    const opened = openWithCursor({ main: main.replace('framework: a', 'framework: |a'), other });
    assert.deepEqual(opened.service.getRenameEdits(opened.uri, opened.position, 'b'), {
      error:
        "'b' is already the ID of a framework, defined in other.framework.yaml; framework IDs must be unique in the workspace.",
    });
  });

  it('refuses an unchanged name, and a rename where nothing resolves', () => {
    const opened = openWithCursor({ main: main.replace('- id: "1.1"', '- id: "1.|1"') });
    assert.deepEqual(opened.service.getRenameEdits(opened.uri, opened.position, '1.1'), {
      error: "The new name is the same as the current one, '1.1'.",
    });
    const unresolved = openWithCursor({ main: main.replace('- 1.1\n', '- 9|\n') });
    assert.ok(
      'error' in unresolved.service.getRenameEdits(unresolved.uri, unresolved.position, '10'),
    );
    const nothing = openWithCursor({ main: main.replace('Goal two', 'Goal |two') });
    assert.ok('error' in nothing.service.getRenameEdits(nothing.uri, nothing.position, 'x'));
  });

  it('refuses to rewrite a YAML document with errors, saying where, and renames beside one', () => {
    // The other file names 1.1 in a document with an unclosed quote: what the parser
    // recovers there is a guess, and an edit computed from it could damage the text.
    const broken = `framework: b
title: Framework B
goals:
  - id: "1"
    title: Goal
    supports: ['a:1.1', "a:1.2]
`;
    const opened = openWithCursor({
      main: main.replace('- id: "1.1"', '- id: "1.|1"'),
      other: broken,
    });
    assert.deepEqual(opened.service.getRenameEdits(opened.uri, opened.position, '1.5'), {
      error:
        "Cannot rename '1.1': other.framework.yaml has a YAML error on line 6, in the part that names it on line 6. Fix the error first, so that the rename changes only what the file says.",
    });
    // The same error in another document of the file leaves this one to rename.
    const twoDocuments = `${broken.replace("'a:1.1', ", '')}---\n${broken
      .replace('framework: b', 'framework: c')
      .replace(', "a:1.2]', ']')}`;
    const beside = openWithCursor({
      main: main.replace('- id: "1.1"', '- id: "1.|1"'),
      other: twoDocuments,
    });
    const renamed = rename(beside, '1.5');
    assert.match(renamed.other, /supports: \['a:1\.5'\]/);
    assert.match(renamed.other, /"a:1\.2\]/, 'the broken document untouched');
  });
});
