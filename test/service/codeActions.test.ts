import * as assert from 'node:assert/strict';
import { CodeActionKind } from 'vscode-languageserver-types';
import type { CodeAction, Diagnostic, Range } from 'vscode-languageserver-types';
import {
  applyTestWorkspaceEdit,
  codes,
  coveredText,
  createTestWorkspace,
  sampleFramework,
  uriOf,
} from './helpers';

const wholeFile: Range = { start: { line: 0, character: 0 }, end: { line: 10_000, character: 0 } };

interface Fixes {
  readonly diagnostic: Diagnostic;
  readonly actions: CodeAction[];
}

/** The one diagnostic of `code` in file `name`, and the fixes offered for it alone. */
function fixesFor(
  files: Record<string, string>,
  name: string,
  code: string,
  strip: (diagnostic: Diagnostic) => Diagnostic = (diagnostic) => diagnostic,
): Fixes {
  const { service } = createTestWorkspace(files);
  const found = service.getDiagnostics(uriOf(name)).filter((d) => d.code === code);
  assert.equal(found.length, 1, `one ${code} in ${name}: ${JSON.stringify(found)}`);
  const diagnostic = strip(found[0]);
  const actions = service.getCodeActions(uriOf(name), diagnostic.range, [diagnostic]);
  for (const action of actions) {
    assert.equal(action.kind, CodeActionKind.QuickFix);
    assert.deepEqual(action.diagnostics, [diagnostic]);
  }
  return { diagnostic: found[0], actions };
}

/** Applies a fix and asserts, in a fresh workspace, that the problem is gone and no reference broke. */
function applyAndCheck(
  files: Record<string, string>,
  action: CodeAction,
  gone: string,
): Record<string, string> {
  const fixed = applyTestWorkspaceEdit(files, action.edit);
  const { service } = createTestWorkspace(fixed);
  for (const name of Object.keys(fixed)) {
    const found = codes(service.getDiagnostics(uriOf(name)));
    assert.ok(!found.includes(gone), `${gone} is gone from ${name}: ${fixed[name]}`);
    assert.ok(
      !found.includes('unresolved-reference'),
      `no reference broke in ${name}: ${fixed[name]}`,
    );
  }
  return fixed;
}

function titles(actions: readonly CodeAction[]): string[] {
  return actions.map((action) => action.title);
}

describe('code actions', () => {
  describe('unresolved-reference', () => {
    const files = {
      a: sampleFramework('a').replace('supports: ["2"]', 'supports: ["1.3"]'),
    };

    it('offers one fix per candidate, the first preferred, each replacing the ID', () => {
      const { actions } = fixesFor(files, 'a', 'unresolved-reference');
      assert.deepEqual(titles(actions), ["Change to '1.1'", "Change to '1.2'"]);
      assert.deepEqual(
        actions.map((action) => action.isPreferred),
        [true, false],
      );
      const fixed = applyAndCheck(files, actions[0], 'unresolved-reference');
      assert.ok(fixed.a.includes('supports: ["1.1"]'));
    });

    it('works when the client sends the diagnostic without its data', () => {
      const withData = fixesFor(files, 'a', 'unresolved-reference');
      const without = fixesFor(files, 'a', 'unresolved-reference', (diagnostic) => ({
        ...diagnostic,
        data: undefined,
      }));
      assert.deepEqual(titles(without.actions), titles(withData.actions));
      assert.deepEqual(without.actions[0].edit, withData.actions[0].edit);
    });

    it('replaces only the ID part of a qualified reference', () => {
      const qualified = {
        a: sampleFramework('a'),
        b: sampleFramework('b', 'programmes:\n  - { id: p, title: P, supports: ["a:2.2"] }\n'),
      };
      const { actions } = fixesFor(qualified, 'b', 'unresolved-reference');
      assert.equal(actions[0].title, "Change to 'a:2.1'");
      const fixed = applyAndCheck(qualified, actions[0], 'unresolved-reference');
      assert.ok(fixed.b.includes('supports: ["a:2.1"]'));
    });

    it('quotes a plain reference that YAML would read as a number', () => {
      const plain = { a: sampleFramework('a').replace('supports: ["2"]', 'supports: [1.3]') };
      const { actions } = fixesFor(plain, 'a', 'unresolved-reference');
      const fixed = applyAndCheck(plain, actions[1], 'unresolved-reference');
      assert.ok(fixed.a.includes('supports: ["1.2"]'), fixed.a);
    });

    it('rewrites a block scalar or an escaped reference whole, keeping the next line', () => {
      const text = `framework: a
title: A
goals:
  - id: "1"
    title: One
    supports:
      - >-
        3
      - "\\x32x"
  - id: "2"
    title: Two
`;
      const { service } = createTestWorkspace({ a: text });
      const diagnostics = service.getDiagnostics(uriOf('a'));
      assert.deepEqual(codes(diagnostics), ['unresolved-reference', 'unresolved-reference']);
      let fixed: Record<string, string> = { a: text };
      for (const diagnostic of diagnostics.reverse()) {
        const [action] = service.getCodeActions(uriOf('a'), diagnostic.range, [diagnostic]);
        fixed = applyTestWorkspaceEdit(fixed, action.edit);
      }
      assert.ok(fixed.a.includes('supports:\n      - "1"\n      - "2"\n  - id: "2"'), fixed.a);
      assert.deepEqual(createTestWorkspace(fixed).service.getDiagnostics(uriOf('a')), []);
    });

    it('offers nothing for a diagnostic that no longer matches the text', () => {
      const { service } = createTestWorkspace(files);
      const [diagnostic] = service.getDiagnostics(uriOf('a'));
      const moved = {
        ...diagnostic,
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } },
      };
      assert.deepEqual(service.getCodeActions(uriOf('a'), wholeFile, [moved]), []);
    });

    it("ignores other tools' diagnostics and diagnostics outside the range", () => {
      const { service } = createTestWorkspace(files);
      const [diagnostic] = service.getDiagnostics(uriOf('a'));
      const foreign = { ...diagnostic, source: 'yaml' };
      assert.deepEqual(service.getCodeActions(uriOf('a'), wholeFile, [foreign]), []);
      const elsewhere: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
      assert.deepEqual(service.getCodeActions(uriOf('a'), elsewhere, [diagnostic]), []);
      assert.deepEqual(service.getCodeActions(uriOf('missing'), wholeFile, [diagnostic]), []);
    });
  });

  describe('unknown-framework', () => {
    it('replaces the framework part of a reference', () => {
      const files = {
        alpha: sampleFramework('alpha'),
        b: sampleFramework('b', 'programmes:\n  - { id: p, title: P, supports: ["alpah:2"] }\n'),
      };
      const { actions } = fixesFor(files, 'b', 'unknown-framework');
      assert.deepEqual(titles(actions), ["Change to 'alpha:2'"]);
      assert.equal(actions[0].isPreferred, true);
      const edits = actions[0].edit?.documentChanges?.[0];
      assert.ok(edits && 'edits' in edits);
      assert.equal(coveredText(files.b, { range: edits.edits[0].range } as Diagnostic), 'alpah');
      const fixed = applyAndCheck(files, actions[0], 'unknown-framework');
      assert.ok(fixed.b.includes('supports: ["alpha:2"]'));
    });

    it("fixes a framework's supersedes, also without data", () => {
      const files = {
        alpha: sampleFramework('alpha'),
        b: sampleFramework('b').replace(
          'title: Framework B',
          'title: Framework B\nsupersedes: alpah',
        ),
      };
      const { actions } = fixesFor(files, 'b', 'unknown-framework', (diagnostic) => ({
        ...diagnostic,
        data: undefined,
      }));
      assert.deepEqual(titles(actions), ["Change to 'alpha'"]);
      const fixed = applyAndCheck(files, actions[0], 'unknown-framework');
      assert.ok(fixed.b.includes('supersedes: alpha\n'));
    });
  });

  describe('numeric-id', () => {
    it('quotes the ID', () => {
      const files = { a: sampleFramework('a').replace('- id: "1.2"', '- id: 1.10') };
      const { actions } = fixesFor(files, 'a', 'numeric-id');
      assert.deepEqual(titles(actions), ['Quote "1.10"']);
      assert.equal(actions[0].isPreferred, true);
      const fixed = applyAndCheck(files, actions[0], 'numeric-id');
      assert.ok(fixed.a.includes('- id: "1.10"'));
      assert.deepEqual(createTestWorkspace(fixed).service.getDiagnostics(uriOf('a')), []);
    });
  });

  describe('unknown-key', () => {
    it('renames the key to the best candidate', () => {
      const files = { a: sampleFramework('a').replace('title: Goal two', 'titel: Goal two') };
      const { actions } = fixesFor(files, 'a', 'unknown-key');
      assert.equal(actions[0].title, "Rename 'titel' to 'title'");
      assert.equal(actions[0].isPreferred, true);
      const fixed = applyAndCheck(files, actions[0], 'unknown-key');
      assert.deepEqual(createTestWorkspace(fixed).service.getDiagnostics(uriOf('a')), []);
    });

    it('does not rename to a key the mapping already has', () => {
      const files = {
        a: sampleFramework('a').replace('title: Goal two', 'title: Goal two\n    titel: Again'),
      };
      const { actions } = fixesFor(files, 'a', 'unknown-key');
      assert.ok(!titles(actions).includes("Rename 'titel' to 'title'"), titles(actions).join());
    });
  });

  describe('id-numbering', () => {
    const a = `framework: a
title: A
goals:
  - id: "2"
    title: Two
    objectives:
      - id: "2.1"
        title: Two one
  - id: "3"
    title: Three
    objectives:
      - id: "3.1"
        title: Three one
      - id: "3.2"
        title: Three two
      - id: "2.3"
        title: Misfiled
        indicators:
          - { id: "2.3.1", title: Measure }
programmes:
  - { id: p, title: P, supports: ["2.3", "3.1"] }
`;
    const b = sampleFramework(
      'b',
      'programmes:\n  - { id: q, title: Q, supports: ["a:2.3", "a:2.1"] }\n',
    );

    it('renumbers the item under its parent, with its children and references in every file', () => {
      const files = { a, b };
      const { actions } = fixesFor(files, 'a', 'id-numbering');
      assert.deepEqual(titles(actions), [
        'Renumber objective 2.3 as 3.3 and the 1 item under it, updating 2 references',
      ]);
      assert.equal(actions[0].isPreferred, true);
      const changes = actions[0].edit?.documentChanges ?? [];
      assert.deepEqual(
        changes.map((change) => ('textDocument' in change ? change.textDocument.uri : '')),
        [uriOf('a'), uriOf('b')],
      );
      const fixed = applyAndCheck(files, actions[0], 'id-numbering');
      assert.ok(fixed.a.includes('- id: "3.3"\n        title: Misfiled'));
      assert.ok(fixed.a.includes('{ id: "3.3.1", title: Measure }'));
      assert.ok(fixed.a.includes('supports: ["3.3", "3.1"]'));
      assert.ok(fixed.b.includes('supports: ["a:3.3", "a:2.1"]'));
      assert.deepEqual(createTestWorkspace(fixed).service.getDiagnostics(uriOf('a')), []);
    });

    it('versions each file with its indexed version', () => {
      const { workspace, service } = createTestWorkspace({ a, b });
      workspace.set(uriOf('a'), a);
      workspace.set(uriOf('a'), a.replace('title: Three\n', 'title: Three!\n'));
      const diagnostic = service.getDiagnostics(uriOf('a')).find((d) => d.code === 'id-numbering');
      assert.ok(diagnostic);
      const [action] = service.getCodeActions(uriOf('a'), diagnostic.range, [diagnostic]);
      const versions = (action.edit?.documentChanges ?? []).map((change) =>
        'textDocument' in change ? change.textDocument.version : undefined,
      );
      assert.deepEqual(versions, [3, 1]);
    });

    it('skips a number another item already has', () => {
      const files = { a: `${a}  - { id: "3.3", title: Taken }\n` };
      const { actions } = fixesFor(files, 'a', 'id-numbering');
      assert.match(actions[0].title, /^Renumber objective 2\.3 as 3\.4 /);
      applyAndCheck(files, actions[0], 'id-numbering');
    });
  });

  describe('duplicate-id', () => {
    const duplicated = sampleFramework('a').replace(
      '      - id: "1.2"\n',
      '      - id: "1.1"\n        title: Copy\n      - id: "1.2"\n',
    );

    it('gives the second duplicate the next free ID among its siblings, leaving references alone', () => {
      const files = {
        a: duplicated,
        b: sampleFramework('b', 'programmes:\n  - { id: q, title: Q, supports: ["a:1.1"] }\n'),
      };
      const { service } = createTestWorkspace(files);
      const [, second] = service
        .getDiagnostics(uriOf('a'))
        .filter((d) => d.code === 'duplicate-id');
      const actions = service.getCodeActions(uriOf('a'), second.range, [second]);
      assert.deepEqual(titles(actions), ['Renumber objective 1.1 as 1.3']);
      const fixed = applyAndCheck(files, actions[0], 'duplicate-id');
      assert.ok(fixed.a.includes('- id: "1.3"\n        title: Copy'));
      assert.equal(fixed.b, files.b);
    });

    it('moves the references with the first duplicate, which they resolve to', () => {
      const files = {
        a: duplicated,
        b: sampleFramework('b', 'programmes:\n  - { id: q, title: Q, supports: ["a:1.1"] }\n'),
      };
      const { service } = createTestWorkspace(files);
      const [first] = service.getDiagnostics(uriOf('a')).filter((d) => d.code === 'duplicate-id');
      const actions = service.getCodeActions(uriOf('a'), first.range, [first]);
      assert.deepEqual(titles(actions), [
        'Renumber objective 1.1 as 1.3 and the 1 item under it, updating 1 reference',
      ]);
      const fixed = applyAndCheck(files, actions[0], 'duplicate-id');
      assert.ok(fixed.a.includes('- id: "1.3"\n        title: Objective one one'));
      assert.ok(fixed.a.includes('{ id: "1.3.1", title: Indicator'));
      assert.ok(fixed.b.includes('supports: ["a:1.3"]'));
    });

    it('suffixes a duplicated ID that is not a number', () => {
      const files = {
        a: sampleFramework('a').replace(
          '  - { id: strategic, title: Strategic priorities }\n',
          '  - { id: strategic, title: Strategic priorities }\n  - { id: strategic, title: Again }\n',
        ),
      };
      const { service } = createTestWorkspace(files);
      const [, second] = service
        .getDiagnostics(uriOf('a'))
        .filter((d) => d.code === 'duplicate-id');
      const [action] = service.getCodeActions(uriOf('a'), second.range, [second]);
      assert.equal(action.title, 'Renumber category strategic as strategic-2');
      const fixed = applyAndCheck(files, action, 'duplicate-id');
      assert.ok(fixed.a.includes('{ id: strategic-2, title: Again }'));
      assert.ok(fixed.a.includes('category: strategic\n'), 'the reference stays with the first');
    });

    it('offers one fix for an item both misnumbered and duplicated, for both diagnostics', () => {
      const text = `framework: a
title: A
goals:
  - id: "2"
    title: Two
    objectives:
      - { id: "2.3", title: Real }
  - id: "3"
    title: Three
    objectives:
      - { id: "2.3", title: Misfiled }
`;
      const { service } = createTestWorkspace({ a: text });
      const diagnostics = service
        .getDiagnostics(uriOf('a'))
        .filter((d) => d.range.start.line === 10);
      assert.deepEqual(codes(diagnostics).sort(), ['duplicate-id', 'id-numbering']);
      const actions = service.getCodeActions(uriOf('a'), wholeFile, diagnostics);
      assert.deepEqual(titles(actions), ['Renumber objective 2.3 as 3.1']);
      assert.equal(actions[0].diagnostics?.length, 2);
      const fixed = applyTestWorkspaceEdit({ a: text }, actions[0].edit);
      assert.deepEqual(createTestWorkspace(fixed).service.getDiagnostics(uriOf('a')), []);
    });
  });
});
