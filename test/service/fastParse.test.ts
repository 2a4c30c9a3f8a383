/**
 * The fast path (`parsing/fastParse.ts`) must give exactly the `yaml` package's
 * answer whenever it answers, and must answer for the files people write. These
 * tests hold it to both: differentially, on the examples, generated workspaces,
 * every text the other test suites parse, thousands of mutations and thousands of
 * random layouts; and case by case, for each scalar rule and each reason to give up.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isScalar, parseDocument } from 'yaml';
import * as parseFile from '../../server/src/service/parsing/parseFile';
import {
  parseWithYamlPackage,
  syntaxDocumentsWithYamlPackage,
  yamlOptions,
} from '../../server/src/service/parsing/parseFile';
import { fastParseFrameworkFile, scanDocuments } from '../../server/src/service/parsing/fastParse';
import { resolvePlainScalar } from '../../server/src/service/parsing/scalars';
import type { SyntaxDocument } from '../../server/src/service/parsing/syntax';
import { limits } from '../../server/src/service/limits';
import { sampleFramework } from './helpers';

const root = path.resolve(__dirname, '../../..');
const examples = fs
  .readdirSync(path.join(root, 'examples'))
  .filter((name) => name.endsWith('.framework.yaml'))
  .map((name) => fs.readFileSync(path.join(root, 'examples', name), 'utf8'));
const uri = 'file:///w/main.framework.yaml';

/**
 * Every text the test suites hand to `parseFrameworkFile`, gathered while they run:
 * the wrapper is installed when mocha loads this file, before any test runs, and the
 * root `after` hook at the end of this file checks them all once every suite is done.
 */
const parsedBySuites = new Set<string>();
const parseFrameworkFile = parseFile.parseFrameworkFile;
const recordingParse: typeof parseFrameworkFile = (fileUri, version, text) => {
  parsedBySuites.add(text);
  return parseFrameworkFile(fileUri, version, text);
};
(parseFile as { parseFrameworkFile: typeof parseFrameworkFile }).parseFrameworkFile =
  recordingParse;
if (parseFile.parseFrameworkFile !== recordingParse) {
  throw new Error('Could not wrap parseFrameworkFile to gather the texts the suites parse.');
}

/** The documents the walk reads: those with contents (empty ones are skipped). */
function withContents(documents: SyntaxDocument[]): SyntaxDocument[] {
  return documents.filter(
    ({ contents }) =>
      !(contents === null || (contents.kind === 'scalar' && contents.value === null)),
  );
}

/**
 * Checks the fast path against the `yaml` package on one text: when it answers, its
 * parsed file and its syntax trees must equal theirs. Returns whether it answered.
 */
function agrees(text: string, label = 'text'): boolean {
  const fast = fastParseFrameworkFile(uri, 1, text);
  if (fast === undefined) return false;
  try {
    assert.deepEqual(fast, parseWithYamlPackage(uri, 1, text));
    assert.deepEqual(scanDocuments(text), withContents(syntaxDocumentsWithYamlPackage(text)));
  } catch (error) {
    if (error instanceof Error) {
      error.message = `The fast path differs on ${label} ${JSON.stringify(text)}\n${error.message}`;
    }
    throw error;
  }
  return true;
}

/** Like `agrees`, and the fast path must answer. */
function answers(text: string, label?: string): void {
  assert.ok(agrees(text, label), `The fast path fell back on ${label ?? JSON.stringify(text)}`);
}

function fallsBack(text: string): void {
  assert.equal(
    fastParseFrameworkFile(uri, 1, text),
    undefined,
    `expected a fall back: ${JSON.stringify(text)}`,
  );
}

/** A small deterministic random generator (xorshift32), so every run sees the same inputs. */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 4294967296;
  };
}

function pick<T>(next: () => number, list: readonly T[]): T {
  return list[Math.floor(next() * list.length)];
}

/**
 * A framework file of about `size` characters, in the style of real ones: comments,
 * block maps and sequences, quoted IDs, folded descriptions, flow lists and flow
 * mappings for indicators.
 */
function generatedFramework(seed: number, size: number): string {
  const next = random(seed);
  const words = ['police', 'information', 'secure', 'global', 'cooperation', 'capacity'];
  const more = ['training', 'data', 'border', 'crime', 'network', 'support', 'strategy'];
  const vocabulary = [...words, ...more];
  const sentence = (count: number): string => {
    const list = Array.from({ length: count }, () => pick(next, vocabulary));
    const text = list.join(' ');
    return text.charAt(0).toUpperCase() + text.slice(1);
  };
  const id = `w${String(seed).padStart(3, '0')}`;
  const lines = [
    `# Framework ${seed}, generated for the tests.`,
    `framework: ${id}`,
    `title: Framework ${seed}`,
    'period: { start: 2020, end: 2023 }',
    `supersedes: w${String(seed - 1).padStart(3, '0')}`,
    'goals:',
  ];
  let length = lines.join('\n').length;
  for (let goal = 1; length < size; goal++) {
    const block = [`  - id: "${goal}"`, `    title: ${sentence(6)}, with text:colon and 'quotes'`];
    if (next() < 0.5) {
      block.push('    description: >-', `      ${sentence(10)}`, `      ${sentence(8)}`);
    }
    block.push('    category: strategic', `    supports: ["${goal + 1}", "w000:3.4"]`);
    block.push('    objectives:');
    const objectives = 1 + Math.floor(next() * 4);
    for (let objective = 1; objective <= objectives; objective++) {
      const number = `${goal}.${objective}`;
      block.push(`      - id: "${number}"`, `        title: ${sentence(5)}  # note`);
      block.push('        supports:', `          - "${goal}.${objective === 1 ? 2 : 1}"`);
      block.push('        indicators:');
      for (let indicator = 1; indicator <= 2; indicator++) {
        const target = Math.floor(next() * 100);
        block.push(
          `          - { id: "${number}.${indicator}", title: ${sentence(3)}, target: ${target}, unit: "%" }`,
        );
      }
    }
    block.push('');
    length += block.join('\n').length + 1;
    lines.push(...block);
  }
  lines.push('programmes:', '  - { id: p, title: P, supports: ["1"] }', '');
  return lines.join('\n');
}

/** A framework using every construct the fast path reads. */
const everyConstruct = `\uFEFF# Every construct the fast path reads.
framework: x1
title: "Quoted \\"title\\" with \\u00e9 escapes"
organization: 'It''s single'
period: { start: 2020, end: 2023 }
supersedes: x0
description: |
  Literal text
    more indented

  after blank
vision: >
  Folded text
  continues here

   more indented folded
  end
mission: plain text that
  continues on the next line

  and after a blank line
goals:
- id: "1"
  title: Goal one   # trailing comment
  description: |+
    kept

  supports:
    - "2"    # c
    - x0:3.4
      # indented comment

  objectives:
    - { id: "1.1", title: O }
    # between
    - id: "1.2"
      title: Two
        # deeper comment
- id: "2"
  title: >-
    Two
    folded
  category:
    strategic
values:
  - id: v1
    title: V
    description: # to do

categories: # none yet
#  - id: later


---
# second document
framework: x2
title : Second
goals:
  - id: a
    title: A
    description:
  - "id": b
    title: B
    objectives: []
`;

describe('fast path', () => {
  describe('answers for the files people write, exactly as the yaml package', () => {
    it('reads both examples', () => {
      examples.forEach((text, index) => answers(text, `example ${index}`));
    });

    it('reads the fixtures of the test suites', () => {
      answers(sampleFramework());
      answers(sampleFramework('b', 'programmes:\n  - { id: p, title: P, supports: ["1"] }\n'));
      answers(`${sampleFramework('a')}---\n${sampleFramework('b')}`);
    });

    it('reads generated workspaces', () => {
      for (let seed = 1; seed <= 20; seed++)
        answers(generatedFramework(seed, 4000), `seed ${seed}`);
      answers(generatedFramework(99, 300_000), 'a 300 KB file');
    });

    it('reads every construct it supports', () => {
      answers(everyConstruct);
    });

    it('reads CRLF line ends, a byte order mark and several documents', () => {
      for (const withMark of [...examples, everyConstruct, sampleFramework()]) {
        const text = withMark.replace(/^\uFEFF/, '');
        answers(text.replace(/\n/g, '\r\n'));
        answers(`\uFEFF${text}`);
        answers(`---\n${text}\n---\n# nothing\n---\n${text}`);
      }
    });

    it('is what parseFrameworkFile answers', () => {
      for (const text of [...examples, everyConstruct]) {
        assert.deepEqual(
          parseFile.parseFrameworkFile(uri, 1, text),
          parseWithYamlPackage(uri, 1, text),
        );
      }
    });
  });

  describe('resolves plain scalars as the core schema does', () => {
    const scalars = [
      ...['~', 'null', 'Null', 'NULL', 'nULL', 'nul', 'nulls'],
      ...['true', 'True', 'TRUE', 'tRUE', 'false', 'False', 'FALSE', 'fALSE', 'yes', 'no'],
      ...['on', 'off', 'y', 'n', 'Tru', 'Falsey', 'T', 'F'],
      ...['0', '-0', '+0', '1', '01', '007', '+12', '-12', '9007199254740993'],
      ...['123456789012345678901234567890', '0x1F', '0x1f', '0X1F', '0x', '0xg', '+0x1'],
      ...['-0x1', '0o17', '0o8', '0O17', '0o', '+0o1', '0b101', '1_000'],
      ...['1.10', '1.', '.5', '-.5', '+.5', '0.0', '-0.0', '00.5', '1..2', '1.1.1', '3.4'],
      ...['1e3', '1E3', '1e+3', '1e-3', '-1e3', '.1e3', '1.e3', '1.5e', 'e3', '1e', '.e3'],
      ...['.inf', '.Inf', '.INF', '-.inf', '+.inf', '-.Inf', '.iNF', 'inf', '-inf'],
      ...['.nan', '.NaN', '.NAN', '-.nan', 'nan', 'NaN'],
      ...['12:30', '2014-2016', '2020-01-01', 'a', 'Not', 'x1', 'w000:3.4', '~x', '.', '..'],
    ];

    it('gives the values of the yaml package', () => {
      for (const source of scalars) {
        const document = parseDocument(source, yamlOptions);
        const contents = document.contents;
        assert.ok(isScalar(contents), source);
        assert.deepEqual(resolvePlainScalar(source), contents.value, source);
      }
    });

    it('gives the same diagnostics as IDs, references, text and years', () => {
      for (const source of scalars) {
        const text = `framework: a\ntitle: ${source}\nperiod: { start: ${source}, end: 2020 }\ngoals:\n  - id: ${source}\n    title: T\n    supports: [${source}, "${source}"]\n    category: ${source}\n    objectives:\n      - { id: ${source}, title: ${source} }\n`;
        answers(text, source);
      }
    });
  });

  describe('folds multi-line scalars as the yaml package does', () => {
    it('folds plain scalars over lines and blank lines', () => {
      answers('framework: a\ntitle: one\n  two\n\n  three\n\n\n  four   \ngoals: []\n');
      answers('framework: a\ntitle:\n  on the next line\n  and the one after\ngoals: []\n');
      answers('framework: a\ngoals:\n  - title: in an entry\n      continued\n    id: "1"\n');
    });

    it('reads each kind of block scalar', () => {
      for (const header of ['|', '|-', '|+', '>', '>-', '>+', '| # comment']) {
        for (const body of [
          '  one\n  two\n',
          '  one\n\n  two\n\n\n',
          '  one\n    more\n  two\n   \n',
          '\n\n  after blank lines\n',
          '  folded\n  lines\n\n    indented\n    block\n  back\n',
          '',
          '\n',
          '  text\n      \n',
        ]) {
          const text = `framework: a\ntitle: T\ndescription: ${header}\n${body}goals:\n  - id: "1"\n    title: ${header}\n${body.replace(/^ {2}/gm, '      ')}`;
          answers(text, `${header} ${JSON.stringify(body)}`);
          answers(`${text}\n`, `${header} ${JSON.stringify(body)}, a line break more`);
          answers(text.replace(/\n/g, '\r\n'), `${header} ${JSON.stringify(body)} with CRLF`);
        }
      }
    });
  });

  describe('ends collections where the yaml package does', () => {
    const cases = [
      'a:\n  - id: x\n    t: y\n    # c4\n\n  # c2\nb: c\n',
      'a:\n  - id: x\n    t: y\n      # c6\n\n      # c6b\n  # c2\nb:\n\n',
      'a:\n  - id: x\n    t:\n\n\n---\nb: c\n#x\n',
      'a:\n  b: # c\n  # d\n      # deep\n\n  e: f\n',
      'a:\n  b:\n  # d\n\n  e: f\n',
      'a:\n  b:\n      # deep\n  e: f\n',
      'a:\n  b:\n\n  # d\n  e: f\n',
      'a:\n  b: #c\n\n\n  e: f\n',
      'a: x\ngoals:  #c\n#x\n# c\n\n--- # doc\nkey: x\n',
      'goals:\n- id: "1"\n  title: T\n  # kept by the sequence? no: by the mapping\n# c0\n',
      'goals:\n  - id: "1"\n    supports: ["2"]  # t\n      # absorbed\n    # kept\n',
      'goals:\n  - id: "1"\n    description: |\n      text\n\n    # after a block scalar\n  - id: "2"\n',
    ];

    it('gives items and documents the same ranges', () => {
      cases.forEach((text, index) => {
        answers(text, `case ${index}`);
        answers(text.replace(/\n/g, '\r\n'), `case ${index} with CRLF`);
        answers(text.replace(/\n$/, ''), `case ${index} without the last line break`);
      });
    });
  });

  describe('reports what the walk reports, without falling back', () => {
    it('reports duplicate keys, unknown keys and numeric IDs', () => {
      const duplicate = sampleFramework().replace(
        'title: Goal two',
        'title: Goal two\n    title: Again',
      );
      answers(duplicate);
      const diagnostics = fastParseFrameworkFile(uri, 1, duplicate)?.diagnostics ?? [];
      assert.match(diagnostics[0]?.message ?? '', /appears twice/);
      answers(
        sampleFramework().replace(
          'objectives:\n      - id: "2.1"',
          'objetives:\n      - id: "2.1"',
        ),
      );
      answers(sampleFramework().replace('id: "2.1"', 'id: 2.10').replace('["2"]', '[01, 2]'));
      answers('# nothing yet\n');
      answers('');
      answers('framework: a\ntitle: A\n');
    });
  });

  describe('falls back on what it does not read', () => {
    const base = sampleFramework();
    const replace = (line: string): string => base.replace('title: Goal two', line);
    it('falls back on anchors, aliases, tags, directives and explicit keys', () => {
      fallsBack(replace('title: &anchor Goal two'));
      fallsBack(replace('title: *alias'));
      fallsBack(replace('title: !!str Goal two'));
      fallsBack(`%YAML 1.2\n---\n${base}`);
      fallsBack(replace('? title\n    : Goal two'));
    });

    it('falls back on multi-line flow collections and quoted scalars', () => {
      fallsBack(base.replace('supports: ["2"]', 'supports: [\n          "2"]'));
      fallsBack(replace('title: "Goal\n      two"'));
      fallsBack(replace("title: 'Goal\n      two'"));
    });

    it('falls back on tabs, lone carriage returns and byte order marks inside the text', () => {
      fallsBack(replace('title:\tGoal two'));
      fallsBack(replace('title: Goal\ttwo'));
      fallsBack(base.replace('  - id: "2"', '\t- id: "2"'));
      fallsBack(replace('title: Goal\rtwo'));
      fallsBack(`# comment\n\uFEFF${base}`);
    });

    it('falls back on YAML errors and warnings', () => {
      fallsBack(replace('title: Goal: two'));
      fallsBack(replace('title: "Goal two'));
      fallsBack(replace('title: Goal two\n   id: "3"'));
      fallsBack(replace('title: Goal two\n      more: text'));
      fallsBack(base.replace('supports: ["2"]', 'supports: ["2", ]'));
      fallsBack(replace('title: "\\q"'));
      fallsBack(replace('title: |2\n      text'));
      fallsBack(`${base}...\n`);
    });

    it('falls back on constructs it leaves to the yaml package', () => {
      fallsBack(replace('title:\n      - \n'));
      fallsBack(replace('title:\n#x\n      Goal two'));
      fallsBack(base.replace('supports: ["2"]', 'supports: [[2]]'));
      fallsBack(base.replace('supports: ["2"]', 'supports: {"a":1}'));
    });

    it('falls back beyond the limits', () => {
      fallsBack(`${base}#${'x'.repeat(limits.maxFileBytes)}\n`);
      let deep = 'framework: a\ntitle: A\ngoals:\n';
      for (let depth = 1; depth < 150; depth++) deep += `${' '.repeat(depth)}k${depth}:\n`;
      fallsBack(deep);
      let indented = 'framework: a\ntitle: A\ngoals:\n  - id: "1"\n    title: T\n    x:\n';
      indented += `${' '.repeat(120)}y: z\n`;
      // Deep indentation alone is not excessive nesting: the fast path checks and answers.
      answers(indented);
    });
  });

  describe('differential fuzz', () => {
    const bases = [
      ...examples,
      sampleFramework(),
      sampleFramework(
        'b',
        'programmes:\n  - { id: p, title: P, description: D, supports: ["1"], supersedes: [] }\nvalues:\n  - { id: v, title: V, description: D }\n',
      ),
      sampleFramework().replace(/\n {2}/g, '\n'),
      generatedFramework(7, 2500),
      everyConstruct,
    ];

    it('agrees on thousands of mutations of real files', function () {
      this.timeout(60_000);
      const next = random(20240601);
      let answered = 0;
      const count = 3000;
      for (let round = 0; round < count; round++) {
        let text = pick(next, bases);
        const mutations = 1 + Math.floor(next() * 3);
        for (let step = 0; step < mutations; step++) text = mutate(text, next);
        if (agrees(text, `mutation ${round}`)) answered++;
      }
      // The fast path must still answer for a good share of the mutated files.
      assert.ok(answered > count * 0.4, `answered ${answered} of ${count}`);
    });

    it('agrees on thousands of random layouts', function () {
      this.timeout(60_000);
      const next = random(7);
      let answered = 0;
      let clean = 0;
      const count = 3000;
      for (let round = 0; round < count; round++) {
        const text = randomLayout(next);
        if (!syntaxDocumentsWithYamlPackage(text).some((document) => document.hasErrors)) clean++;
        const fast = scanDocuments(text);
        if (fast === undefined) continue;
        answered++;
        try {
          assert.deepEqual(fast, withContents(syntaxDocumentsWithYamlPackage(text)));
        } catch (error) {
          if (error instanceof Error) error.message = `${JSON.stringify(text)}\n${error.message}`;
          throw error;
        }
      }
      assert.ok(answered > clean * 0.75, `answered ${answered} of ${clean} clean layouts`);
    });
  });
});

/** One random edit of a text: the mistakes and the oddities of real editing. */
function mutate(text: string, next: () => number): string {
  const lines = text.split('\n');
  const line = (): number => Math.floor(next() * lines.length);
  const indentOf = (at: number): number => /^ */.exec(lines[at])?.[0].length ?? 0;
  const joined = (): string => lines.join('\n');
  switch (Math.floor(next() * 26)) {
    case 0:
      lines.splice(line(), 1);
      break;
    case 1: {
      const at = line();
      lines.splice(at, 0, lines[at]);
      break;
    }
    case 2: {
      const at = line();
      if (at + 1 < lines.length) [lines[at], lines[at + 1]] = [lines[at + 1], lines[at]];
      break;
    }
    case 3: {
      const at = line();
      const shift = Math.floor(next() * 9) - 4;
      lines[at] =
        shift > 0
          ? ' '.repeat(shift) + lines[at]
          : lines[at].replace(new RegExp(`^ {0,${-shift}}`), '');
      break;
    }
    case 4:
    case 5: {
      const all = joined();
      const at = Math.floor(next() * (all.length + 1));
      return all.slice(0, at) + pick(next, insertions) + all.slice(at);
    }
    case 6: {
      const all = joined();
      return all.slice(0, Math.floor(next() * (all.length + 1)));
    }
    case 7:
    case 8: {
      const all = joined();
      const fields =
        /(id|supports|category|target|start|end|title|framework|supersedes|unit): ("[^"\n]*"|[^\n,}\]]*)/g;
      const found = [...all.matchAll(fields)];
      if (found.length === 0) return all;
      const match = pick(next, found);
      const at = (match.index ?? 0) + match[1].length + 2;
      return all.slice(0, at) + pick(next, replacements) + all.slice(at + match[2].length);
    }
    case 9: {
      const at = line();
      lines.splice(at, 0, `${' '.repeat(Math.floor(next() * 12))}# comment ${at}`);
      break;
    }
    case 10:
      lines.splice(line(), 0, ' '.repeat(Math.floor(next() * 3) * 3));
      break;
    case 11: {
      const all = joined();
      const at = Math.floor(next() * all.length);
      return all.slice(0, at) + all.slice(at + 1);
    }
    case 12: {
      const at = line();
      const indent = indentOf(at);
      const body: string[] = [];
      const count = Math.floor(next() * 4);
      for (let index = 0; index < count; index++) {
        const extra = next() < 0.2 ? 2 : 0;
        body.push(next() < 0.2 ? '' : `${' '.repeat(indent + 2 + extra)}line ${index}`);
      }
      const header = pick(next, ['|', '|-', '|+', '>', '>-', '>+', '|2', '| # c']);
      lines[at] = lines[at].replace(/: .*$/, `: ${header}`);
      lines.splice(at + 1, 0, ...body);
      break;
    }
    case 13:
      lines[line()] += next() < 0.5 ? '   ' : '  # trailing';
      break;
    case 14:
      return lines.join('\r\n');
    case 15:
      lines.splice(line(), 0, next() < 0.8 ? '---' : '--- # doc');
      break;
    case 16: {
      const at = line();
      const extra = ' '.repeat(indentOf(at) + Math.floor(next() * 5));
      lines.splice(at + 1, 0, extra + pick(next, continuations));
      break;
    }
    case 17:
      lines[line()] = lines[line()];
      break;
    case 18: {
      const at = line();
      lines[at] = lines[at].replace(/"([^"]*)"/, (whole, inner: string) =>
        pick(next, [inner, `'${inner}'`, `"${inner}\\n"`, `"${inner}`, whole + whole]),
      );
      break;
    }
    case 19: {
      const at = line();
      lines.splice(at + 1, 0, ' '.repeat(indentOf(at)) + pick(next, extraLines));
      break;
    }
    case 20:
    case 21: {
      const block: string[] = [];
      const count = 1 + Math.floor(next() * 4);
      for (let index = 0; index < count; index++) {
        const kind = next();
        const spaces = ' '.repeat(Math.floor(next() * 13));
        block.push(kind < 0.3 ? '' : kind < 0.45 ? spaces : spaces + (next() < 0.2 ? '#x' : '# c'));
      }
      lines.splice(line(), 0, ...block);
      break;
    }
    case 22: {
      const at = line();
      const ending = pick(next, ['', ' ', ' # empty', '  #c']);
      lines[at] = lines[at].replace(
        /^(\s*(?:- )?[\w"']+:) .*$/,
        (_whole, key: string) => key + ending,
      );
      break;
    }
    case 23: {
      const at = line();
      const match = /^(\s*)((?:- )?)([\w"']+:) (.*)$/.exec(lines[at]);
      if (match) {
        const indent = match[1].length + match[2].length;
        const moved = ' '.repeat(indent + 1 + Math.floor(next() * 3)) + match[4];
        const keyLine = match[1] + match[2] + match[3] + pick(next, ['', ' # c']);
        lines.splice(at, 1, keyLine, ...(next() < 0.3 ? [''] : []), moved);
      }
      break;
    }
    case 24:
      return joined() + pick(next, endings);
    default: {
      const at = line();
      const indent = ' '.repeat(indentOf(at) + 2);
      lines[at] = lines[at].replace(/: (.*)$/, (_whole, value: string) =>
        pick(next, [
          `: ${value}\n${indent}folded more`,
          `: "${value}"`,
          `: '${value}'`,
          `: [${value}]`,
          `: { k: ${value} }`,
          `: >-\n${indent}${value}`,
        ]),
      );
    }
  }
  return joined();
}

const insertions = [
  ...[':', '#', '"', "'", '[', ']', '{', '}', '-', ' ', '\n', '|', '>', '&', '*', '!', ','],
  ...['?', '%', '\t', '\r', '\r\n', ': ', ' #', '- ', '\\', '@', '`', '~', '...', '---'],
  ...['\uFEFF', '  '],
];
const replacements = [
  ...['1.10', '01', 'true', '~', 'null', '0x1F', '1e3', '.inf', '-0', '"1"', "'1'", '1.1.1'],
  ...['+5', '0o7', '.5', '1.', 'TRUE', 'yes', 'no', '-.inf', '.NaN', '0.0', '12e', '"a\\"b"'],
  ...['"\\x41"', "'it''s'", 'a b', '', '-', '- x', '[1]', '{a: 1}', '|', 'x #c', 'x: y'],
  ...['Null', 'NULL', 'nULL', 'False', 'fAlse', '0b1', '1_000', '+.5', '-1e-3', '1E+3', '0o'],
  ...['0x', '00', '"\\u00e9"', '"\\t"', '"\\q"', "'a''"],
];
const continuations = ['continued text', 'more: text', '"q"', '- x', '[a]', 'x #c', ''];
const extraLines = [
  ...['description:', 'objectives:', 'supports:', 'extra: x', 'title: ~', 'x: []', 'x: {}'],
  ...['id: "9"', '- "9"', '-', 'key: value # c', 'a: [b, c: d]', 'q: { a: [1, 2] }'],
  ...['q: {a: b, a: c}', "'k': v", '"k": v', 'k : v'],
];
const endings = ['\n# end', '\n\n', '\n   # end\n', '\n      # deep end', '   ', '\n---\n', '\n  '];

/**
 * A random block YAML text: mappings and sequences nested at random indentation,
 * every kind of scalar, flow collections, empty values, values on the next line, and
 * blank and comment lines at every indentation between them. Not a framework: the
 * syntax trees are compared, whatever their keys.
 */
function randomLayout(next: () => number): string {
  const lines: string[] = [];
  const chance = (probability: number): boolean => next() < probability;
  const spaces = (count: number): string => ' '.repeat(count);
  const keys = ['id', 'title', 'a', 'b', 'key', 'x1', 'goals', 'supports', 'start', 'end'];
  const plains = ['text', 'Goal one', '1.10', '01', 'true', '~', 'null', '0x1F', '1e3', '.inf'];
  plains.push('-0', '2020', 'a:b', "it's", 'x#y', 'w:3.4', '-5', 'a [b] {c}', 'é ü', 'x  y');
  const quoted = ['"1"', "'1'", '"a\\"b"', '"\\x41\\u00e9"', "'it''s'", '""', "''", '"a # b"'];
  quoted.push("'a: b'", '"\\t\\n"');
  const flows = ['[a, "b", 1.5]', '[]', '{}', '{ id: "1", t: x }', '{ s: [a, b], n: 2 }'];
  flows.push("['x', y]", '[ a , b ]');
  const scalars = [...plains, ...quoted];
  const noise = (deepest: number): void => {
    if (!chance(0.45)) return;
    const count = 1 + Math.floor(next() * 3);
    for (let index = 0; index < count; index++) {
      const kind = next();
      if (kind < 0.35) lines.push('');
      else if (kind < 0.5) lines.push(spaces(Math.floor(next() * (deepest + 3))));
      else
        lines.push(
          spaces(Math.floor(next() * (deepest + 5))) + pick(next, ['# c', '#x', '# - y: z']),
        );
    }
  };
  const trailing = (): string => (chance(0.2) ? pick(next, ['  # t', ' #t', '   ']) : '');
  // A value after `prefix` (a key and its `:`, or a `-`) in a collection at `indent`.
  const value = (prefix: string, indent: number, depth: number): void => {
    const kind = next();
    if (depth < 4 && kind < 0.22) {
      lines.push(prefix + trailing());
      noise(indent);
      map(indent + 1 + Math.floor(next() * 3), depth + 1, null);
    } else if (depth < 4 && kind < 0.4) {
      lines.push(prefix + trailing());
      noise(indent);
      const sameColumn = chance(0.3) && !prefix.trimStart().startsWith('-');
      sequence(sameColumn ? indent : indent + 1 + Math.floor(next() * 3), depth + 1);
    } else if (kind < 0.5) {
      const header = pick(next, ['|', '>', '|-', '>-', '|+', '>+']) + (chance(0.2) ? ' # h' : '');
      lines.push(`${prefix} ${header}`);
      const content = indent + 1 + Math.floor(next() * 3);
      const count = Math.floor(next() * 5);
      for (let index = 0; index < count; index++) {
        const text = pick(next, ['line', 'more text', '# not a comment', 'a: b']);
        lines.push(
          chance(0.25)
            ? spaces(Math.floor(next() * (content + 3)))
            : spaces(content + (chance(0.2) ? 2 : 0)) + text,
        );
      }
    } else if (kind < 0.58) {
      lines.push(prefix + pick(next, ['', ' ', ' # empty', '  #c']));
    } else if (kind < 0.64) {
      lines.push(prefix);
      if (chance(0.3)) lines.push('');
      lines.push(spaces(indent + 1 + Math.floor(next() * 3)) + pick(next, scalars));
    } else if (kind < 0.72) {
      lines.push(`${prefix} ${pick(next, plains)}${trailing()}`);
      const count = Math.floor(next() * 3);
      for (let index = 0; index < count; index++) {
        if (chance(0.3)) lines.push(chance(0.5) ? '' : spaces(2));
        if (chance(0.1)) lines.push('');
        lines.push(spaces(indent + 1 + Math.floor(next() * 3)) + pick(next, ['more', 'x y', 'z']));
      }
    } else if (kind < 0.85) {
      lines.push(`${prefix} ${pick(next, quoted)}${trailing()}`);
    } else if (kind < 0.93) {
      lines.push(`${prefix} ${pick(next, flows)}${trailing()}`);
    } else {
      lines.push(`${prefix} ${pick(next, plains)}${trailing()}`);
    }
  };
  const map = (indent: number, depth: number, inline: string | null): void => {
    const count = 1 + Math.floor(next() * 4);
    for (let index = 0; index < count; index++) {
      const key = chance(0.1)
        ? pick(next, ['"q"', "'s k'"])
        : pick(next, keys) + (chance(0.05) ? ' ' : '');
      const start = index === 0 && inline !== null ? inline : spaces(indent);
      value(`${start}${key}:`, indent, depth);
      noise(indent + 2);
    }
  };
  const sequence = (indent: number, depth: number): void => {
    const count = 1 + Math.floor(next() * 3);
    for (let index = 0; index < count; index++) {
      const dash = `${spaces(indent)}-${spaces(chance(0.15) ? 2 : 1)}`;
      if (depth < 4 && chance(0.5)) {
        map(dash.length, depth + 1, dash);
      } else {
        const kind = next();
        if (kind < 0.4) lines.push(dash + pick(next, scalars) + trailing());
        else if (kind < 0.7) lines.push(dash + pick(next, flows) + trailing());
        else value(dash.trimEnd(), indent, depth + 1);
      }
      noise(indent + 2);
    }
  };
  if (chance(0.2)) lines.push('# leading comment');
  const documents = chance(0.2) ? 2 : 1;
  for (let document = 0; document < documents; document++) {
    if (document > 0 || chance(0.1)) lines.push(pick(next, ['---', '--- # doc']));
    map(0, 0, null);
  }
  let text = lines.join('\n') + (chance(0.7) ? '\n' : '');
  if (chance(0.1)) text = text.replace(/\n/g, '\r\n');
  if (chance(0.05)) text = `\uFEFF${text}`;
  return text;
}

// Runs once every suite of the run is done: the texts the other suites parsed (their
// fixtures, half-typed edits, hostile inputs) get the same differential check.
after('the fast path agrees with the yaml package on every text the suites parsed', function () {
  this.timeout(120_000);
  let index = 0;
  for (const text of parsedBySuites) agrees(text, `suite text ${index++}`);
});
