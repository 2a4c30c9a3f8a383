import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createLanguageService, InMemoryWorkspace } from '../../server/src/service';
import { parseForEditing } from '../../server/src/service/parsing/incremental';
import type { EditableParse } from '../../server/src/service/parsing/incremental';
import { parseFrameworkFile } from '../../server/src/service/parsing/parseFile';
import { shapeOf } from '../../server/src/service/shape';
import { LineIndex } from '../../server/src/service/util/lineIndex';
import { findChange } from '../../server/src/service/util/textChange';
import { Random } from '../random';
import { silentLogger, uriOf } from './helpers';

const examplesFolder = path.join(__dirname, '..', '..', '..', 'examples');

function example(name: string): string {
  return fs.readFileSync(path.join(examplesFolder, name), 'utf8');
}

/**
 * A framework with most of what the format allows, and with problems planted in its
 * entries (a duplicated ID, a misnumbered objective, broken references with
 * did-you-mean candidates), so that every cached check has something to find.
 */
function plantedFramework(id: string, goals: number, dashColumn = 2): string {
  const dash = ' '.repeat(dashColumn);
  const lines = [
    `# Framework ${id}, for the incremental parsing tests.`,
    `framework: ${id}`,
    `title: Framework ${id}`,
    'period:',
    '  start: 2020',
    '  end: 2023',
    'description: >-',
    '  A folded description',
    '  over two lines.',
    // A framework-level `retired` list names items of the framework this one supersedes.
    `supersedes: ${id}-before`,
    'retired:',
    `${dash}- { item: "${id}-before:1", reason: Done. }`,
    `${dash}- item: ${id}-before:2`,
    `${dash}  reason: Merged into goal 1.`,
    'values:',
    `${dash}- id: openness`,
    `${dash}  title: Openness`,
    `${dash}- { id: integrity, title: Integrity }`,
    'categories:',
    `${dash}- { id: strategic, title: Strategic }`,
    `${dash}- id: corporate`,
    `${dash}  title: Corporate`,
    'goals:',
  ];
  for (let goal = 1; goal <= goals; goal++) {
    lines.push(`${dash}- id: "${goal}"`, `${dash}  title: Goal ${goal} title`);
    if (goal % 3 === 0)
      lines.push(`${dash}  description: |`, `${dash}    Literal`, `${dash}    text.`);
    lines.push(`${dash}  category: ${goal % 2 ? 'strategic' : 'corporate'}`);
    lines.push(`${dash}  objectives:`);
    for (let objective = 1; objective <= 4; objective++) {
      // Goal 4 holds a misnumbered objective; goal 5 repeats an ID of goal 2.
      const objectiveId =
        goal === 4 && objective === 2
          ? '3.9'
          : goal === 5 && objective === 1
            ? '2.1'
            : `${goal}.${objective}`;
      lines.push(
        `${dash}    - id: "${objectiveId}"`,
        `${dash}      title: Objective ${objectiveId}`,
      );
      const target = goal === 6 && objective === 3 ? '77' : String(Math.max(1, goal - 1));
      if (objective % 2 === 0) lines.push(`${dash}      supports: ["${target}", "${goal}"]`);
      // Some objectives are retired: the reason's range moves with its entry.
      if (objective === 1 && goal % 3 === 2) {
        lines.push(`${dash}      retired: Folded into goal ${goal - 1}.`);
      }
      if (objective === 3) {
        lines.push(
          `${dash}      indicators:`,
          `${dash}        - { id: "${goal}.${objective}.1", title: Share, target: 90, unit: "%" }`,
        );
      }
    }
    if (goal % 4 === 0) lines.push(`  # A comment after goal ${goal}.`, '');
  }
  lines.push(
    'programmes:',
    `${dash}- id: p1`,
    `${dash}  title: Programme one`,
    `${dash}  supports: ["1", "1.9"]`,
    `${dash}- { id: p2, title: Programme two, supports: ["2.1"] }`,
    `${dash}- id: p3`,
    `${dash}  title: Programme three`,
  );
  return `${lines.join('\n')}\n`;
}

/** The texts the random edits start from. */
function startingTexts(): Record<string, string> {
  const planted = plantedFramework('planted', 12);
  return {
    'the 2014-2016 example': example('interpol-2014-2016.framework.yaml'),
    'the 2017-2020 example': example('interpol-2017-2020.framework.yaml'),
    'a framework with planted problems': planted,
    'the same with CRLF line ends': planted.replace(/\n/g, '\r\n'),
    'lists at column 0': plantedFramework('column', 8, 0),
    'two documents': `${plantedFramework('first', 5)}---\n${plantedFramework('second', 5)}`,
  };
}

const letters = ['x', 'e', '1', ' ', '.', 'Q'];
const punctuation = [':', '-', '#', '"', "'", '[', ']', '{', ',', '\n', '  '];
const pasted = [
  '\n      - id: "9.9"\n        title: Pasted\n',
  '    supports: ["1"]\n',
  '  - id: "99"\n    title: Pasted goal\n',
  ' # note',
  '\t',
  '&anchor ',
  '*alias',
  'title: again\n',
  // Hazards a parser misreports (see textHazards.ts): they come and go with edits.
  '\0',
  '\x1b',
  '<<<<<<< HEAD\n',
  '=======\n',
  '>>>>>>> theirs\n',
  '<',
];

/**
 * One random edit of the kinds people make: typing, deleting, pasting, indenting a
 * line, duplicating or dropping a line, or undoing to an earlier text. Most land
 * inside an entry, as most of a framework file is entries.
 */
function randomEdit(random: Random, text: string, history: readonly string[]): string {
  const at = random.int(text.length + 1);
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const lineEnd = text.indexOf('\n', at) < 0 ? text.length : text.indexOf('\n', at) + 1;
  const valueAt = text.indexOf(': ', lineStart);
  switch (random.int(10)) {
    case 8:
    case 9:
      // Typing or deleting in a value, where most typing happens.
      if (valueAt < 0 || valueAt + 2 >= lineEnd - 1) return text;
      {
        const inValue = random.between(valueAt + 2, lineEnd - 1);
        return random.chance(0.7)
          ? text.slice(0, inValue) + random.pick(letters) + text.slice(inValue)
          : text.slice(0, inValue) + text.slice(Math.min(lineEnd - 1, inValue + 1));
      }
    case 0:
    case 1: {
      const typed = random.chance(0.8) ? random.pick(letters) : random.pick(punctuation);
      return text.slice(0, at) + typed + text.slice(at);
    }
    case 2:
      return text.slice(0, at) + text.slice(Math.min(text.length, at + random.between(1, 12)));
    case 3:
      return text.slice(0, at) + random.pick(pasted) + text.slice(at);
    case 4:
      return random.chance(0.5)
        ? `${text.slice(0, lineStart)}  ${text.slice(lineStart)}`
        : text.slice(0, lineStart) + text.slice(lineStart).replace(/^ {1,2}/, '');
    case 5:
      return text.slice(0, lineEnd) + text.slice(lineStart, lineEnd) + text.slice(lineEnd);
    case 6:
      return text.slice(0, lineStart) + text.slice(lineEnd);
    default:
      return history.length > 0 ? random.pick(history.slice(-5)) : text;
  }
}

/**
 * The parse of a text as the first edit of a file leaves it: a file read for the first
 * time keeps nothing for the next edit, the first edit parses it whole and keeps it.
 */
function editedOnce(uri: string, version: number, text: string): EditableParse {
  const parse = parseForEditing(uri, version, text, {
    text: '',
    memo: undefined,
    change: { start: 0, oldEnd: 0, newEnd: text.length },
  });
  assert.ok(parse.memo || parse.reading === 'yaml-package');
  return parse;
}

describe('incremental parsing', () => {
  it('keeps nothing for files read for the first time, and starts keeping at the first edit', () => {
    const text = plantedFramework('first', 3);
    const read = parseForEditing('u', 1, text);
    assert.equal(read.memo, undefined);
    assert.deepStrictEqual(read.parsed, parseFrameworkFile('u', 1, text));
    const edit = text.replace('Goal 2 title', 'Goal 2 titled');
    const first = parseForEditing('u', 2, edit, {
      text,
      memo: read.memo,
      change: findChange(text, edit)!,
    });
    assert.equal(first.reading, 'whole');
    assert.ok(first.memo);
    const again = edit.replace('Goal 2 titled', 'Goal 2 retitled');
    const second = parseForEditing('u', 3, again, {
      text: edit,
      memo: first.memo,
      change: findChange(edit, again)!,
    });
    assert.equal(second.reading, 'entry');
    assert.deepStrictEqual(second.parsed, parseFrameworkFile('u', 3, again));
  });

  it('gives exactly the parse from scratch after thousands of random edits, many read entry by entry', () => {
    const uri = 'file:///w/t.framework.yaml';
    const readings = { entry: 0, whole: 0, 'yaml-package': 0 };
    let edits = 0;
    for (const [name, start] of Object.entries(startingTexts())) {
      const random = new Random(name.length * 7919 + 17);
      let text = start;
      let parse: EditableParse = editedOnce(uri, 1, text);
      let lastReadable = text;
      const history: string[] = [];
      for (let step = 0; step < 300; step++) {
        // A text the fast scanner cannot read is mended (undone) half the time.
        const mend = parse.reading === 'yaml-package' && random.chance(0.5);
        const next = mend ? lastReadable : randomEdit(random, text, history);
        const change = findChange(text, next);
        if (!change) continue;
        const version = step + 2;
        const edited = parseForEditing(uri, version, next, { text, memo: parse.memo, change });
        assert.deepStrictEqual(
          edited.parsed,
          parseFrameworkFile(uri, version, next),
          `${name}, step ${step}: ${JSON.stringify(next.slice(Math.max(0, change.start - 40), change.newEnd + 40))}`,
        );
        readings[edited.reading]++;
        edits++;
        history.push(text);
        // Drift back to the start now and then, and mend most breakages (the edit is
        // dropped), as people do: the text stays a framework with problems rather
        // than decaying into noise the fast scanner never reads.
        if (random.chance(0.05)) {
          text = start;
          parse = editedOnce(uri, version, start);
        } else if (edited.reading !== 'yaml-package' || random.chance(0.3)) {
          text = next;
          parse = edited;
        }
        if (parse.reading !== 'yaml-package') lastReadable = text;
      }
    }
    // The point of the memo is that typing inside an entry reads only that entry. (A
    // run reads about 40% of the edits entry by entry; the rest fall between entries,
    // in headers or last entries, or break the YAML.)
    assert.ok(readings.entry > edits * 0.3, JSON.stringify({ edits, ...readings }));
    assert.ok(readings.whole > 0 && readings['yaml-package'] > 0, JSON.stringify(readings));
  });

  it('keeps the diagnostics of a workspace equal to a fresh one while a file is typed in', () => {
    const random = new Random(20261126);
    const main = plantedFramework('main', 10);
    const other = `framework: other\ntitle: Other\ngoals:\n  - id: "1"\n    title: One\n    supports: ["main:2", "main:4.2", "main:9.9", "main:30"]\n`;
    const workspace = new InMemoryWorkspace([
      [uriOf('main'), main],
      [uriOf('other'), other],
    ]);
    const service = createLanguageService({ workspace, logger: silentLogger });
    service.synchronize();
    let text = main;
    const history: string[] = [];
    const seen = new Set<string>();
    for (let step = 0; step < 300; step++) {
      history.push(text);
      text = random.chance(0.05) ? main : randomEdit(random, text, history);
      workspace.set(uriOf('main'), text);
      service.synchronize();
      const fresh = createLanguageService({
        workspace: new InMemoryWorkspace([
          [uriOf('main'), text],
          [uriOf('other'), other],
        ]),
        logger: silentLogger,
      });
      for (const name of ['main', 'other']) {
        const diagnostics = service.getDiagnostics(uriOf(name));
        assert.deepEqual(diagnostics, fresh.getDiagnostics(uriOf(name)), `step ${step}, ${name}`);
        seen.add(JSON.stringify(diagnostics.map((d) => d.code)));
      }
      assert.deepEqual(
        service.getDocumentSymbols(uriOf('main')),
        fresh.getDocumentSymbols(uriOf('main')),
      );
      // The status bar's counts are kept per file version and per diagnostics list.
      assert.deepEqual(service.getCounts(), fresh.getCounts(), `step ${step}`);
    }
    assert.ok(seen.size > 10, `only ${seen.size} distinct sets of problems`);
  });

  it('keeps a framework’s shape token while titles change, and gives a new one when an ID does', () => {
    const text = plantedFramework('shape', 6);
    const first = editedOnce('u', 1, text);
    const retitle = text.replace('title: Goal 3 title', 'title: Goal 3 retitled');
    const retitled = parseForEditing('u', 2, retitle, {
      text,
      memo: first.memo,
      change: findChange(text, retitle)!,
    });
    assert.equal(retitled.reading, 'entry');
    assert.equal(shapeOf(retitled.parsed.frameworks[0]), shapeOf(first.parsed.frameworks[0]));

    const renumber = retitle.replace('id: "3.2"', 'id: "3.7"');
    const renumbered = parseForEditing('u', 3, renumber, {
      text: retitle,
      memo: retitled.memo,
      change: findChange(retitle, renumber)!,
    });
    assert.equal(renumbered.reading, 'entry');
    assert.notEqual(
      shapeOf(renumbered.parsed.frameworks[0]),
      shapeOf(retitled.parsed.frameworks[0]),
    );
    assert.deepStrictEqual(renumbered.parsed, parseFrameworkFile('u', 3, renumber));
  });

  it('reads the whole file when an edit is not inside one entry followed by another', () => {
    const text = plantedFramework('whole', 4);
    const first = editedOnce('u', 1, text);
    const cases = {
      'the header': text.replace('title: Framework whole', 'title: Framework whole!'),
      'the last programme': text.replace('title: Programme three', 'title: Programme 3'),
      'two goals at once': text
        .replace('Goal 1 title', 'Goal one')
        .replace('Goal 2 title', 'Goal two'),
      'a new goal between two': text.replace(
        '  - id: "2"\n',
        '  - id: "1b"\n    title: New\n  - id: "2"\n',
      ),
    };
    for (const [name, edited] of Object.entries(cases)) {
      const parse = parseForEditing('u', 2, edited, {
        text,
        memo: first.memo,
        change: findChange(text, edited)!,
      });
      assert.equal(parse.reading, 'whole', name);
      assert.deepStrictEqual(parse.parsed, parseFrameworkFile('u', 2, edited), name);
    }
  });
});

describe('text changes and line indexes', () => {
  it('finds the one span two texts differ in', () => {
    const random = new Random(99);
    for (let step = 0; step < 500; step++) {
      const before = 'ab\n'.repeat(random.int(800)) + 'x'.repeat(random.int(3000));
      const at = random.int(before.length + 1);
      const removed = random.int(Math.min(50, before.length - at) + 1);
      const inserted = random.pick(['', 'a', 'ab\n', 'zz', 'b'.repeat(2000)]);
      const after = before.slice(0, at) + inserted + before.slice(at + removed);
      const change = findChange(before, after);
      if (before === after) {
        assert.equal(change, undefined);
        continue;
      }
      assert.ok(change);
      assert.equal(
        before.slice(0, change.start) +
          after.slice(change.start, change.newEnd) +
          before.slice(change.oldEnd),
        after,
      );
      // The span is no longer than the edit made.
      assert.ok(change.oldEnd - change.start <= removed, `step ${step}`);
      assert.ok(change.newEnd - change.start <= inserted.length, `step ${step}`);
    }
  });

  it('maps an offset between the CR and LF of a line end to the end of the line', () => {
    const lines = new LineIndex('ab\r\ncd\ref\n');
    assert.deepEqual(lines.positionAt(2), { line: 0, character: 2 });
    assert.deepEqual(lines.positionAt(3), { line: 0, character: 2 });
    assert.deepEqual(lines.positionAt(4), { line: 1, character: 0 });
    // After a lone CR the next line starts at once.
    assert.deepEqual(lines.positionAt(7), { line: 2, character: 0 });
  });

  it('updates a line index to exactly what indexing the new text gives, across CR, LF and CRLF', () => {
    const random = new Random(5);
    const pieces = ['a', 'bc', '\n', '\r\n', '\r', ' ', 'line\r\nline\n'];
    let text = 'start\r\nsecond\nthird\rfourth';
    let lines = new LineIndex(text);
    for (let step = 0; step < 2000; step++) {
      const at = random.int(text.length + 1);
      const removed = random.int(Math.min(4, text.length - at) + 1);
      const next = text.slice(0, at) + random.pick(pieces) + text.slice(at + removed);
      const change = findChange(text, next);
      if (!change) continue;
      lines = LineIndex.afterChange(lines, next, change);
      const fresh = new LineIndex(next);
      assert.equal(lines.lineCount, fresh.lineCount, `step ${step}`);
      for (let offset = 0; offset <= next.length; offset++) {
        assert.deepEqual(lines.positionAt(offset), fresh.positionAt(offset), `step ${step}`);
      }
      text = next.length > 400 ? next.slice(0, 200) : next;
      if (text !== next) lines = new LineIndex(text);
    }
  });
});
