/**
 * Hostile files: what a stranger's repository, a generator gone wrong or a bad merge
 * can put in a framework file. Each input is made at run time (the large ones are
 * never committed), with what its diagnostics must say. `hostile.test.ts` runs each
 * through the service and the real server with bounds on time and memory;
 * `scripts/fuzz.mjs --record` measures them for docs/reliability.md.
 */
import * as assert from 'node:assert/strict';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import type { Diagnostic } from 'vscode-languageserver-types';
import { decodeFrameworkFile } from '../../server/src/node/files';
import { limits } from '../../server/src/service/limits';
import { createTestWorkspace, uriOf } from '../service/helpers';
import { examples } from './inputs';
import type { DocumentLines } from './invariants';

export interface HostileInput {
  /** A name for the test title and the figures. */
  readonly name: string;
  /** The file, as text (an editor's buffer) or as bytes (a file on disk). */
  make(): { readonly text: string; readonly bytes?: Buffer };
  /** How many times it is checked in one process (the `yaml` package once died on the second). */
  readonly rounds: number;
  /** Bounds on the time of all rounds, and on the heap it leaves in use. */
  readonly maxMilliseconds: number;
  readonly maxHeapGrowthMb: number;
  /**
   * Checks that the diagnostics say clearly what is wrong, and where; `outline` is
   * how many symbols the file's outline has (none for a file that is not checked).
   */
  expect(diagnostics: readonly Diagnostic[], lines: DocumentLines, outline: number): void;
  /** Settings for the service, when the defaults would hide what is checked. */
  readonly settings?: unknown;
  /** Whether the server gets it as a file on disk (bytes, generated files), not as an open document. */
  readonly onDisk?: boolean;
}

const header = 'framework: hostile\ntitle: Hostile\ngoals:\n  - id: "1"\n    title: One\n';

const codesOf = (diagnostics: readonly Diagnostic[]): string[] =>
  diagnostics.map((diagnostic) => String(diagnostic.code));

const messageOf = (diagnostic: Diagnostic): string =>
  typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;

/** The text a diagnostic covers. */
function covered(lines: DocumentLines, diagnostic: Diagnostic): string {
  return lines.text.slice(
    lines.offsetAt(diagnostic.range.start),
    lines.offsetAt(diagnostic.range.end),
  );
}

/** The one diagnostic with the code whose message matches, which must exist. */
function find(diagnostics: readonly Diagnostic[], code: string, message: RegExp): Diagnostic {
  const found = diagnostics.find((d) => d.code === code && message.test(messageOf(d)));
  assert.ok(
    found,
    `a ${code} diagnostic matching ${message}: ${JSON.stringify(diagnostics.slice(0, 5))}`,
  );
  return found;
}

/** Billion laughs: ten levels of nine aliases each, 10^9 strings if expanded. */
function nestedAliasBomb(): string {
  const levels = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let level = 1; level < 10; level++) {
    levels.push(
      `a${level}: &a${level} [${Array(9)
        .fill(`*a${level - 1}`)
        .join(', ')}]`,
    );
  }
  return `${header}    description: *a9\nbomb:\n  ${levels.join('\n  ')}\n`;
}

/** One anchor and 100,000 aliases of it, in one flow sequence. */
function wideAliasBomb(): string {
  const aliases = Array(100_000).fill('*x').join(', ');
  return `${header}    supports: [&x "1", ${aliases}]\n`;
}

/** A framework of 50 MB: every goal valid, far past the size limit. */
function fiftyMegabytes(): string {
  const goal = (n: number): string =>
    `  - id: "${n}"\n    title: Goal ${n} with a title long enough to fill the file quickly\n`;
  const chunk = Array.from({ length: 1000 }, (_, n) => goal(n + 2)).join('');
  const copies = Math.ceil((50 * 1024 * 1024) / chunk.length);
  return header + chunk.repeat(copies);
}

/** A merge conflict left in the goals, as `git merge` writes it. */
function mergeConflict(): string {
  return examples['interpol-2014-2016'].replace(
    '  - id: "2"\n',
    '<<<<<<< HEAD\n  - id: "2"\n=======\n  - id: "7"\n>>>>>>> feature/renumber\n',
  );
}

/** Deterministic bytes with no structure, behind a PNG signature. */
function binaryBytes(): Buffer {
  const bytes = Buffer.alloc(64 * 1024);
  let state = 2463534242;
  for (let at = 0; at < bytes.length; at++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[at] = state & 0xff;
  }
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bytes);
  return bytes;
}

const example = examples['interpol-2014-2016'];

export const hostileInputs: readonly HostileInput[] = [
  {
    name: 'alias bomb, nested (billion laughs)',
    make: () => ({ text: nestedAliasBomb() }),
    rounds: 5,
    maxMilliseconds: 2_000,
    maxHeapGrowthMb: 50,
    expect(diagnostics, lines) {
      const alias = find(diagnostics, 'invalid-value', /alias/i);
      assert.equal(covered(lines, alias), '*a9');
    },
  },
  {
    name: 'alias bomb, wide (100,000 aliases of one anchor)',
    make: () => ({ text: wideAliasBomb() }),
    rounds: 1,
    maxMilliseconds: 8_000,
    maxHeapGrowthMb: 100,
    expect(diagnostics, lines) {
      const alias = find(diagnostics, 'invalid-value', /alias/i);
      assert.equal(covered(lines, alias), '*x');
      assert.equal(diagnostics.length, limits.maxDiagnosticsPerFile + 1, 'capped');
    },
  },
  {
    name: 'flow nesting 10,000 levels deep',
    make: () => ({ text: `${header}    supports: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n` }),
    rounds: 20,
    maxMilliseconds: 3_000,
    maxHeapGrowthMb: 50,
    expect(diagnostics, lines) {
      const deep = find(diagnostics, 'yaml-syntax', /nests more than 100 levels/);
      assert.equal(covered(lines, deep), '[');
      assert.equal(diagnostics.length, 1, 'the file is not checked further');
    },
  },
  {
    name: 'block nesting 1,000 levels deep',
    make: () => {
      let text = `${header}    description:\n`;
      for (let depth = 0; depth < 1000; depth++) text += `${' '.repeat(6 + 2 * depth)}k${depth}:\n`;
      return { text };
    },
    rounds: 10,
    maxMilliseconds: 8_000,
    maxHeapGrowthMb: 50,
    expect(diagnostics, lines) {
      const deep = find(diagnostics, 'yaml-syntax', /nests more than 100 levels/);
      // At the first key past the limit.
      assert.equal(covered(lines, deep), 'k');
      assert.equal(diagnostics.length, 1);
    },
  },
  {
    name: 'block sequence nesting 10,000 levels deep on one line',
    make: () => ({ text: `${header}    supports:\n      ${'- '.repeat(10_000)}x\n` }),
    rounds: 20,
    maxMilliseconds: 3_000,
    maxHeapGrowthMb: 50,
    expect(diagnostics) {
      find(diagnostics, 'yaml-syntax', /nests more than 100 levels/);
      assert.equal(diagnostics.length, 1);
    },
  },
  {
    name: 'block sequence nesting 1,500 levels deep after a block scalar',
    make: () => ({
      text: `${header}    description: >\n      Text\n     ${'- '.repeat(1500)}x\n`,
    }),
    rounds: 10,
    maxMilliseconds: 8_000,
    maxHeapGrowthMb: 50,
    expect(diagnostics) {
      find(diagnostics, 'yaml-syntax', /nests more than 100 levels/);
      assert.equal(diagnostics.length, 1);
    },
  },
  {
    name: 'a mapping of 200,000 keys with a duplicate',
    make: () => {
      const keys = Array.from({ length: 200_000 }, (_, n) => `  k${n}: v`).join('\n');
      return { text: `${header}period:\n  k7: first\n${keys}\n` };
    },
    // The unknown keys are turned off so that they do not hide the duplicate behind
    // the cap; `diagnostic flood` checks the cap itself.
    settings: { diagnostics: { severity: { 'unknown-key': 'off' } } },
    rounds: 1,
    maxMilliseconds: 10_000,
    // The parse keeps at most 1,000 problems of a code (it kept 88 MB of them).
    maxHeapGrowthMb: 30,
    expect(diagnostics, lines) {
      const duplicate = find(diagnostics, 'yaml-syntax', /'k7' appears twice/);
      assert.equal(covered(lines, duplicate), 'k7');
      assert.equal(duplicate.range.start.line, 14, 'the second k7, in the list of keys');
    },
  },
  {
    name: 'diagnostic flood (20,000 unknown keys)',
    make: () => {
      const keys = Array.from({ length: 20_000 }, (_, n) => `    unknown${n}: x`).join('\n');
      return { text: `${header}${keys}\n` };
    },
    rounds: 1,
    maxMilliseconds: 5_000,
    maxHeapGrowthMb: 100,
    expect(diagnostics) {
      assert.equal(diagnostics.length, limits.maxDiagnosticsPerFile + 1);
      const summary = diagnostics[diagnostics.length - 1];
      assert.match(messageOf(summary), /^19000 more problems in this file are not shown/);
      assert.deepEqual(summary.range.start, { line: 0, character: 0 });
      assert.equal(codesOf(diagnostics.slice(0, -1)).filter((c) => c !== 'unknown-key').length, 0);
    },
  },
  {
    name: 'tags: !!js/function, !!python/object/apply, !!binary, !custom',
    make: () => ({
      text: header.replace(
        'title: One',
        [
          'title: !!js/function "function () { globalThis.hostileTagRan = true; }"',
          '    description: !!python/object/apply:os.system ["echo ran"]',
          '    unit: !!binary aGk=',
          '    target: !custom 3',
          '    baseline: !<tag:yaml.org,2002:js/undefined> ""',
        ].join('\n'),
      ),
    }),
    rounds: 5,
    maxMilliseconds: 2_000,
    maxHeapGrowthMb: 50,
    expect(diagnostics, lines) {
      for (const tag of [
        '!!js/function',
        '!!python/object/apply:os.system',
        '!!binary',
        '!custom',
      ]) {
        const reported = diagnostics.some(
          (d) => d.code === 'yaml-syntax' && covered(lines, d).startsWith(tag),
        );
        assert.ok(reported, `${tag} is reported where it is written`);
      }
      // Nothing ran: the service never executes a tag.
      assert.equal((globalThis as Record<string, unknown>).hostileTagRan, undefined);
    },
  },
  {
    name: '%YAML 1.1 with merge keys and 1.1 booleans',
    make: () => ({
      text: `%YAML 1.1\n---\n${example}`
        .replace('id: strategic', 'id: no')
        .replace(/category: strategic/g, 'category: no')
        .replace(
          '    title: Secure global police information system',
          '    <<: &base { title: Merged }\n    title: Secure global police information system',
        ),
    }),
    rounds: 5,
    maxMilliseconds: 2_000,
    maxHeapGrowthMb: 50,
    expect(diagnostics, lines) {
      // `no` stays the text "no", so the categories resolve; `<<` merges nothing.
      assert.ok(
        !codesOf(diagnostics).includes('unresolved-reference'),
        JSON.stringify(diagnostics),
      );
      const merge = find(diagnostics, 'unknown-key', /'<<'/);
      assert.equal(covered(lines, merge), '<<');
    },
  },
  {
    name: 'a 50 MB file',
    make: () => ({ text: fiftyMegabytes() }),
    onDisk: true,
    rounds: 1,
    maxMilliseconds: 5_000,
    maxHeapGrowthMb: 300,
    expect(diagnostics, _lines, outline) {
      assert.equal(outline, 0, 'the file is not parsed');
      assert.equal(diagnostics.length, 1);
      const [tooLarge] = diagnostics;
      assert.equal(tooLarge.code, 'yaml-syntax');
      assert.match(
        messageOf(tooLarge),
        /^This file holds more than 16\.0 MB of text; framework files that large are not checked/,
      );
      assert.deepEqual(tooLarge.range, {
        start: { line: 0, character: 0 },
        end: { line: 0, character: 0 },
      });
    },
  },
  {
    name: 'NUL bytes in an ID and a key',
    make: () => ({
      text: example.replace('id: strategic', 'id: strat\0egic').replace('vision:', 'vis\0ion:'),
    }),
    rounds: 5,
    maxMilliseconds: 2_000,
    maxHeapGrowthMb: 50,
    expect(diagnostics, lines) {
      const id = find(diagnostics, 'invalid-value', /is not a valid ID/);
      assert.equal(covered(lines, id), 'strat\0egic');
      const key = find(diagnostics, 'unknown-key', /Unknown key/);
      assert.equal(covered(lines, key), 'vis\0ion');
      const nuls = diagnostics.filter((d) =>
        /^A NUL character \(U\+0000\) is here/.test(messageOf(d)),
      );
      assert.deepEqual(
        nuls.map((d) => [d.code, covered(lines, d)]),
        [
          ['yaml-syntax', '\0'],
          ['yaml-syntax', '\0'],
        ],
      );
    },
  },
  {
    name: 'UTF-16 LE with a byte order mark, as a Windows editor saves it',
    make: () => {
      const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(example, 'utf16le')]);
      return { text: decodeFrameworkFile(bytes), bytes };
    },
    rounds: 5,
    maxMilliseconds: 2_000,
    maxHeapGrowthMb: 50,
    expect(diagnostics, lines) {
      // Read as the editor reads it, the file is the example itself, with no problem.
      assert.equal(lines.text, example);
      assert.deepEqual(diagnostics, []);
    },
  },
  {
    name: 'UTF-16 BE with a byte order mark',
    make: () => {
      const bytes = Buffer.concat([
        Buffer.from([0xfe, 0xff]),
        Buffer.from(example, 'utf16le').swap16(),
      ]);
      return { text: decodeFrameworkFile(bytes), bytes };
    },
    rounds: 5,
    maxMilliseconds: 2_000,
    maxHeapGrowthMb: 50,
    expect(diagnostics, lines) {
      assert.equal(lines.text, example);
      assert.deepEqual(diagnostics, []);
    },
  },
  {
    name: 'UTF-16 LE without a byte order mark, read as UTF-8',
    make: () => {
      const bytes = Buffer.from(example, 'utf16le');
      return { text: decodeFrameworkFile(bytes), bytes };
    },
    rounds: 5,
    maxMilliseconds: 2_000,
    maxHeapGrowthMb: 50,
    expect(diagnostics, lines) {
      const utf16 = find(
        diagnostics,
        'yaml-syntax',
        /NUL character between every two letters: it is UTF-16/,
      );
      assert.equal(covered(lines, utf16), '\0');
      assert.equal(diagnostics.length, 1, 'the file is not checked further');
    },
  },
  {
    name: 'a binary file (64 KB behind a PNG signature)',
    make: () => {
      const bytes = binaryBytes();
      return { text: decodeFrameworkFile(bytes), bytes };
    },
    rounds: 5,
    maxMilliseconds: 2_000,
    maxHeapGrowthMb: 50,
    expect(diagnostics, lines) {
      const binary = find(diagnostics, 'yaml-syntax', /holds binary content/);
      // The first byte that is not text: the PNG signature's 0x89, undecodable as UTF-8.
      assert.equal(covered(lines, binary), '\ufffd');
      assert.equal(diagnostics.length, 1, 'the file is not checked further');
    },
  },
  {
    name: 'merge-conflict markers',
    make: () => ({ text: mergeConflict() }),
    rounds: 5,
    maxMilliseconds: 2_000,
    maxHeapGrowthMb: 50,
    expect(diagnostics, lines, outline) {
      const marker = find(diagnostics, 'yaml-syntax', /merge conflict/i);
      assert.equal(covered(lines, marker), '<<<<<<< HEAD');
      assert.equal(marker.severity, 1);
      // The side above ======= is the example itself: checked, with nothing else to say.
      assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics));
      assert.ok(outline > 0, 'the file is still outlined');
    },
  },
  {
    name: 'merge-conflict markers with a base section (diff3), and a stray marker',
    make: () => ({
      text: examples['interpol-2014-2016']
        .replace(
          /\n( {2}- id: ([^\n]*)\n)/,
          '\n<<<<<<< ours\n$1||||||| base\n  - id: old\n    title: [unclosed\n=======\n  - id: "9"\n>>>>>>> theirs\n',
        )
        .replace(/\n$/, '\n>>>>>>> left over\n'),
    }),
    rounds: 5,
    maxMilliseconds: 2_000,
    maxHeapGrowthMb: 50,
    expect(diagnostics, lines) {
      const conflict = find(diagnostics, 'yaml-syntax', /merge conflict/i);
      assert.equal(covered(lines, conflict), '<<<<<<< ours');
      const stray = find(diagnostics, 'yaml-syntax', /marker .* belongs to no whole conflict/);
      assert.equal(covered(lines, stray), '>>>>>>> left over');
      // The base and the other side are not read: no error from the unclosed bracket.
      assert.equal(diagnostics.length, 2, JSON.stringify(diagnostics));
    },
  },
];

/** What one hostile input cost the service. */
export interface HostileMeasure {
  readonly milliseconds: number;
  /** Heap still in use after a collection, while the service and its answers are held. */
  readonly heapGrowthMb: number;
  readonly diagnostics: Diagnostic[];
  /** How many symbols the outline has. */
  readonly outline: number;
  readonly text: string;
}

/** A full garbage collection, exposed on demand so that heap figures mean retained memory. */
const collectGarbage: () => void = (() => {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

const megabytes = (bytes: number): number => Math.round((bytes / (1024 * 1024)) * 10) / 10;

/**
 * Runs a hostile input through the service `rounds` times, each with a fresh service:
 * its diagnostics, the outline, the tree, and hover and completion at its start, middle
 * and end. Returns the time of all rounds and the memory the last one holds.
 */
export function measureHostileInput(input: HostileInput): HostileMeasure {
  const { text } = input.make();
  const positions = [0, text.length >> 1, text.length].map((offset) =>
    positionAtOffset(text, offset),
  );
  const uri = uriOf('hostile');
  /** The last round's service and answers, kept until the heap is measured. */
  const kept: unknown[] = [];
  let diagnostics: Diagnostic[] = [];
  let outline = 0;
  collectGarbage();
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  for (let round = 0; round < input.rounds; round++) {
    kept.length = 0;
    const { service } = createTestWorkspace({ hostile: text }, input.settings);
    diagnostics = service.getDiagnostics(uri);
    const symbols = service.getDocumentSymbols(uri);
    outline = symbols.length;
    kept.push(service, diagnostics, symbols, service.getFrameworkTree());
    for (const position of positions) {
      kept.push(service.getHover(uri, position), service.getCompletions(uri, position));
    }
  }
  const milliseconds = Math.round(performance.now() - started);
  collectGarbage();
  const heapGrowthMb = megabytes(process.memoryUsage().heapUsed - heapBefore);
  kept.length = 0;
  return { milliseconds, heapGrowthMb, diagnostics, outline, text };
}

/** A position by offset, counting lines as LSP does, without splitting a 50 MB text. */
function positionAtOffset(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  const lineEnd = /\r\n|\r|\n/g;
  for (let match = lineEnd.exec(text); match && match.index < offset; match = lineEnd.exec(text)) {
    line++;
    lineStart = match.index + match[0].length;
  }
  return { line, character: Math.max(0, offset - lineStart) };
}
