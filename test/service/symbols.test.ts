import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { SymbolKind } from 'vscode-languageserver-types';
import type { DocumentSymbol, Position, Range } from 'vscode-languageserver-types';
import { createTestWorkspace, sampleFramework, uriOf } from './helpers';

const examplesFolder = path.join(__dirname, '..', '..', '..', 'examples');
const example = (name: string): string =>
  readFileSync(path.join(examplesFolder, `${name}.framework.yaml`), 'utf8');

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

function inside(inner: Range, outer: Range): boolean {
  return !before(inner.start, outer.start) && !before(outer.end, inner.end);
}

/** Asserts the LSP rule (selection inside range) and that children nest in their parent. */
function assertContained(symbols: readonly DocumentSymbol[], parent?: DocumentSymbol): void {
  for (const symbol of symbols) {
    assert.ok(inside(symbol.selectionRange, symbol.range), `${symbol.name}: selection in range`);
    if (parent) assert.ok(inside(symbol.range, parent.range), `${symbol.name} in ${parent.name}`);
    assertContained(symbol.children ?? [], symbol);
  }
}

/** The outline as names, children indented, for readable comparisons. */
function outline(symbols: readonly DocumentSymbol[], depth = 0): string[] {
  return symbols.flatMap((symbol) => [
    `${'  '.repeat(depth)}${symbol.name} [${symbol.detail}]`,
    ...outline(symbol.children ?? [], depth + 1),
  ]);
}

/** The text a range covers, in a text without CRs. */
function covered(text: string, range: Range): string {
  const lines = text.split('\n');
  const offset = (position: Position): number =>
    lines.slice(0, position.line).reduce((sum, line) => sum + line.length + 1, 0) +
    position.character;
  return text.slice(offset(range.start), offset(range.end));
}

describe('document symbols', () => {
  it('nests categories, goals, objectives and indicators under the framework', () => {
    const { service } = createTestWorkspace({ a: sampleFramework() });
    const symbols = service.getDocumentSymbols(uriOf('a'));
    assert.deepEqual(outline(symbols), [
      'Framework A [a (2020–2023)]',
      '  strategic Strategic priorities [category]',
      '  1 Goal one [goal]',
      '    1.1 Objective one one [objective]',
      '      1.1.1 Indicator [indicator]',
      '    1.2 Objective one two [objective]',
      '  2 Goal two [goal]',
      '    2.1 Objective two one [objective]',
    ]);
  });

  it('gives each kind its symbol kind', () => {
    const text = sampleFramework(
      'a',
      'values:\n  - { id: v, title: Integrity }\nprogrammes:\n  - { id: p, title: P, supports: ["1"] }\n',
    );
    const { service } = createTestWorkspace({ a: text });
    const [framework] = service.getDocumentSymbols(uriOf('a'));
    assert.equal(framework.kind, SymbolKind.Namespace);
    const kinds = new Map<string, SymbolKind>();
    const walk = (symbols: readonly DocumentSymbol[]): void => {
      for (const symbol of symbols) {
        kinds.set(symbol.detail ?? '', symbol.kind);
        walk(symbol.children ?? []);
      }
    };
    walk(framework.children ?? []);
    assert.deepEqual(Object.fromEntries(kinds), {
      category: SymbolKind.Enum,
      goal: SymbolKind.Class,
      objective: SymbolKind.Method,
      indicator: SymbolKind.Field,
      value: SymbolKind.Constant,
      programme: SymbolKind.Module,
    });
  });

  it('selects the ID and covers the item, without the trailing line break', () => {
    const text = sampleFramework();
    const { service } = createTestWorkspace({ a: text });
    const [framework] = service.getDocumentSymbols(uriOf('a'));
    assert.equal(covered(text, framework.selectionRange), 'a');
    const goal = framework.children?.[1];
    assert.ok(goal);
    assert.equal(covered(text, goal.selectionRange), '1');
    const goalText = covered(text, goal.range);
    assert.match(goalText, /^id: "1"\n/);
    assert.match(goalText, /supports: \["2"\]$/);
    const indicator = goal.children?.[0].children?.[0];
    assert.ok(indicator);
    assert.equal(
      covered(text, indicator.range),
      '{ id: "1.1.1", title: Indicator, target: 90, unit: "%" }',
    );
  });

  it('keeps every selection inside its range and every child inside its parent', () => {
    const { service } = createTestWorkspace({
      old: example('interpol-2014-2016'),
      new: example('interpol-2017-2020'),
      both: `${sampleFramework('a')}---\n# second\n${sampleFramework('b')}`,
    });
    for (const name of ['old', 'new', 'both']) {
      const symbols = service.getDocumentSymbols(uriOf(name));
      assert.ok(symbols.length > 0);
      assertContained(symbols);
    }
  });

  it('lists one root per framework document, with the title or else the ID as name', () => {
    const untitled = 'framework: b\ngoals:\n  - id: "1"\n    title: G\n';
    const { service } = createTestWorkspace({ both: `${sampleFramework('a')}---\n${untitled}` });
    const symbols = service.getDocumentSymbols(uriOf('both'));
    assert.deepEqual(
      symbols.map((symbol) => [symbol.name, symbol.detail]),
      [
        ['Framework A', 'a (2020–2023)'],
        ['b', 'b'],
      ],
    );
  });

  it('names an item without a title by its ID, and answers nothing for unknown files', () => {
    const text = sampleFramework().replace('    title: Goal two\n', '');
    const { service } = createTestWorkspace({ a: text });
    assert.ok(outline(service.getDocumentSymbols(uriOf('a'))).includes('  2 [goal]'));
    assert.deepEqual(service.getDocumentSymbols(uriOf('missing')), []);
  });
});

describe('workspace symbols', () => {
  const files = {
    a: sampleFramework('a'),
    b: sampleFramework('b', 'programmes:\n  - { id: p1, title: Digital forensic assistance }\n'),
  };

  function names(query: string, extra: Record<string, string> = {}): string[] {
    const { service } = createTestWorkspace({ ...files, ...extra });
    return service
      .getWorkspaceSymbols(query)
      .map((symbol) => `${symbol.containerName ?? ''}|${symbol.name}`);
  }

  it('finds items by ID, exact matches first, with their framework as container', () => {
    assert.deepEqual(names('1.1'), [
      'a|1.1 Objective one one',
      'b|1.1 Objective one one',
      'a|1.1.1 Indicator',
      'b|1.1.1 Indicator',
    ]);
  });

  it('finds items by a qualified ID', () => {
    assert.deepEqual(names('b:1.1'), ['b|1.1 Objective one one', 'b|1.1.1 Indicator']);
    assert.deepEqual(names('B:2'), ['b|2 Goal two', 'b|2.1 Objective two one']);
  });

  it('finds frameworks by ID and title', () => {
    assert.deepEqual(names('framework b'), ['|b Framework B']);
    // `a` is framework a's ID exactly, then starts the qualified IDs of its items,
    // then occurs inside `b:strategic`, then starts a word of a title.
    assert.deepEqual(names('a'), [
      '|a Framework A',
      'a|strategic Strategic priorities',
      'a|1 Goal one',
      'a|1.1 Objective one one',
      'a|1.1.1 Indicator',
      'a|1.2 Objective one two',
      'a|2 Goal two',
      'a|2.1 Objective two one',
      'b|strategic Strategic priorities',
      'b|p1 Digital forensic assistance',
    ]);
  });

  it('finds items by the starts of the words of their title, in any order and case', () => {
    assert.deepEqual(names('FOR dig'), ['b|p1 Digital forensic assistance']);
    assert.deepEqual(names('two obj'), [
      'a|1.2 Objective one two',
      'a|2.1 Objective two one',
      'b|1.2 Objective one two',
      'b|2.1 Objective two one',
    ]);
  });

  it('does not match the middle of a title word, or a title missing one query word', () => {
    assert.deepEqual(names('igital'), []);
    assert.deepEqual(names('digital crime'), []);
    assert.deepEqual(names('no-such-thing'), []);
  });

  it('locates a symbol at its ID', () => {
    const { service } = createTestWorkspace(files);
    const [symbol] = service.getWorkspaceSymbols('p1');
    assert.equal(symbol.kind, SymbolKind.Module);
    assert.ok('range' in symbol.location);
    assert.equal(symbol.location.uri, uriOf('b'));
    assert.equal(covered(files.b, symbol.location.range), 'p1');
  });

  it('caps the answer, keeping the best matches', () => {
    const goals = Array.from(
      { length: 600 },
      (_, n) => `  - id: "${n + 10}"\n    title: Numbered goal ${n}\n`,
    ).join('');
    const many = `framework: many\ntitle: Many\ngoals:\n${goals}  - id: goal\n    title: Exact\n`;
    const { service } = createTestWorkspace({ many });
    const found = service.getWorkspaceSymbols('goal');
    assert.equal(found.length, 500);
    assert.equal(found[0].name, 'goal Exact');
  });
});
