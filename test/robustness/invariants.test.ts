/**
 * The fuzzer's checks and inputs, checked themselves: each invariant rejects the
 * answer it is there to reject (so the fuzz tests can fail), the known-bug tolerance
 * lets through exactly its symptom, and cases replay from their seed.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SymbolKind } from 'vscode-languageserver-types';
import type { Diagnostic, DocumentSymbol } from 'vscode-languageserver-types';
import { readFrameworkFiles } from '../../server/src/cli/readWrite';
import { decodeFrameworkFile } from '../../server/src/node/files';
import { limits } from '../../server/src/service/limits';
import { firstDifference } from './fuzzer';
import { examples, generateCase } from './inputs';
import {
  assertCompletions,
  assertDiagnostics,
  assertDocumentSymbols,
  assertRange,
  assertTextEdits,
  DocumentLines,
} from './invariants';
import { setTolerance } from './knownBugs';

const at = (line: number, character: number): { line: number; character: number } => ({
  line,
  character,
});
const range = (a: number, b: number, c: number, d: number) => ({ start: at(a, b), end: at(c, d) });

describe('the fuzzer itself', () => {
  const lines = new DocumentLines('ab\r\ncd\ref\n');

  it('reads lines as LSP does: \\n, \\r\\n and a lone \\r end a line', () => {
    assert.deepEqual(lines.lengths, [2, 2, 2, 0]);
    assert.equal(lines.offsetAt(at(2, 1)), 8);
    assert.deepEqual(lines.positionAt(8), at(2, 1));
  });

  it('rejects positions outside their line or document, and backward ranges', () => {
    assertRange(lines, range(0, 0, 3, 0), 'the whole text');
    setTolerance(false);
    try {
      assert.throws(() => assertRange(lines, range(0, 0, 0, 3), 'x'), /outside the document/);
      assert.throws(() => assertRange(lines, range(0, 0, 4, 0), 'x'), /outside the document/);
      assert.throws(() => assertRange(lines, range(1, 1, 1, 0), 'x'), /runs backwards/);
    } finally {
      setTolerance(true);
    }
  });

  it('rejects one past the end of a CRLF line, where a range once ended', () => {
    assert.throws(() => assertRange(lines, range(0, 0, 0, 3), 'x'), /outside the document/);
    // One past a line that ends in a lone \r too.
    assert.throws(() => assertRange(lines, range(1, 0, 1, 3), 'x'), /outside the document/);
  });

  it('rejects overlapping edits and allows inserts at one place', () => {
    const edit = (a: number, b: number, newText = 'x') => ({ range: range(0, a, 0, b), newText });
    assertTextEdits(lines, [edit(0, 0), edit(0, 0), edit(0, 1), edit(1, 2)], 'touching');
    assert.throws(() => assertTextEdits(lines, [edit(0, 2), edit(1, 2)], 'x'), /overlap/);
  });

  it('rejects a completion edit that does not cover the cursor or leaves its line', () => {
    const item = (textEdit: { range: ReturnType<typeof range>; newText: string }) => ({
      label: 'x',
      textEdit,
    });
    const cursor = at(1, 1);
    assertCompletions(lines, cursor, [item({ range: range(1, 0, 1, 2), newText: 'x' })], 'ok');
    assert.throws(
      () =>
        assertCompletions(lines, cursor, [item({ range: range(1, 2, 1, 2), newText: 'x' })], 'x'),
      /does not cover the cursor/,
    );
    assert.throws(
      () =>
        assertCompletions(lines, cursor, [item({ range: range(0, 0, 1, 1), newText: 'x' })], 'x'),
      /not on the cursor's line/,
    );
  });

  it('rejects a symbol whose selection is outside its range, as VS Code does', () => {
    const symbol: DocumentSymbol = {
      name: 'a',
      kind: SymbolKind.Module,
      range: range(0, 0, 0, 1),
      selectionRange: range(0, 1, 0, 2),
    };
    assert.throws(() => assertDocumentSymbols(lines, [symbol], 'x'), /outside its range/);
  });

  it('rejects more diagnostics than the cap and its notice', () => {
    const uri = 'file:///x';
    const diagnostic: Diagnostic = { range: range(0, 0, 0, 1), message: 'm' };
    const many = (count: number) => Array.from({ length: count }, () => diagnostic);
    const documents = new Map([[uri, lines]]);
    assertDiagnostics(documents, uri, many(limits.maxDiagnosticsPerFile + 1), 'at the cap');
    assert.throws(
      () => assertDiagnostics(documents, uri, many(limits.maxDiagnosticsPerFile + 2), 'x'),
      /more than the cap/,
    );
  });

  it('replays a case from its seed and number alone', () => {
    for (const number of [0, 1, 2, 999]) {
      assert.deepEqual(generateCase(7, number), generateCase(7, number));
    }
    assert.notDeepEqual(generateCase(7, 1).text, generateCase(8, 1).text);
  });

  it('names where two answers first differ', () => {
    assert.equal(
      firstDifference({ a: [1, { b: 2 }] }, { a: [1, { b: 3 }] }),
      '.a.1.b: 2 against 3',
    );
  });
});

describe('reading framework files from disk', () => {
  const example = examples['interpol-2014-2016'];

  it('reads UTF-16 by its byte order mark, as the editor does', () => {
    const littleEndian = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(example, 'utf16le'),
    ]);
    const bigEndian = Buffer.concat([
      Buffer.from([0xfe, 0xff]),
      Buffer.from(example, 'utf16le').swap16(),
    ]);
    assert.equal(decodeFrameworkFile(littleEndian), example);
    assert.equal(decodeFrameworkFile(bigEndian), example);
    assert.equal(
      decodeFrameworkFile(Buffer.concat([littleEndian, Buffer.from([0x41])])),
      `${example}\ufffd`,
    );
    assert.equal(decodeFrameworkFile(Buffer.from(`\ufeff${example}`)), example);
    assert.equal(decodeFrameworkFile(Buffer.from(example)), example);
  });

  it('gives the checker the text of a UTF-16 file', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'framework-utf16-'));
    try {
      const file = path.join(folder, 'windows.framework.yaml');
      fs.writeFileSync(
        file,
        Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(example, 'utf16le')]),
      );
      assert.deepEqual(await readFrameworkFiles([file], folder), [example]);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
