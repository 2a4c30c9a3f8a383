/**
 * The inputs of the fuzzer: random bytes, random UTF-8 text, and mutations of real
 * framework files (the two examples and a generated framework of many goals). Every
 * case is a pure function of a seed, so a failure replays from the seed alone.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeFrameworkFile } from '../../server/src/node/files';
import { caseSeed, Random } from '../random';

/** The repository root, from `out/test/robustness/` where this file runs compiled. */
export const repositoryRoot = path.resolve(__dirname, '../../..');

/** The example files, by name (`interpol-2014-2016`...), read once. */
export const examples: Readonly<Record<string, string>> = Object.fromEntries(
  ['interpol-2014-2016', 'interpol-2017-2020'].map((name) => [
    name,
    fs.readFileSync(path.join(repositoryRoot, 'examples', `${name}.framework.yaml`), 'utf8'),
  ]),
);

export type CaseKind = 'bytes' | 'utf8' | 'mutation';

export interface FuzzCase {
  readonly runSeed: number;
  readonly caseNumber: number;
  readonly kind: CaseKind;
  /** What the input is, for the test title and the corpus file name. */
  readonly description: string;
  /** The fuzzed file's text, as the service receives it. */
  readonly text: string;
  /**
   * The fuzzed file's bytes, for cases made of bytes: how they sit on disk and in the
   * corpus. The text is what the server makes of them when it reads the file.
   */
  readonly bytes: Buffer | undefined;
  /** Intact framework files that share the workspace with the fuzzed one, by name. */
  readonly companions: Readonly<Record<string, string>>;
  /**
   * For a mutation, the fuzzed file's text before it and after each of its steps (the
   * last is `text`): an editing session, which the service is taken through version
   * by version. Empty for other cases.
   */
  readonly history: readonly string[];
}

/** The case with a given number of a run: the same on every machine and every run. */
export function generateCase(runSeed: number, caseNumber: number): FuzzCase {
  const random = new Random(caseSeed(runSeed, caseNumber));
  const roll = random.float();
  const common = { runSeed, caseNumber };
  if (roll < 0.15) {
    const bytes = randomBytes(random);
    return {
      ...common,
      kind: 'bytes',
      description: `${bytes.length} random bytes`,
      bytes,
      text: decodeFrameworkFile(bytes),
      companions: { companion: random.pick(Object.values(examples)) },
      history: [],
    };
  }
  if (roll < 0.3) {
    const text = randomText(random);
    return {
      ...common,
      kind: 'utf8',
      description: `${text.length} characters of random text`,
      bytes: undefined,
      text,
      companions: { companion: random.pick(Object.values(examples)) },
      history: [],
    };
  }
  const bases = ['interpol-2014-2016', 'interpol-2017-2020', 'generated'] as const;
  const base = random.pick(bases);
  const original = base === 'generated' ? generatedFramework(random) : examples[base];
  const { text, steps, history } = mutate(original, random);
  // The examples refer to each other; the generated framework refers to both.
  const companions: Record<string, string> =
    base === 'interpol-2014-2016'
      ? { late: examples['interpol-2017-2020'] }
      : base === 'interpol-2017-2020'
        ? { early: examples['interpol-2014-2016'] }
        : { early: examples['interpol-2014-2016'], late: examples['interpol-2017-2020'] };
  return {
    ...common,
    kind: 'mutation',
    description: `${base} with ${steps.join(', ')}`,
    bytes: undefined,
    text,
    companions,
    history,
  };
}

// Random bytes ------------------------------------------------------------------------

const byteOrderMarks = [
  [0xef, 0xbb, 0xbf],
  [0xff, 0xfe],
  [0xfe, 0xff],
];

/** Up to 1,500 random bytes, sometimes behind a byte order mark or mixed with text. */
export function randomBytes(random: Random): Buffer {
  const parts: Buffer[] = [];
  if (random.chance(0.3)) parts.push(Buffer.from(random.pick(byteOrderMarks)));
  const length = random.int(1500);
  const bytes = Buffer.alloc(length);
  // Text-like bytes (ASCII and line ends) half the time, any byte otherwise: both the
  // decoder's replacement characters and YAML-looking runs get exercised.
  const textLike = random.chance(0.5);
  for (let at = 0; at < length; at++) {
    bytes[at] = textLike && random.chance(0.9) ? random.pick(asciiBytes) : random.int(256);
  }
  parts.push(bytes);
  if (random.chance(0.2)) {
    // A stretch of a real file in UTF-16, as a file saved by a Windows editor.
    const example = random.pick(Object.values(examples));
    const start = random.int(example.length);
    parts.push(Buffer.from(example.slice(start, start + random.int(400)), 'utf16le'));
  }
  return Buffer.concat(parts);
}

const asciiBytes = [
  ...Buffer.from('framework: goals:\n- id "1" title [ ] { } , # & * ! | > \r\n\t'),
];

// Random UTF-8 text -------------------------------------------------------------------

/**
 * Characters that make text hard for a parser or a position conversion: line ends
 * of every kind, NUL and other controls, a byte order mark, Unicode line separators,
 * astral characters (two UTF-16 units), lone surrogates, combining and right-to-left
 * marks, and the YAML indicators.
 */
const awkwardCharacters = [
  '\n',
  '\r\n',
  '\r',
  '\0',
  '\t',
  '\x0b',
  '\x0c',
  '\x1b',
  '\x7f',
  '\x85',
  '\u00a0',
  '\ufeff',
  '\u2028',
  '\u2029',
  '\u200b',
  '\u202e',
  '\u0301',
  '\ud83d\ude00',
  '\u{10ffff}',
  '\u{1d400}',
  '\ud800',
  '\udfff',
  '\uffff',
  'é',
  '漢',
  ...':-[]{}",\'#&*!|>?%@`',
];

const yamlFragments = [
  'framework: ',
  'title: ',
  'goals:',
  '  - id: ',
  '    objectives:',
  'supports: [',
  'supersedes: ',
  'category: ',
  '"1.1"',
  "'2'",
  'interpol-2017-2020:1',
  '---',
  '...',
  '%YAML 1.1',
  '&a ',
  '*a',
  '!!str ',
  '<<: ',
  '? ',
  '|',
  '>-',
  '  ',
  '    ',
];

/** Up to about 600 characters mixing YAML fragments, plain letters and awkward characters. */
export function randomText(random: Random): string {
  const count = random.int(200);
  let text = '';
  for (let at = 0; at < count; at++) {
    const roll = random.float();
    if (roll < 0.35) text += random.pick(yamlFragments);
    else if (roll < 0.7) text += random.pick(awkwardCharacters);
    else if (roll < 0.9) text += String.fromCharCode(0x61 + random.int(26));
    else text += String.fromCodePoint(random.int(0x110000));
  }
  return text;
}

// A generated framework ---------------------------------------------------------------

const words = ['police', 'secure', 'global', 'capacity', 'border', 'crime', 'data', 'support'];

/**
 * A framework of several goals in the styles real files use (quoted and plain IDs,
 * flow and block items, comments, block scalars, local and qualified references,
 * supersedes links to the examples), so that mutations reach every feature.
 */
export function generatedFramework(random: Random): string {
  const sentence = (): string =>
    Array.from({ length: random.between(2, 6) }, () => random.pick(words)).join(' ');
  const quote = (id: string): string => random.pick([`"${id}"`, `'${id}'`, id]);
  const goalCount = random.between(2, 7);
  const lines = [
    '# A framework generated by the fuzzer.',
    'framework: generated',
    `title: ${sentence()}`,
    'period: { start: 2021, end: 2024 }',
    'supersedes: interpol-2017-2020',
    'values:',
    '  - { id: integrity, title: Integrity }',
    'categories:',
    '  - id: core',
    '    title: Core',
    'goals:',
  ];
  for (let goal = 1; goal <= goalCount; goal++) {
    lines.push(`  - id: ${quote(String(goal))}`, `    title: ${sentence()}`, '    category: core');
    if (random.chance(0.3)) lines.push(`    supersedes: ["interpol-2017-2020:${goal}"]`);
    if (random.chance(0.3)) lines.push('    description: |', `      ${sentence()}`);
    lines.push('    objectives:');
    for (let objective = 1; objective <= random.between(1, 4); objective++) {
      const id = `${goal}.${objective}`;
      lines.push(`      - id: ${quote(id)}`, `        title: ${sentence()}`);
      if (random.chance(0.4)) {
        const target = `${random.between(1, goalCount)}.${random.between(1, 2)}`;
        lines.push(`        supports: [${quote(target)}, "${random.between(1, goalCount)}"]`);
      }
      if (random.chance(0.5)) {
        lines.push('        indicators:');
        for (let indicator = 1; indicator <= random.between(1, 3); indicator++) {
          lines.push(
            `          - { id: "${id}.${indicator}", title: ${sentence()}, target: ${random.int(100)} }`,
          );
        }
      }
      if (random.chance(0.2)) lines.push(`        # ${sentence()}`);
    }
  }
  lines.push(
    'programmes:',
    '  - id: outreach',
    `    title: ${sentence()}`,
    `    supports: ["1", "interpol-2017-2020:2.1"]`,
  );
  return `${lines.join('\n')}\n`;
}

// Mutations ---------------------------------------------------------------------------

/** Characters inserted at random: YAML indicators, quotes, tabs and line ends. */
const insertions = [':', '-', '[', ']', '{', '}', '"', "'", '#', '&', '*', '!', '\t', '|', '>'];
const insertionsRare = [',', '?', '%', '@', '`', ' ', '\n', '\r', '\0', '\ud800', '\u{1f600}'];

/** Values that replace a scalar: every type and oddity YAML has. */
const replacementValues = [
  '*alias',
  '&anchor x',
  '!!js/function "f"',
  '!!binary aGk=',
  '[',
  '{',
  '"unterminated',
  "'it''s'",
  '~',
  'null',
  '0x1F',
  '1e3',
  '.inf',
  '12:30',
  '2024-01-01',
  'x'.repeat(1100),
  '"\\u0000"',
  'interpol-2014-2016:1',
  'nope:9',
  '[[[[]]]]',
];

/**
 * Between one and six random edits of a text: deleted, duplicated, swapped and moved
 * lines, truncation, indentation changes, inserted characters, replaced values,
 * converted line ends, document markers. Returns the result, what was done, and the
 * text before and after each edit.
 */
export function mutate(
  original: string,
  random: Random,
): { text: string; steps: string[]; history: string[] } {
  let text = original;
  const steps: string[] = [];
  const history = [original];
  const count = random.between(1, 6);
  for (let step = 0; step < count; step++) {
    const lines = text.split('\n');
    const line = (): number => random.int(lines.length);
    const offset = (): number => random.int(text.length + 1);
    switch (random.int(17)) {
      case 0: {
        const at = line();
        lines.splice(at, 1);
        steps.push(`line ${at + 1} deleted`);
        text = lines.join('\n');
        break;
      }
      case 1: {
        const at = line();
        lines.splice(at, 0, lines[at]);
        steps.push(`line ${at + 1} duplicated`);
        text = lines.join('\n');
        break;
      }
      case 2: {
        const [a, b] = [line(), line()];
        [lines[a], lines[b]] = [lines[b], lines[a]];
        steps.push(`lines ${a + 1} and ${b + 1} swapped`);
        text = lines.join('\n');
        break;
      }
      case 3: {
        const at = offset();
        text = text.slice(0, at);
        steps.push(`truncated at ${at}`);
        break;
      }
      case 4: {
        const at = line();
        const change = random.pick(['more', 'less', 'tab'] as const);
        const amount = random.between(1, 6);
        if (change === 'more') lines[at] = ' '.repeat(amount) + lines[at];
        else if (change === 'less')
          lines[at] = lines[at].replace(new RegExp(`^ {0,${amount}}`), '');
        else lines[at] = lines[at].replace(/^( *)/, (spaces) => '\t'.repeat(spaces.length >> 1));
        steps.push(
          `line ${at + 1} indented ${change === 'tab' ? 'with tabs' : `${change} by ${amount}`}`,
        );
        text = lines.join('\n');
        break;
      }
      case 5:
      case 6: {
        const at = offset();
        const inserted = random.chance(0.8) ? random.pick(insertions) : random.pick(insertionsRare);
        text = text.slice(0, at) + inserted + text.slice(at);
        steps.push(`${JSON.stringify(inserted)} inserted at ${at}`);
        break;
      }
      case 7: {
        const values = [...text.matchAll(/: ([^\n]+)/g)];
        if (values.length === 0) break;
        const match = random.pick(values);
        const start = (match.index ?? 0) + 2;
        const value = random.pick(replacementValues);
        text = text.slice(0, start) + value + text.slice(start + match[1].length);
        steps.push(`a value replaced by ${JSON.stringify(value.slice(0, 20))}`);
        break;
      }
      case 8: {
        const ending = random.pick(['\r\n', '\r']);
        const everywhere = random.chance(0.5);
        let remaining = everywhere ? Infinity : random.between(1, 5);
        text = text.replace(/\n/g, (newline) =>
          remaining > 0 && (everywhere || random.chance(0.3)) ? (remaining--, ending) : newline,
        );
        steps.push(`${everywhere ? 'all' : 'some'} line ends made ${JSON.stringify(ending)}`);
        break;
      }
      case 9: {
        const start = offset();
        const length = random.int(40);
        text = text.slice(0, start) + text.slice(start + length);
        steps.push(`${length} characters deleted at ${start}`);
        break;
      }
      case 10: {
        const from = line();
        const block = lines.slice(from, from + random.between(1, 8));
        const to = line();
        lines.splice(to, 0, ...block);
        steps.push(`${block.length} lines from ${from + 1} pasted at ${to + 1}`);
        text = lines.join('\n');
        break;
      }
      case 11: {
        const at = line();
        const marker = random.pick(['---', '...', '--- !tag', '%YAML 1.1\n---']);
        lines.splice(at, 0, marker);
        steps.push(`${JSON.stringify(marker)} inserted at line ${at + 1}`);
        text = lines.join('\n');
        break;
      }
      case 12: {
        // An awkward character inside an ID or a reference, where features slice text.
        const ids = [...text.matchAll(/(?:id|supports|category|supersedes): \[?["']?([\w.:-]+)/g)];
        if (ids.length === 0) break;
        const match = random.pick(ids);
        const at = (match.index ?? 0) + match[0].length - random.int(match[1].length + 1);
        const inserted = random.pick(awkwardCharacters);
        text = text.slice(0, at) + inserted + text.slice(at);
        steps.push(`${JSON.stringify(inserted)} inserted in an ID at ${at}`);
        break;
      }
      case 13: {
        const at = offset();
        const length = random.pick([200, 2000, 10_000]);
        text =
          text.slice(0, at) +
          random.pick(['x', 'é', '[', '- ', '"']).repeat(length) +
          text.slice(at);
        steps.push(`a run of ${length} characters inserted at ${at}`);
        break;
      }
      case 14: {
        // Nesting at the limit, below it and past it.
        const at = offset();
        const depth = random.between(95, 105);
        const open = random.pick(['[', '{', '- ']);
        const close = open === '[' ? ']' : open === '{' ? '}' : '';
        text = text.slice(0, at) + open.repeat(depth) + close.repeat(depth) + text.slice(at);
        steps.push(`${depth} levels of ${JSON.stringify(open)} inserted at ${at}`);
        break;
      }
      case 15: {
        const at = line();
        lines[at] = lines[at].replace(/: /, random.pick([':\t', ' : ', ':', ': \t']));
        steps.push(`the key of line ${at + 1} respaced`);
        text = lines.join('\n');
        break;
      }
      default: {
        const at = line();
        const marker = random.pick(['<<<<<<< HEAD', '=======', '>>>>>>> branch', '||||||| base']);
        lines.splice(at, 0, marker);
        steps.push(`conflict marker ${JSON.stringify(marker)} at line ${at + 1}`);
        text = lines.join('\n');
        break;
      }
    }
    if (text !== history[history.length - 1]) history.push(text);
  }
  return { text, steps: steps.length > 0 ? steps : ['no change'], history };
}
