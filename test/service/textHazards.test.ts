/**
 * Text that is not YAML yet reaches the parser: conflict markers, control characters,
 * binary files and UTF-16 read as UTF-8 (server/src/service/parsing/textHazards.ts).
 */
import * as assert from 'node:assert/strict';
import { findChange } from '../../server/src/service/util/textChange';
import { parseForEditing } from '../../server/src/service/parsing/incremental';
import { parseFrameworkFile } from '../../server/src/service/parsing/parseFile';
import { editMayAddHazards, findTextHazards } from '../../server/src/service/parsing/textHazards';
import {
  codes,
  coveredText,
  createTestWorkspace,
  diagnose,
  messageOf,
  sampleFramework,
  uriOf,
} from './helpers';

const conflicted = (ours: string, theirs: string, base?: string): string =>
  sampleFramework().replace(
    '  - id: "2"\n    title: Goal two\n',
    [
      '<<<<<<< HEAD',
      ours,
      ...(base === undefined ? [] : ['||||||| merged common ancestors', base]),
      '=======',
      theirs,
      '>>>>>>> feature/goal-two',
      '',
    ].join('\n'),
  );

describe('text hazards', () => {
  describe('merge conflicts', () => {
    it('are reported at the opening marker, and the file is checked as the side above =======', () => {
      const text = conflicted(
        '  - id: "2"\n    title: Goal two\n    colour: blue',
        '  - id: "3"\n    title: [unclosed',
      );
      const diagnostics = diagnose(text);
      assert.deepEqual(codes(diagnostics), ['yaml-syntax', 'unknown-key']);
      assert.equal(coveredText(text, diagnostics[0]), '<<<<<<< HEAD');
      assert.match(messageOf(diagnostics[0]), /^A merge conflict git left unresolved starts here/);
      assert.match(messageOf(diagnostics[0]), /checked as the side above =======/);
      // Ranges on our side point into the real text.
      assert.equal(coveredText(text, diagnostics[1]), 'colour');
      const { service } = createTestWorkspace({ main: text });
      const goals = service.getDocumentSymbols(uriOf('main'))[0].children ?? [];
      assert.ok(goals.some((goal) => goal.name.startsWith('2 ')));
      assert.ok(!goals.some((goal) => goal.name.startsWith('3 ')));
    });

    it('leave out the base section of a diff3 conflict, and read CRLF files the same', () => {
      const text = conflicted('  - id: "2"\n    title: Goal two', '  - id: "3"', '  - id: [');
      const lf = diagnose(text);
      assert.deepEqual(codes(lf), ['yaml-syntax']);
      assert.equal(coveredText(text, lf[0]), '<<<<<<< HEAD');
      const crlf = diagnose(text.replace(/\n/g, '\r\n'));
      assert.deepEqual(crlf, lf);
    });

    it('report a marker of no whole conflict, and take no look-alike for a marker', () => {
      const stray = diagnose(`${sampleFramework()}>>>>>>> main\n`);
      assert.deepEqual(codes(stray), ['yaml-syntax']);
      assert.match(
        messageOf(stray[0]),
        /^A merge-conflict marker \(>>>>>>>\) that belongs to no whole conflict/,
      );
      for (const lookAlike of ['  <<<<<<< indented', '========', '<<<<<<<x', '======= text']) {
        const hazards = findTextHazards(`${sampleFramework()}${lookAlike}\n`);
        assert.equal(hazards, undefined, lookAlike);
      }
    });
  });

  describe('control characters', () => {
    it('are each reported where they are, and the rest of the file is checked', () => {
      const text = sampleFramework()
        .replace('Goal one', 'Goal\0one')
        .replace('Goal two', 'Goal\x1btwo');
      const diagnostics = diagnose(text);
      assert.deepEqual(
        diagnostics.map((d) => [d.code, coveredText(text, d), messageOf(d)]),
        [
          [
            'yaml-syntax',
            '\0',
            'A NUL character (U+0000) is here; YAML text cannot hold control characters. Delete it.',
          ],
          [
            'yaml-syntax',
            '\x1b',
            'A control character (U+001B) is here; YAML text cannot hold control characters. Delete it.',
          ],
        ],
      );
      const { service } = createTestWorkspace({ main: text });
      assert.equal(service.getDocumentSymbols(uriOf('main'))[0].children?.length, 3);
    });

    it('allow tabs, line ends, U+0085 and every printable character', () => {
      assert.equal(findTextHazards('a\tb\r\nc\u0085d\u00a0é\u{1F600}\n'), undefined);
    });

    it('make a binary file one problem, and UTF-16 without a byte order mark another', () => {
      const binary = `\u0089PNG\r\n\x1a\n${'\0\x01\x02\ufffd'.repeat(40)}`;
      const binaryProblems = diagnose(binary);
      assert.equal(binaryProblems.length, 1);
      assert.match(messageOf(binaryProblems[0]), /^This file holds binary content/);
      assert.equal(coveredText(binary, binaryProblems[0]), '\u0089');

      const utf16 = Buffer.from(sampleFramework(), 'utf16le').toString('utf8');
      const utf16Problems = diagnose(utf16);
      assert.equal(utf16Problems.length, 1);
      assert.match(messageOf(utf16Problems[0]), /UTF-16 text without a byte order mark/);
      assert.deepEqual(utf16Problems[0].range.start, { line: 0, character: 1 });
    });
  });

  describe('while typing', () => {
    it('are found in the lines an edit touched, and go when the edit is undone', () => {
      const text = sampleFramework();
      const uri = 'file:///w/t.framework.yaml';
      const first = parseForEditing(uri, 2, text, {
        text: '',
        memo: undefined,
        change: { start: 0, oldEnd: 0, newEnd: text.length },
      });
      assert.ok(first.memo);
      const versions = [
        text.replace('  - id: "2"', '<<<<<<< HEAD\n  - id: "2"\n=======\n>>>>>>> x'),
        text.replace('Goal two', 'Goal\0two'),
        text,
      ];
      let previous = { text, parse: first };
      for (const [step, next] of versions.entries()) {
        const change = findChange(previous.text, next);
        assert.ok(change);
        assert.ok(editMayAddHazards(next, change.start, change.newEnd) === step < 2);
        const edited = parseForEditing(uri, step + 3, next, {
          text: previous.text,
          memo: previous.parse.memo,
          change,
        });
        assert.deepStrictEqual(edited.parsed, parseFrameworkFile(uri, step + 3, next));
        // A text with a hazard keeps no memo, so the edit that removes it reads it whole.
        assert.equal(edited.memo === undefined, step < 2);
        previous = { text: next, parse: edited };
      }
    });

    it('include a marker completed by the seventh character typed at the start of a line', () => {
      const text = `${sampleFramework()}<<<<<<\n`;
      const next = `${sampleFramework()}<<<<<<<\n`;
      const change = findChange(text, next);
      assert.ok(change);
      assert.ok(editMayAddHazards(next, change.start, change.newEnd));
    });
  });
});
