import * as assert from 'node:assert/strict';
import type { CompletionItem, CompletionList, Range } from 'vscode-languageserver/node';
import { withSharedEditRange } from '../../server/src/completionList';

const word: Range = { start: { line: 3, character: 14 }, end: { line: 3, character: 15 } };

function item(label: string, range: Range = word): CompletionItem {
  return { label, sortText: label, textEdit: { range, newText: `'${label}'` } };
}

describe('completion lists on the wire', () => {
  it('says the shared edit range once, and gives each item only its text', () => {
    const list: CompletionList = { isIncomplete: true, items: [item('1'), item('2'), item('w:3')] };
    const compact = withSharedEditRange(list, true);
    assert.deepEqual(compact.itemDefaults, { editRange: word });
    assert.deepEqual(
      compact.items.map((entry) => [entry.label, entry.textEdit, entry.textEditText]),
      [
        ['1', undefined, "'1'"],
        ['2', undefined, "'2'"],
        ['w:3', undefined, "'w:3'"],
      ],
    );
    assert.equal(compact.isIncomplete, true);
    // Everything else of an item stays.
    assert.equal(compact.items[0].sortText, '1');
    assert.ok(JSON.stringify(compact).length < JSON.stringify(list).length);
  });

  it('leaves the list as it is for clients without support, or when the ranges differ', () => {
    const list: CompletionList = { isIncomplete: false, items: [item('1'), item('2')] };
    assert.equal(withSharedEditRange(list, false), list);
    const other = { ...word, end: { line: 3, character: 16 } };
    const mixed: CompletionList = { isIncomplete: false, items: [item('1'), item('2', other)] };
    assert.equal(withSharedEditRange(mixed, true), mixed);
    const withoutEdit: CompletionList = {
      isIncomplete: false,
      items: [item('1'), { label: 'plain', insertText: 'plain' }],
    };
    assert.equal(withSharedEditRange(withoutEdit, true), withoutEdit);
    const insertReplace: CompletionList = {
      isIncomplete: false,
      items: [item('1'), { label: 'x', textEdit: { insert: word, replace: word, newText: 'x' } }],
    };
    assert.equal(withSharedEditRange(insertReplace, true), insertReplace);
  });
});
