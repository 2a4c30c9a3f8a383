import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CompletionItemKind,
  InsertTextFormat,
  InsertTextMode,
  TextEdit,
} from 'vscode-languageserver-types';
import type { CompletionItem, CompletionList, Range } from 'vscode-languageserver-types';
import { createTestWorkspace, sampleFramework, uriOf, withCursor } from './helpers';

/**
 * The completions at the `|` of `fixture`, opened as `main` in a workspace that also
 * holds `others`.
 */
function completionsAt(fixture: string, others: Record<string, string> = {}): CompletionList {
  const { text, position } = withCursor(fixture);
  const { service } = createTestWorkspace({ main: text, ...others });
  return service.getCompletions(uriOf('main'), position);
}

function complete(fixture: string, others: Record<string, string> = {}): CompletionItem[] {
  const list = completionsAt(fixture, others);
  assert.equal(list.isIncomplete, false);
  return list.items;
}

/** Labels in the order an editor shows them with nothing typed: by sortText. */
function labels(items: readonly CompletionItem[]): string[] {
  return [...items]
    .sort((a, b) => ((a.sortText ?? a.label) < (b.sortText ?? b.label) ? -1 : 1))
    .map((item) => item.label);
}

function find(items: readonly CompletionItem[], label: string): CompletionItem {
  const item = items.find((candidate) => candidate.label === label);
  assert.ok(item, `No completion '${label}' among ${items.map((i) => i.label).join(', ')}.`);
  return item;
}

function editOf(item: CompletionItem): TextEdit {
  assert.ok(TextEdit.is(item.textEdit), `'${item.label}' has a plain text edit.`);
  return item.textEdit;
}

function newText(items: readonly CompletionItem[], label: string): string {
  return editOf(find(items, label)).newText;
}

function documentation(item: CompletionItem): string {
  const value = item.documentation;
  assert.ok(value !== undefined && typeof value === 'object', 'Documentation is markup.');
  assert.equal(value.kind, 'markdown');
  return value.value;
}

/** The text of `fixture` (cursor removed) that a range covers, on one line. */
function covered(fixture: string, range: Range): string {
  const { text } = withCursor(fixture);
  assert.equal(range.start.line, range.end.line);
  return text.split('\n')[range.start.line].slice(range.start.character, range.end.character);
}

/** Checks that a fixture really is broken YAML, so that a test means what it says. */
function assertSyntaxError(fixture: string): void {
  const { text } = withCursor(fixture);
  const { service } = createTestWorkspace({ main: text });
  const codes = service.getDiagnostics(uriOf('main')).map((d) => d.code);
  assert.ok(codes.includes('yaml-syntax'), 'The fixture has a YAML syntax error.');
}

/** An older framework in another file: a goal, an objective, an indicator, a category. */
const frameworkB = `framework: b
title: Framework B
period: { start: 2014, end: 2016 }
description: The framework before A.
categories:
  - { id: cat-b, title: Category of B }
goals:
  - id: "7"
    title: Goal seven
    description: Seven *really* matters.
    objectives:
      - id: "7.1"
        title: Seven one
        indicators:
          - { id: "7.1.1", title: Seven indicator }
`;

/** A framework with goal 3 holding objectives 3.1 to 3.5, and room after them. */
function goalThree(after: string): string {
  const objectives = [1, 2, 3, 4, 5]
    .map((n) => `      - { id: "3.${n}", title: Objective 3.${n} }`)
    .join('\n');
  return `framework: a
title: A
goals:
  - id: "1"
    title: One
  - id: "3"
    title: Three
    objectives:
${objectives}
${after}`;
}

describe('completion', () => {
  describe('keys', () => {
    it('offers the keys a goal accepts and lacks, with type and description', () => {
      const items = complete(sampleFramework('a', '    |\n'));
      assert.deepEqual(labels(items), [
        'description',
        'category',
        'supports',
        'supersedes',
        'retired',
      ]);
      const category = find(items, 'category');
      assert.equal(category.kind, CompletionItemKind.Property);
      assert.equal(category.detail, 'reference (ID or FRAMEWORK:ID)');
      assert.equal(documentation(category), 'The ID of the category the goal belongs to.');
      assert.equal(editOf(category).newText, 'category: ');
      assert.equal(find(items, 'supports').detail, 'list of references');
    });

    it('puts required keys first and describes lists by what they hold', () => {
      const items = complete('framework: a\n|');
      assert.deepEqual(labels(items).slice(0, 2), ['title', 'goals']);
      assert.equal(find(items, 'goals').detail, 'list of goals (required)');
      assert.equal(find(items, 'categories').detail, 'list of categories');
      assert.equal(find(items, 'period').detail, 'mapping');
      assert.ok(!labels(items).includes('framework'));
      // An empty file starts with the framework's required keys.
      assert.deepEqual(labels(complete('|')).slice(0, 3), ['framework', 'title', 'goals']);
    });

    it('replaces the word being typed', () => {
      const fixture = sampleFramework('a', '    sup|\n');
      const supports = find(complete(fixture), 'supports');
      assert.equal(covered(fixture, editOf(supports).range), 'sup');
      assert.equal(editOf(supports).newText, 'supports: ');
    });

    it('does not offer keys already present, in block or flow mappings', () => {
      const block = labels(complete(sampleFramework('a', '        |\n')));
      assert.ok(!block.includes('id') && !block.includes('title'));
      assert.ok(block.includes('supports') && block.includes('indicators'));
      const flow = labels(complete(`${sampleFramework('a')}programmes:\n  - { id: p, ti| }\n`));
      assert.ok(flow.includes('title'));
      assert.ok(!flow.includes('id'));
    });

    it('offers every key of a new list item, not just those the item above lacks', () => {
      const items = labels(complete(sampleFramework('a', '      - |\n')));
      assert.ok(items.includes('id') && items.includes('title'));
    });

    it('replaces only the name of a key that already has its colon', () => {
      const fixture = sampleFramework('a', '    catego|ry: strategic\n');
      const category = find(complete(fixture), 'category');
      assert.equal(editOf(category).newText, 'category');
      assert.equal(covered(fixture, editOf(category).range), 'category');
      assert.equal(category.command, undefined);
    });

    it('asks for suggestions again after a key whose value has completions', () => {
      const items = complete(sampleFramework('a', '    |\n'));
      assert.equal(find(items, 'category').command?.command, 'editor.action.triggerSuggest');
      assert.equal(find(items, 'description').command, undefined);
    });
  });

  describe('references', () => {
    it('offers goals and objectives for supports: this framework first, then others', () => {
      const items = complete(sampleFramework('a', '    supports: [|]\n'), { other: frameworkB });
      // Goal 2 is the item being written, so it is not offered; indicators and
      // categories cannot be supported.
      assert.deepEqual(labels(items), ['1', '1.1', '1.2', '2.1', 'b:7', 'b:7.1', 'b:']);
      assert.equal(find(items, 'b:').command?.command, 'editor.action.triggerSuggest');
    });

    it('shows the title as detail and the kind, parents and description as documentation', () => {
      const { text, position } = withCursor(sampleFramework('a', '    supports: [|]\n'));
      const { service } = createTestWorkspace({ main: text, other: frameworkB });
      // The documentation comes when the editor shows an item, not with the list.
      const listed = service.getCompletions(uriOf('main'), position).items;
      assert.equal(find(listed, '1.2').documentation, undefined);
      const items = listed.map((item) => service.resolveCompletion(item));
      const own = find(items, '1.2');
      assert.equal(own.detail, 'Objective one two');
      assert.equal(own.labelDetails?.description, 'objective');
      assert.equal(
        documentation(own),
        'Objective `1.2` of this framework\n\nUnder goal `1` (Goal one)',
      );
      const other = find(items, 'b:7');
      assert.equal(other.detail, 'Goal seven');
      assert.equal(
        documentation(other),
        'Goal `7` of framework `b`\n\nSeven \\*really\\* matters.',
      );
      assert.equal(find(items, 'b:').detail, 'Framework B (2014–2016)');
    });

    it('offers only this framework’s categories for category', () => {
      const items = complete(sampleFramework('a', '    category: |\n'), { other: frameworkB });
      assert.deepEqual(labels(items), ['strategic']);
      assert.equal(newText(items, 'strategic'), 'strategic');
    });

    it('offers other frameworks’ items, qualified, but not its own, for an item’s supersedes', () => {
      const items = complete(sampleFramework('a', '    supersedes:\n      - |\n'), {
        other: frameworkB,
      });
      assert.deepEqual(labels(items), ['b:cat-b', 'b:7', 'b:7.1', 'b:7.1.1', 'b:']);
      assert.equal(newText(items, 'b:7.1'), 'b:7.1');
    });

    it('lists first the framework this one supersedes', () => {
      const c = 'framework: c\ntitle: C\ngoals:\n  - { id: "9", title: Nine }\n';
      const fixture = sampleFramework('a', '    supersedes: [|]\n').replace(
        'period:',
        'supersedes: c\nperiod:',
      );
      const items = complete(fixture, { other: frameworkB, third: c });
      assert.deepEqual(labels(items).slice(0, 2), ['c:9', 'b:cat-b']);
    });

    it('offers the items of the framework named before the colon', () => {
      const fixture = sampleFramework('a', '    supports: [b:|]\n');
      const items = complete(fixture, { other: frameworkB });
      assert.deepEqual(labels(items), ['b:7', 'b:7.1']);
      assert.equal(covered(fixture, editOf(find(items, 'b:7')).range), 'b:');
      // This framework's own name qualifies its own items.
      const own = complete(sampleFramework('a', '    supports: [a:1.|]\n'), { other: frameworkB });
      assert.deepEqual(labels(own), ['a:1', 'a:1.1', 'a:1.2', 'a:2.1']);
    });

    it('offers framework prefixes while the framework part is unknown', () => {
      const items = complete(sampleFramework('a', '    supports: [x:|]\n'), { other: frameworkB });
      assert.deepEqual(labels(items), ['b:']);
      assert.equal(newText(items, 'b:'), 'b:');
    });

    it('offers items of other documents of the same file, qualified', () => {
      const fixture = `${sampleFramework('a', '    supports: [|]\n')}---\n${frameworkB}`;
      assert.ok(labels(complete(fixture)).includes('b:7.1'));
    });

    it('does not offer what the list already names', () => {
      const items = complete(sampleFramework('a', '    supports: ["1.1", |]\n'));
      assert.deepEqual(labels(items), ['1', '1.2', '2.1']);
    });

    it('quotes IDs that YAML would read as numbers, in the quote style of the file', () => {
      const items = complete(sampleFramework('a', '    supports: [|]\n'));
      assert.equal(newText(items, '1.1'), '"1.1"');
      const single = sampleFramework('a', '    supports:\n      - |\n').replace(/"/g, "'");
      assert.equal(newText(complete(single), '1.1'), "'1.1'");
      const named = `framework: a\ntitle: A\ncategories:\n  - { id: "1.10", title: C }\ngoals:\n  - id: x\n    title: X\n    category: |\n`;
      assert.equal(newText(complete(named), '1.10'), '"1.10"');
    });

    it('inserts bare IDs inside quotes, closing a quote left open', () => {
      const inside = complete(sampleFramework('a', '    supports: ["1.|"]\n'));
      assert.equal(newText(inside, '1.1'), '1.1');
      const open = complete(sampleFramework('a', '    supports:\n      - "b:|\n'), {
        other: frameworkB,
      });
      assert.equal(newText(open, 'b:7.1'), 'b:7.1"');
    });

    it('writes a list when the key holds one and no bracket is typed yet', () => {
      const fixture = sampleFramework('a', '    supports: 1.|\n');
      const items = complete(fixture, { other: frameworkB });
      assert.equal(newText(items, '1.1'), '["1.1"]');
      assert.equal(covered(fixture, editOf(find(items, '1.1')).range), '1.');
      assert.equal(newText(items, 'b:7'), '[b:7]');
      const prefix = find(items, 'b:');
      assert.equal(editOf(prefix).newText, '[b:$1]');
      assert.equal(prefix.insertTextFormat, InsertTextFormat.Snippet);
    });
  });

  describe('framework IDs', () => {
    it('offers the other frameworks for a framework’s supersedes, older ones first', () => {
      const newer = 'framework: z\ntitle: Z\nperiod: { start: 2030, end: 2033 }\ngoals: []\n';
      const fixture = sampleFramework('a').replace('period:', 'supersedes: |\nperiod:');
      const items = complete(fixture, { other: frameworkB, newer });
      assert.deepEqual(labels(items), ['b', 'z']);
      const b = find(items, 'b');
      assert.equal(b.detail, 'Framework B (2014–2016)');
      // The description comes when the editor shows the item, so that a list of many
      // frameworks stays small.
      assert.equal(b.documentation, undefined);
      const { text } = withCursor(fixture);
      const { service } = createTestWorkspace({ main: text, other: frameworkB, newer });
      assert.equal(documentation(service.resolveCompletion(b)), 'The framework before A.');
      assert.equal(b.kind, CompletionItemKind.Module);
    });

    it('leaves out frameworks that already supersede this one', () => {
      const later = 'framework: z\ntitle: Z\nsupersedes: a\ngoals: []\n';
      const fixture = sampleFramework('a').replace('period:', 'supersedes: |\nperiod:');
      assert.deepEqual(labels(complete(fixture, { other: frameworkB, later })), ['b']);
    });
  });

  describe('next free ID', () => {
    it('offers the next objective ID under the goal, preselected and quoted', () => {
      const items = complete(goalThree('      - id: |\n'));
      assert.deepEqual(labels(items), ['3.6']);
      const next = find(items, '3.6');
      assert.equal(next.preselect, true);
      assert.equal(editOf(next).newText, '"3.6"');
      assert.equal(next.detail, 'Next free objective ID under goal 3');
    });

    it('inserts the bare ID inside quotes', () => {
      assert.equal(newText(complete(goalThree('      - id: "|"\n')), '3.6'), '3.6');
    });

    it('offers the goal after the highest numeric goal ID', () => {
      const fixture = `${goalThree('  - id: "10"\n    title: Ten\n')}  - id: |\n`;
      assert.deepEqual(labels(complete(fixture)), ['11']);
    });

    it('numbers indicators under their objective', () => {
      assert.deepEqual(
        labels(
          complete(
            sampleFramework('a').replace('target: 90', 'target: 90 }\n          - { id: | '),
          ),
        ),
        ['1.1.2'],
      );
      const first = sampleFramework('a', '        indicators:\n          - id: |\n');
      assert.deepEqual(labels(complete(first)), ['2.1.1']);
    });

    it('skips an ID another item already uses', () => {
      const fixture = goalThree('      - id: |\n').replace(
        '  - id: "1"\n    title: One\n',
        '  - id: "1"\n    title: One\n    objectives:\n      - { id: "3.6", title: Misfiled }\n',
      );
      assert.deepEqual(labels(complete(fixture)), ['3.7']);
    });

    it('follows the numbering of a named goal’s objectives, and offers nothing without one', () => {
      const named = (objectives: string): string =>
        `framework: a\ntitle: A\ngoals:\n  - id: crime\n    title: Crime\n    objectives:\n${objectives}      - id: |\n`;
      assert.deepEqual(labels(complete(named('      - { id: crime.1, title: C }\n'))), ['crime.2']);
      assert.deepEqual(labels(complete(named('      - { id: cyber, title: C }\n'))), []);
      const namedGoals = `framework: a\ntitle: A\ngoals:\n  - { id: crime, title: C }\n  - id: |\n`;
      assert.deepEqual(labels(complete(namedGoals)), []);
    });

    it('offers no next ID for items that are not numbered', () => {
      assert.deepEqual(labels(complete(`${sampleFramework('a')}programmes:\n  - id: |\n`)), []);
    });
  });

  describe('snippets', () => {
    it('starts a new objective on a blank line of the objectives list', () => {
      // The parse ends goal 3 before this blank line: its parent is the goal above.
      const fixture = goalThree('      |\n');
      const items = complete(fixture);
      assert.deepEqual(labels(items), ['New objective']);
      const snippet = find(items, 'New objective');
      assert.equal(snippet.kind, CompletionItemKind.Snippet);
      assert.equal(snippet.insertTextFormat, InsertTextFormat.Snippet);
      assert.equal(snippet.insertTextMode, InsertTextMode.asIs);
      assert.equal(editOf(snippet).newText, '- id: "${1:3.6}"\n        title: ${2:Title}');
      assert.equal(covered(fixture, editOf(snippet).range), '');
    });

    it('completes a `- ` line, replacing it from the dash', () => {
      const fixture = goalThree('      - |\n');
      const items = complete(fixture);
      assert.equal(labels(items)[0], 'New objective');
      const edit = editOf(find(items, 'New objective'));
      assert.equal(edit.newText, '- id: "${1:3.6}"\n        title: ${2:Title}');
      assert.equal(covered(fixture, edit.range), '- ');
    });

    it('starts goals and indicators with their next IDs', () => {
      const goal = complete(sampleFramework('a', '  |\n'));
      assert.equal(newText(goal, 'New goal'), '- id: "${1:3}"\n    title: ${2:Title}');
      const indicator = complete(
        sampleFramework(
          'a',
          '        indicators:\n          - id: "2.1.1"\n            title: I\n          |\n',
        ),
      );
      assert.equal(
        newText(indicator, 'New indicator'),
        '- id: "${1:2.1.2}"\n            title: ${2:Title}',
      );
    });

    it('is not offered where no goal, objective or indicator can start', () => {
      assert.deepEqual(labels(complete(`${sampleFramework('a')}programmes:\n  |\n`)), []);
      const taken = labels(complete(goalThree('      - |\n        title: T\n')));
      assert.ok(!taken.includes('New objective'));
      assert.ok(!labels(complete(goalThree('    |\n'))).includes('New objective'));
    });
  });

  describe('where nothing fits', () => {
    it('offers nothing in free text', () => {
      assert.deepEqual(complete(sampleFramework('a', '    description: Some |text\n')), []);
      assert.deepEqual(complete(sampleFramework('a', '    title: Goal |\n')), []);
      assert.deepEqual(complete(sampleFramework('a', '    # a comment |\n')), []);
      const folded = sampleFramework(
        'a',
        '    description: >-\n      Long text,\n      ov|er lines\n',
      );
      assert.deepEqual(complete(folded), []);
    });

    it('answers an empty list for a file the workspace does not hold', () => {
      const { service } = createTestWorkspace({ main: sampleFramework('a') });
      assert.deepEqual(service.getCompletions(uriOf('missing'), { line: 0, character: 0 }), {
        isIncomplete: false,
        items: [],
      });
    });

    it('completes in a file with a syntax error elsewhere', () => {
      const fixture = `framework: a
title: A
goals:
  - id: "3"
    title: Three
    objectives:
      - id: "3.1"
        title: x
      - id: "3.2"
        title: y
        supports: [|]
      - id: "3.3"
        title: [unclosed
        description: "oops
  - id: "4"
    title: : bad
`;
      assertSyntaxError(fixture);
      assert.deepEqual(labels(complete(fixture)), ['3', '3.1', '3.3']);
    });

    it('finds the parent of a new item among broken lines', () => {
      const after = goalThree('      - id: |\n    title: "unclosed\n  bad: [\n');
      assertSyntaxError(after);
      assert.deepEqual(labels(complete(after)), ['3.6']);
      const before = goalThree('      - id: |\n').replace('title: One', 'title: One: two: [');
      assertSyntaxError(before);
      assert.deepEqual(labels(complete(before)), ['3.6']);
    });

    it('never throws, wherever the cursor is', () => {
      const root = path.resolve(__dirname, '../../..');
      const example = fs.readFileSync(
        path.join(root, 'examples', 'interpol-2017-2020.framework.yaml'),
        'utf8',
      );
      const texts = [
        sampleFramework('a', '    supports: ["1.1", b:\n      - { id: "2.2", title: [\n'),
        `${goalThree('      - id: ')}\n---\nframework: c\n  goals: : -\n`,
        example.slice(0, 3000),
        '',
        '- - -\n  : [ {\n"',
        'goals:\n\t- id: "1"\n\t  supports: [\n  - \t# x\n',
      ];
      for (const text of texts) {
        const { service } = createTestWorkspace({ main: text, other: frameworkB });
        const lines = text.split('\n');
        for (const [line, lineText] of lines.entries()) {
          for (let character = 0; character <= lineText.length + 1; character++) {
            const list = service.getCompletions(uriOf('main'), { line, character });
            assert.equal(list.isIncomplete, false);
          }
        }
      }
    });
  });

  describe('in a large workspace', () => {
    /** A framework with 30 (or `goals`) goals of 10 objectives each: 330 items. */
    function large(id: string, goals = 30): string {
      let text = `framework: ${id}\ntitle: ${id}\ngoals:\n`;
      for (let goal = 1; goal <= goals; goal++) {
        text += `  - id: "${goal}"\n    title: Goal ${goal}\n    objectives:\n`;
        for (let objective = 1; objective <= 10; objective++) {
          text += `      - { id: "${goal}.${objective}", title: Objective }\n`;
        }
      }
      return text;
    }

    it('lists at most a bounded number of references, narrowing as the user types', () => {
      const own = `${large('a')}programmes:\n  - { id: p, title: P, supports: [|] }\n`;
      const { text, position } = withCursor(own);
      const { service } = createTestWorkspace({ a: text, b: large('b'), c: large('c') });
      const list = service.getCompletions(uriOf('a'), position);
      assert.equal(list.isIncomplete, true);
      const references = list.items.filter((item) => item.kind === CompletionItemKind.Reference);
      assert.equal(references.length, 500);
      // The framework's own items come first.
      assert.ok(references.slice(0, 330).every((item) => !String(item.label).includes(':')));

      const typed = withCursor(own.replace('supports: [|]', 'supports: ["b:1|"]'));
      const narrowed = createTestWorkspace({ a: typed.text, b: large('b'), c: large('c') });
      const labels = narrowed.service
        .getCompletions(uriOf('a'), typed.position)
        .items.map((item) => String(item.label));
      assert.ok(labels.length > 0 && labels.every((label) => label.startsWith('b:')));
    });

    it('narrows a long list by what is typed before the cursor, over every framework', () => {
      const files = { b: large('b'), c: large('c'), cc: large('cc', 60) };
      const labelsAt = (fixture: string): string[] => {
        const own = `${large('a')}programmes:\n  - { id: p, title: P, supports: [${fixture}] }\n`;
        const { text, position } = withCursor(own);
        const { service } = createTestWorkspace({ a: text, ...files });
        return service
          .getCompletions(uriOf('a'), position)
          .items.filter((item) => item.kind === CompletionItemKind.Reference)
          .map((item) => String(item.label));
      };
      // At the start of a word nothing is typed yet: the list is the unfiltered one, as
      // the editor filters by the text before the cursor.
      const atStart = labelsAt('"|c:1"');
      assert.ok(atStart.filter((label) => !label.startsWith('c')).length > 100);
      // A typed framework prefix keeps the items of every framework whose name fits.
      const typedC = labelsAt('"c|"');
      assert.ok(typedC.some((label) => label.startsWith('c:')));
      assert.ok(typedC.some((label) => label.startsWith('cc:')));
      assert.ok(typedC.every((label) => label.toLowerCase().startsWith('c')));
      // An ID typed after the colon keeps, of that framework's 660 items, those whose
      // ID starts with it.
      const typedId = labelsAt('"cc:1.1|"');
      assert.ok(typedId.length > 0);
      assert.ok(
        typedId.every((label) => label.startsWith('cc:1.1')),
        typedId.join(' '),
      );
    });
  });
});
