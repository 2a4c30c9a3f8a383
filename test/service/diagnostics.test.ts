import * as assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Diagnostic } from 'vscode-languageserver-types';
import {
  codes,
  coveredText,
  createTestWorkspace,
  diagnose,
  messageOf,
  sampleFramework,
  uriOf,
} from './helpers';

function only(diagnostics: Diagnostic[], code: string): Diagnostic[] {
  return diagnostics.filter((diagnostic) => diagnostic.code === code);
}

function single(text: string, code: string, others: Record<string, string> = {}): Diagnostic {
  const found = only(diagnose(text, others), code);
  assert.equal(found.length, 1, `expected one ${code}, got ${JSON.stringify(found)}`);
  return found[0];
}

describe('diagnostics', () => {
  it('reports nothing for a valid framework', () => {
    assert.deepEqual(diagnose(sampleFramework()), []);
  });

  describe('yaml-syntax', () => {
    it('reports a syntax error at its place', () => {
      const text = 'framework: a\ntitle: "unterminated\ngoals: []\n';
      const diagnostic = diagnose(text).find((d) => d.code === 'yaml-syntax');
      assert.ok(diagnostic, 'a yaml-syntax diagnostic');
      assert.equal(diagnostic.severity, DiagnosticSeverity.Error);
      assert.equal(diagnostic.range.start.line, 1);
    });

    it('reports a duplicate key on the second occurrence, with the first as related', () => {
      const text = sampleFramework().replace(
        'title: Goal two',
        'title: Goal two\n    title: Again',
      );
      const diagnostic = single(text, 'yaml-syntax');
      assert.equal(coveredText(text, diagnostic), 'title');
      assert.match(messageOf(diagnostic), /appears twice/);
      assert.equal(diagnostic.relatedInformation?.length, 1);
    });

    it('does not report the same key in two different mappings', () => {
      assert.deepEqual(codes(diagnose(sampleFramework())), []);
    });

    it('refuses absurd nesting before parsing', () => {
      const deep = `framework: a\ntitle: A\ngoals: ${'['.repeat(500)}${']'.repeat(500)}\n`;
      const diagnostic = single(deep, 'yaml-syntax');
      assert.match(messageOf(diagnostic), /nests more than/);
    });

    it('reports tags and keeps their text', () => {
      const text = sampleFramework().replace('title: Goal two', 'title: !!js/function Goal two');
      assert.ok(codes(diagnose(text)).includes('yaml-syntax'));
    });
  });

  describe('missing-key', () => {
    it('reports a missing required key on the item', () => {
      const text = sampleFramework().replace('        title: Objective two one\n', '');
      const diagnostic = single(text, 'missing-key');
      assert.match(messageOf(diagnostic), /Objective 2\.1 has no `title`/);
      assert.equal(coveredText(text, diagnostic), 'id');
    });

    it('reports a framework without goals', () => {
      const diagnostic = single('framework: a\ntitle: A\n', 'missing-key');
      assert.match(messageOf(diagnostic), /no goals/);
    });

    it('reports an empty file', () => {
      assert.deepEqual(codes(diagnose('# nothing yet\n')), ['missing-key']);
    });

    it('does not report optional keys', () => {
      const text = 'framework: a\ntitle: A\ngoals:\n  - id: "1"\n    title: One\n';
      assert.deepEqual(diagnose(text), []);
    });
  });

  describe('unknown-key', () => {
    it('reports an unknown key with a did-you-mean', () => {
      const text = sampleFramework().replace(
        '    objectives:\n      - id: "2.1"',
        '    objetives:\n      - id: "2.1"',
      );
      const diagnostic = single(text, 'unknown-key');
      assert.equal(coveredText(text, diagnostic), 'objetives');
      assert.match(messageOf(diagnostic), /Did you mean 'objectives'\?/);
      assert.deepEqual((diagnostic.data as { candidates: string[] }).candidates[0], 'objectives');
    });

    it('reports keys that are names of JavaScript object properties', () => {
      for (const key of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
        const text = sampleFramework().replace('title: Goal two', `title: Goal two\n    ${key}: x`);
        assert.deepEqual(codes(diagnose(text)), ['unknown-key'], key);
      }
    });

    it('treats a merge key as an ordinary unknown key', () => {
      const text = sampleFramework().replace('title: Goal two', 'title: Goal two\n    <<: {x: 1}');
      assert.ok(codes(diagnose(text)).includes('unknown-key'));
    });

    it('accepts every key the schema knows', () => {
      const text = sampleFramework(
        'a',
        `programmes:\n  - { id: p, title: P, description: D, supports: ["1"], supersedes: [] }\nvalues:\n  - { id: v, title: V, description: D }\n`,
      );
      assert.deepEqual(diagnose(text), []);
    });
  });

  describe('invalid-value', () => {
    it('reports a bad ID on the ID', () => {
      const text = sampleFramework().replace('id: "2.1"', 'id: "2 1"');
      const diagnostic = single(text, 'invalid-value');
      assert.equal(coveredText(text, diagnostic), '2 1');
      assert.match(messageOf(diagnostic), /not a valid ID/);
    });

    it('reports a period that starts after it ends', () => {
      const text = sampleFramework().replace(
        '{ start: 2020, end: 2023 }',
        '{ start: 2024, end: 2023 }',
      );
      const diagnostic = single(text, 'invalid-value');
      assert.equal(coveredText(text, diagnostic), '2024');
    });

    it('accepts a period of one year', () => {
      const text = sampleFramework().replace(
        '{ start: 2020, end: 2023 }',
        '{ start: 2023, end: 2023 }',
      );
      assert.deepEqual(diagnose(text), []);
    });

    it('reports a wrong type', () => {
      const text = sampleFramework().replace('supports: ["2"]', 'supports: "2"');
      const diagnostic = single(text, 'invalid-value');
      assert.match(messageOf(diagnostic), /must be a list/);
    });

    it('reports text that YAML reads as a number', () => {
      const text = sampleFramework().replace('title: Goal two', 'title: 2020');
      const diagnostic = single(text, 'invalid-value');
      assert.match(messageOf(diagnostic), /Quote it/);
    });

    it('reports an empty goals list and an alias', () => {
      assert.ok(codes(diagnose('framework: a\ntitle: A\ngoals: []\n')).includes('invalid-value'));
      const aliased = sampleFramework().replace('title: Goal two', 'title: *x');
      assert.ok(codes(diagnose(aliased)).includes('invalid-value'));
    });
  });

  describe('duplicate-id', () => {
    it('reports every occurrence, with related locations, across kinds', () => {
      const text = sampleFramework().replace('id: "2.1"', 'id: "1.1"');
      const found = only(diagnose(text), 'duplicate-id');
      assert.equal(found.length, 2);
      for (const diagnostic of found) {
        assert.equal(coveredText(text, diagnostic), '1.1');
        assert.equal(diagnostic.relatedInformation?.length, 1);
      }
      const acrossKinds = sampleFramework().replace('id: strategic', 'id: "2"');
      assert.equal(only(diagnose(acrossKinds), 'duplicate-id').length, 2);
    });

    it('does not report the same ID in two frameworks', () => {
      const text = `${sampleFramework('a')}---\n${sampleFramework('b')}`;
      assert.deepEqual(diagnose(text), []);
    });
  });

  describe('duplicate-framework', () => {
    it('reports the same framework ID in two files', () => {
      const { service } = createTestWorkspace({
        one: sampleFramework('a'),
        two: sampleFramework('a'),
      });
      for (const name of ['one', 'two']) {
        const found = only(service.getDiagnostics(uriOf(name)), 'duplicate-framework');
        assert.equal(found.length, 1);
        assert.equal(
          found[0].relatedInformation?.[0].location.uri,
          uriOf(name === 'one' ? 'two' : 'one'),
        );
      }
    });

    it('does not report two frameworks with different IDs', () => {
      const { service } = createTestWorkspace({
        one: sampleFramework('a'),
        two: sampleFramework('b'),
      });
      assert.deepEqual(service.getDiagnostics(uriOf('one')), []);
    });
  });

  describe('unresolved-reference', () => {
    it('reports a missing ID with siblings first', () => {
      const text = sampleFramework().replace('supports: ["2"]', 'supports: ["1.3"]');
      const diagnostic = single(text, 'unresolved-reference');
      assert.equal(coveredText(text, diagnostic), '1.3');
      const candidates = (diagnostic.data as { candidates: string[] }).candidates;
      assert.deepEqual(candidates.slice(0, 2), ['1.1', '1.2']);
    });

    it('suggests the goal whose objectives are numbered under the missing ID', () => {
      const text = sampleFramework()
        .replace('supports: ["2"]', 'supports: ["3"]')
        .replace('  - id: "2"\n', '  - id: "7"\n')
        .replace('id: "2.1"', 'id: "3.1"');
      const diagnostic = single(text, 'unresolved-reference');
      assert.equal((diagnostic.data as { candidates: string[] }).candidates[0], '7');
    });

    it('points at the ID part of a qualified reference', () => {
      const other = sampleFramework(
        'b',
        'programmes:\n  - { id: p, title: P, supports: ["a:9"] }\n',
      );
      const { service } = createTestWorkspace({ a: sampleFramework('a'), b: other });
      const diagnostic = only(service.getDiagnostics(uriOf('b')), 'unresolved-reference')[0];
      assert.equal(coveredText(other, diagnostic), '9');
    });

    it('resolves a qualified reference into another file', () => {
      const other = sampleFramework(
        'b',
        'programmes:\n  - { id: p, title: P, supports: ["a:1.2"] }\n',
      );
      const { service } = createTestWorkspace({ a: sampleFramework('a'), b: other });
      assert.deepEqual(service.getDiagnostics(uriOf('b')), []);
    });
  });

  describe('unknown-framework', () => {
    it('reports an unknown framework on the framework part, with a did-you-mean', () => {
      const other = sampleFramework(
        'beta',
        'programmes:\n  - { id: p, title: P, supports: ["alfa:1"] }\n',
      );
      const { service } = createTestWorkspace({ a: sampleFramework('alpha'), b: other });
      const diagnostic = only(service.getDiagnostics(uriOf('b')), 'unknown-framework')[0];
      assert.equal(coveredText(other, diagnostic), 'alfa');
      assert.match(messageOf(diagnostic), /Did you mean 'alpha'/);
    });

    it('reports an unknown framework named by supersedes', () => {
      const text = sampleFramework('b').replace(
        'title: Framework B',
        'title: B\nsupersedes: nowhere',
      );
      const diagnostic = single(text, 'unknown-framework');
      assert.equal(coveredText(text, diagnostic), 'nowhere');
    });
  });

  describe('wrong-reference-kind', () => {
    it('reports supports naming an indicator', () => {
      const text = sampleFramework().replace('supports: ["2"]', 'supports: ["1.1.1"]');
      const diagnostic = single(text, 'wrong-reference-kind');
      assert.match(messageOf(diagnostic), /is an indicator/);
    });

    it('reports a category naming a goal', () => {
      const text = sampleFramework().replace('category: strategic', 'category: "2"');
      assert.equal(single(text, 'wrong-reference-kind').range.start.line, 8);
    });

    it('reports item-level supersedes inside its own framework', () => {
      const text = sampleFramework().replace('supports: ["2"]', 'supersedes: ["2"]');
      assert.match(messageOf(single(text, 'wrong-reference-kind')), /older framework/);
    });

    it('accepts supports naming an objective of another framework', () => {
      const other = sampleFramework(
        'b',
        'programmes:\n  - { id: p, title: P, supports: ["a:1.1"], supersedes: ["a:2"] }\n',
      );
      const { service } = createTestWorkspace({ a: sampleFramework('a'), b: other });
      assert.deepEqual(service.getDiagnostics(uriOf('b')), []);
    });
  });

  describe('supersedes-cycle', () => {
    it('reports frameworks that supersede each other', () => {
      const a = sampleFramework('a').replace('title: Framework A', 'title: A\nsupersedes: b');
      const b = sampleFramework('b').replace('title: Framework B', 'title: B\nsupersedes: a');
      const { service } = createTestWorkspace({ a, b });
      const diagnostic = only(service.getDiagnostics(uriOf('a')), 'supersedes-cycle')[0];
      assert.match(messageOf(diagnostic), /a → b → a/);
      assert.equal(only(service.getDiagnostics(uriOf('b')), 'supersedes-cycle').length, 1);
    });

    it('reports a framework that supersedes itself, and not a chain', () => {
      const self = sampleFramework('a').replace('title: Framework A', 'title: A\nsupersedes: a');
      assert.equal(only(diagnose(self), 'supersedes-cycle').length, 1);
      const a = sampleFramework('a');
      const b = sampleFramework('b').replace('title: Framework B', 'title: B\nsupersedes: a');
      const c = sampleFramework('c').replace('title: Framework C', 'title: C\nsupersedes: b');
      // Whether b and c account for the items of a and b is another check's business.
      const { service } = createTestWorkspace(
        { a, b, c },
        { diagnostics: { severity: { 'unaccounted-predecessor': 'off' } } },
      );
      for (const name of ['a', 'b', 'c']) assert.deepEqual(service.getDiagnostics(uriOf(name)), []);
    });
  });

  describe('id-numbering', () => {
    it('reports an objective filed under the wrong goal', () => {
      const text = sampleFramework().replace('id: "2.1"', 'id: "3.1"');
      const diagnostic = single(text, 'id-numbering');
      assert.equal(diagnostic.severity, DiagnosticSeverity.Warning);
      assert.equal(coveredText(text, diagnostic), '3.1');
      assert.match(messageOf(diagnostic), /filed under goal 2/);
    });

    it('reports an indicator under the wrong objective', () => {
      const text = sampleFramework().replace('id: "1.1.1"', 'id: "1.2.1"');
      assert.equal(coveredText(text, single(text, 'id-numbering')), '1.2.1');
    });

    it('accepts 3.10 under goal 3 and free IDs under named goals', () => {
      const text = `framework: a\ntitle: A\ngoals:\n  - id: "3"\n    title: G\n    objectives:\n      - { id: "3.10", title: O }\n  - id: cyber\n    title: C\n    objectives:\n      - { id: cyber.1, title: O }\n      - { id: resilience, title: R }\n`;
      assert.deepEqual(diagnose(text), []);
    });
  });

  describe('numeric-id', () => {
    it('reports an unquoted ID that YAML changes', () => {
      const text = sampleFramework()
        .replace('id: "2.1"', 'id: 2.10')
        .replace('title: Goal two', 'title: Goal two');
      const found = only(diagnose(text), 'numeric-id');
      assert.equal(found.length, 1);
      assert.equal(coveredText(text, found[0]), '2.10');
      assert.match(messageOf(found[0]), /number 2\.1/);
      // The ID is read from the source: it is 2.10, so it is misnumbered, not 2.1.
      assert.equal(only(diagnose(text), 'id-numbering').length, 0);
    });

    it('reports a reference such as 01, and not an unquoted 1', () => {
      const text = sampleFramework().replace('supports: ["2"]', 'supports: [01, 2]');
      const found = only(diagnose(text), 'numeric-id');
      assert.equal(found.length, 1);
      assert.equal(coveredText(text, found[0]), '01');
    });
  });

  describe('settings', () => {
    it('changes a severity and turns a code off', () => {
      const text = sampleFramework().replace('id: "2.1"', 'id: 2.10');
      const { service } = createTestWorkspace(
        { main: text },
        { diagnostics: { severity: { 'numeric-id': 'error', 'id-numbering': 'off' } } },
      );
      const diagnostics = service.getDiagnostics(uriOf('main'));
      assert.deepEqual(codes(diagnostics), ['numeric-id']);
      assert.equal(diagnostics[0].severity, DiagnosticSeverity.Error);
    });
  });
});
