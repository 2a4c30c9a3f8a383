import * as assert from 'node:assert/strict';
import { parse } from 'yaml';
import { isBetweenQuotes, needsQuotes } from '../../server/src/service/util/yamlText';

describe('yamlText', () => {
  describe('needsQuotes', () => {
    it('agrees with the yaml package on which IDs are not read as text', () => {
      const ids = [
        '1',
        '01',
        '1.10',
        '1.1.1',
        '3.',
        '1e5',
        '1.5e-3',
        '0x1F',
        '0o17',
        '0b1',
        'true',
        'True',
        'FALSE',
        'yes',
        'null',
        'Null',
        'nan',
        'a1',
        'strategic',
        'b:7',
        '1_000',
        '2014-2016',
        '',
        '~',
        '-1',
        '+1',
        '.inf',
        '-.Inf',
        '.NaN',
        'a: b',
        '[x]',
      ];
      for (const id of ids) {
        const read: unknown = parse(id, { version: '1.2', schema: 'core' });
        assert.equal(needsQuotes(id), typeof read !== 'string', `'${id}' reads as ${String(read)}`);
      }
    });

    it('quotes text that YAML reads as another string, or cannot read at all', () => {
      // `a #b` reads as "a" and `*x` is an alias: both are strings to YAML, but not these.
      assert.equal(needsQuotes('a #b'), true);
      assert.equal(needsQuotes('*x'), true);
      assert.equal(needsQuotes('"1"'), true);
      assert.equal(needsQuotes('a\n---\nb'), true);
      assert.equal(needsQuotes('interpol-2014-2016:1.1'), false);
    });
  });

  describe('isBetweenQuotes', () => {
    it('is true only where the same quote stands on both sides', () => {
      const text = `a: "1.1"\nb: '2'\nc: 3\nd: "4'\n`;
      const rangeOf = (needle: string): { start: number; end: number } => {
        const start = text.indexOf(needle);
        return { start, end: start + needle.length };
      };
      assert.equal(isBetweenQuotes(text, rangeOf('1.1')), true);
      assert.equal(isBetweenQuotes(text, rangeOf('2')), true);
      assert.equal(isBetweenQuotes(text, rangeOf('3')), false);
      assert.equal(isBetweenQuotes(text, rangeOf('4')), false);
      assert.equal(isBetweenQuotes(text, { start: 0, end: 1 }), false);
    });
  });
});
