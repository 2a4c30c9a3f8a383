import * as assert from 'node:assert/strict';
import { createLanguageService, InMemoryWorkspace } from '../../server/src/service';
import { mulberry32 } from '../random';
import { codes, createTestWorkspace, sampleFramework, silentLogger, uriOf } from './helpers';

/** Every file's diagnostics, keyed by URI, as a fresh service over the same files sees them. */
function fromScratch(workspace: InMemoryWorkspace): Map<string, unknown> {
  const files = [...workspace.getDocuments()].map((d) => [d.uri, d.getText()] as const);
  const fresh = createLanguageService({
    workspace: new InMemoryWorkspace(files),
    logger: silentLogger,
  });
  return new Map(files.map(([uri]) => [uri, fresh.getDiagnostics(uri)]));
}

describe('workspace index', () => {
  it('resolves references across files and documents', () => {
    const b = `${sampleFramework('b', 'programmes:\n  - { id: p, title: P, supports: ["a:1", "c:2.1"] }\n')}`;
    const c = `${sampleFramework('c')}---\n${sampleFramework('d').replace('title: Framework D', 'title: D\nsupersedes: c')}`;
    const { service } = createTestWorkspace(
      { a: sampleFramework('a'), b, c },
      { diagnostics: { severity: { 'unaccounted-predecessor': 'off' } } },
    );
    for (const name of ['a', 'b', 'c']) assert.deepEqual(service.getDiagnostics(uriOf(name)), []);
    assert.deepEqual(service.getSummary(), { files: 3, frameworks: 4, items: 29 });
  });

  it('re-checks dependent files when a referenced item is renamed, and clears it when fixed', () => {
    const b = sampleFramework('b', 'programmes:\n  - { id: p, title: P, supports: ["a:2"] }\n');
    const { workspace, service } = createTestWorkspace({ a: sampleFramework('a'), b });
    assert.deepEqual(service.getDiagnostics(uriOf('b')), []);

    workspace.set(uriOf('a'), sampleFramework('a').replace('  - id: "2"\n', '  - id: "5"\n'));
    const affected = service.synchronize();
    assert.ok(affected.includes(uriOf('b')), 'the dependent file is re-checked');
    assert.deepEqual(codes(service.getDiagnostics(uriOf('b'))), ['unresolved-reference']);

    workspace.set(uriOf('a'), sampleFramework('a'));
    assert.ok(service.synchronize().includes(uriOf('b')));
    assert.deepEqual(service.getDiagnostics(uriOf('b')), []);
  });

  it('reports the loss of a deleted file in the files that referred to it', () => {
    const b = sampleFramework('b', 'programmes:\n  - { id: p, title: P, supports: ["a:2"] }\n');
    const { workspace, service } = createTestWorkspace({ a: sampleFramework('a'), b });
    service.synchronize();
    workspace.delete(uriOf('a'));
    const affected = service.synchronize();
    assert.deepEqual(affected.sort(), [uriOf('a'), uriOf('b')].sort());
    assert.deepEqual(service.getDiagnostics(uriOf('a')), []);
    assert.deepEqual(codes(service.getDiagnostics(uriOf('b'))), ['unknown-framework']);
  });

  it('parses each version once and leaves unrelated files alone', () => {
    const { workspace, service } = createTestWorkspace({
      a: sampleFramework('a'),
      b: sampleFramework('b'),
    });
    assert.equal(service.synchronize().length, 2);
    assert.deepEqual(service.synchronize(), [], 'nothing changed');
    workspace.set(uriOf('a'), sampleFramework('a').replace('Goal one', 'Goal 1'));
    assert.deepEqual(service.synchronize(), [uriOf('a')]);
  });

  it('finds supersedes cycles closed by a change in another file', () => {
    const a = sampleFramework('a').replace('title: Framework A', 'title: A\nsupersedes: b');
    const b = sampleFramework('b').replace('title: Framework B', 'title: B\nsupersedes: c');
    const { workspace, service } = createTestWorkspace(
      { a, b, c: sampleFramework('c') },
      { diagnostics: { severity: { 'unaccounted-predecessor': 'off' } } },
    );
    assert.deepEqual(service.getDiagnostics(uriOf('a')), []);
    workspace.set(
      uriOf('c'),
      sampleFramework('c').replace('title: Framework C', 'title: C\nsupersedes: a'),
    );
    const affected = service.synchronize();
    assert.ok(affected.includes(uriOf('a')) && affected.includes(uriOf('b')));
    assert.deepEqual(codes(service.getDiagnostics(uriOf('a'))), ['supersedes-cycle']);
  });

  it('gives the same diagnostics as indexing from scratch after random edits, additions and deletions', () => {
    // Variants of each file that break and mend references in every direction.
    const variants: Record<string, string[]> = {
      a: [
        sampleFramework('a'),
        sampleFramework('a').replace('  - id: "2"\n', '  - id: "3"\n'),
        sampleFramework('a').replace('title: Framework A', 'title: A\nsupersedes: b'),
        sampleFramework('x'),
        'framework: a\ntitle: [broken\n',
        // Edits that keep every ID, kind and nesting: only this file is re-checked.
        sampleFramework('a').replace('Goal one', 'Goal one, retitled'),
        `# A comment that moves everything down a line.\n${sampleFramework('a')}`,
      ],
      b: [
        sampleFramework('b', 'programmes:\n  - { id: p, title: P, supports: ["a:2", "c:1.1"] }\n'),
        sampleFramework('b').replace('title: Framework B', 'title: B\nsupersedes: a'),
        sampleFramework('a'),
        sampleFramework('b', 'programmes:\n  - { id: p, title: P, supersedes: ["x:1"] }\n'),
        // Lineage: b supersedes a, continues some of its items and retires others.
        sampleFramework('b', 'retired:\n  - { item: "a:2.1", reason: Done. }\n')
          .replace('title: Framework B', 'title: B\nsupersedes: a')
          .replace('title: Goal one\n', 'title: Goal one\n    supersedes: ["a:1", "a:1.1"]\n'),
        sampleFramework('b')
          .replace('title: Framework B', 'title: B\nsupersedes: a')
          .replace('title: Goal two\n', 'title: Goal two\n    supersedes: ["a:2"]\n'),
      ],
      c: [
        sampleFramework('c').replace('title: Framework C', 'title: C\nsupersedes: a'),
        `${sampleFramework('c')}---\n${sampleFramework('b')}`,
        sampleFramework('c', 'programmes:\n  - { id: q, title: Q, supports: ["b:p"] }\n'),
      ],
      d: [
        sampleFramework('d').replace('title: Framework D', 'title: D\nsupersedes: c'),
        '',
        // A second definition of a: duplicates point at each other's positions.
        sampleFramework('a'),
      ],
    };
    const next = mulberry32(20261126);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)];
    const workspace = new InMemoryWorkspace();
    const service = createLanguageService({ workspace, logger: silentLogger });
    const seen = new Set<string>();
    let before = new Map<string, unknown>();
    for (let step = 0; step < 400; step++) {
      const name = pick(Object.keys(variants));
      if (next() < 0.2) workspace.delete(uriOf(name));
      else workspace.set(uriOf(name), pick(variants[name]));
      const affected = new Set(service.synchronize());
      const expected = fromScratch(workspace);
      for (const [uri, diagnostics] of expected) {
        assert.deepEqual(service.getDiagnostics(uri), diagnostics, `step ${step}, ${uri}`);
        // A file whose diagnostics changed must have been announced, or hosts
        // would keep showing stale problems.
        if (before.has(uri) && !affected.has(uri)) {
          assert.deepEqual(
            diagnostics,
            before.get(uri),
            `step ${step}: ${uri} changed unannounced`,
          );
        }
        seen.add(`${uri} ${JSON.stringify(diagnostics)}`);
      }
      for (const uri of before.keys()) {
        if (!expected.has(uri))
          assert.ok(affected.has(uri), `step ${step}: ${uri} deleted unannounced`);
      }
      before = expected;
    }
    // The sequence must have exercised both broken and mended states.
    assert.ok(seen.size > 20, `only ${seen.size} distinct states`);
  });

  it('re-checks a superseded framework exactly when what its successors say about it changes', () => {
    // Variants of b, which supersedes a: its diagnostics in a depend on b's supersedes
    // and retired entries, and on b's goals and objectives (their titles rank the
    // candidate successors, their places are the related locations).
    const base = sampleFramework('b').replace('title: Framework B', 'title: B\nsupersedes: a');
    const variants: Record<string, string> = {
      base,
      continues: base.replace('title: Goal one\n', 'title: Goal one\n    supersedes: ["a:1"]\n'),
      retires: base.replace('goals:\n', 'retired:\n  - { item: "a:1.2", reason: Done. }\ngoals:\n'),
      retitled: base.replace('title: Goal two', 'title: Objective one two'),
      'lines moved': `# A comment that moves every item down a line.\n${base}`,
      'not a successor': sampleFramework('b'),
      'programme continues': `${base}programmes:\n  - { id: p, title: P, supersedes: ["a:2.1"] }\n`,
      // Typing inside a line below the items changes nothing a sees.
      'typed below': `${base}description: More words here.\n`,
    };
    const a = sampleFramework('a');
    const { workspace, service } = createTestWorkspace({ a, b: base });
    service.synchronize();
    const next = mulberry32(11);
    const names = Object.keys(variants);
    let current = 'base';
    let announced = 0;
    for (let step = 0; step < 150; step++) {
      const before = service.getDiagnostics(uriOf('a'));
      const name = names[Math.floor(next() * names.length)];
      workspace.set(uriOf('b'), variants[name]);
      const affected = service.synchronize();
      const after = service.getDiagnostics(uriOf('a'));
      assert.deepEqual(after, fromScratch(workspace).get(uriOf('a')), `step ${step}: ${name}`);
      if (affected.includes(uriOf('a'))) announced++;
      else
        assert.deepEqual(after, before, `step ${step}: ${current} → ${name} changed a unannounced`);
      if (`${current} ${name}` === 'base typed below') {
        assert.deepEqual(affected, [uriOf('b')], 'an edit a does not see leaves a alone');
      }
      current = name;
    }
    assert.ok(announced > 20, `a was re-checked only ${announced} times`);
  });

  it('reports as affected every file whose diagnostics changed', () => {
    const variants = [
      sampleFramework('a'),
      sampleFramework('a').replace('  - id: "2"\n', '  - id: "3"\n'),
      sampleFramework('a').replace('title: Framework A', 'title: A\nsupersedes: b'),
    ];
    const b = sampleFramework('b', 'programmes:\n  - { id: p, title: P, supports: ["a:2"] }\n');
    const c = sampleFramework('c').replace('title: Framework C', 'title: C\nsupersedes: a');
    const { workspace, service } = createTestWorkspace({ a: variants[0], b, c });
    service.synchronize();
    const next = mulberry32(7);
    for (let step = 0; step < 100; step++) {
      const before = new Map(
        service.getFileUris().map((uri) => [uri, service.getDiagnostics(uri)]),
      );
      workspace.set(uriOf('a'), variants[Math.floor(next() * variants.length)]);
      const affected = new Set(service.synchronize());
      for (const [uri, diagnostics] of before) {
        if (!affected.has(uri)) {
          assert.deepEqual(service.getDiagnostics(uri), diagnostics, `${uri} changed unannounced`);
        }
      }
    }
  });
});
