/**
 * The glob matcher (server/src/service/util/glob.ts) against minimatch 10, which it
 * replaced, and against the hostile patterns that made minimatch hang.
 *
 * - Differentially: thousands of seeded random patterns of literals, `*`, `**`, `?`,
 *   `[a-c]`, `[!a]`, braces (nested, across `/`, with empty alternatives) and `/`,
 *   each against random paths and paths drawn from the pattern, give minimatch's
 *   answer (`{ dot: true, noext: true }`, the options the glob replaced), and
 *   minimatch's `hasMagic` (with `magicalBraces`). `GLOB_SEED=S` draws other patterns,
 *   `GLOB_SCALE=N` N times as many.
 *   The only answers allowed to differ are those of minimatch's bug with three or more
 *   `**` (see below), and there the glob must agree with a plain recursive reading of
 *   minimatch's own compiled segments.
 * - Random patterns of many `**` against deep paths, and paths with `.` and `..`
 *   segments, give the answer of that plain reading, and minimatch's bar its bug.
 * - The deliberate differences, each a minimatch bug or quirk, are stated as cases
 *   with both answers, so that this file is their documentation.
 * - Hostile patterns answer within a bound no backtracking matcher meets (minimatch
 *   took 1 s for `*a*a*a*b` on 255 characters and never finished the others).
 * - Refused patterns are reported as settings problems, and skipped by the hosts.
 */
import * as assert from 'node:assert/strict';
import { braceExpand, GLOBSTAR, Minimatch } from 'minimatch';
import { FrameworkFileFilter } from '../../server/src/node/files';
import { readSettings } from '../../server/src/service';
import { limits } from '../../server/src/service/limits';
import {
  compileGlob,
  globRefusal,
  GlobRefusedError,
  isSimpleGlob,
} from '../../server/src/service/util/glob';
import type { Glob } from '../../server/src/service/util/glob';
import { caseSeed, Random } from '../random';

const runSeed = Number(process.env.GLOB_SEED ?? '20261128') >>> 0;
/** `GLOB_SCALE=N` compares N times as many patterns (the long run). */
const scale = Math.max(1, Number(process.env.GLOB_SCALE ?? '1'));

/** The options the hosts gave minimatch, with extglobs off as VS Code has none. */
const minimatchOptions = { dot: true, noext: true } as const;

// ---------------------------------------------------------------------------------
// Random patterns, and paths drawn from them

type Node =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'star' }
  | { readonly kind: 'globstar' }
  | { readonly kind: 'question' }
  | { readonly kind: 'class'; readonly text: string; readonly sample: readonly string[] }
  | { readonly kind: 'slash' }
  | { readonly kind: 'braces'; readonly alternatives: readonly (readonly Node[])[] };

/** Characters of names: a few letters and the dot, so that dotfiles and extensions occur. */
const nameCharacters = ['a', 'b', 'c', 'x', 'y', '.'];

const classes: readonly { text: string; sample: readonly string[] }[] = [
  { text: '[a-c]', sample: ['a', 'b', 'c'] },
  { text: '[!a]', sample: ['b', 'x', '.'] },
];

function randomNodes(random: Random, depth: number): Node[] {
  const nodes: Node[] = [];
  const count = random.between(1, depth === 0 ? 6 : 3);
  for (let n = 0; n < count; n++) {
    const roll = random.int(depth < 2 ? 10 : 9);
    if (roll < 3) {
      const length = random.between(1, 2);
      let text = '';
      for (let i = 0; i < length; i++) text += random.pick(nameCharacters);
      nodes.push({ kind: 'literal', text });
    } else if (roll === 3) nodes.push({ kind: 'star' });
    else if (roll === 4) nodes.push({ kind: 'globstar' });
    else if (roll === 5) nodes.push({ kind: 'question' });
    else if (roll === 6) nodes.push({ kind: 'class', ...random.pick(classes) });
    else if (roll < 9) nodes.push({ kind: 'slash' });
    else {
      const alternatives: Node[][] = [];
      const choices = random.between(2, 3);
      for (let i = 0; i < choices; i++) {
        alternatives.push(random.chance(0.15) ? [] : randomNodes(random, depth + 1));
      }
      nodes.push({ kind: 'braces', alternatives });
    }
  }
  return nodes;
}

/** The pattern's text; `**` is written as a segment of its own, as globs mean it. */
function patternText(nodes: readonly Node[]): string {
  return nodes
    .map((node) => {
      switch (node.kind) {
        case 'literal':
          return node.text;
        case 'star':
          return '*';
        case 'globstar':
          return '/**/';
        case 'question':
          return '?';
        case 'class':
          return node.text;
        case 'slash':
          return '/';
        case 'braces':
          return `{${node.alternatives.map(patternText).join(',')}}`;
      }
    })
    .join('');
}

/** A path the pattern may well match: each wildcard replaced by something it matches. */
function drawnPath(random: Random, nodes: readonly Node[]): string {
  return nodes
    .map((node) => {
      switch (node.kind) {
        case 'literal':
          return node.text;
        case 'star':
          return randomName(random, 0, 3);
        case 'globstar':
          return ['/', `/${randomName(random, 1, 3)}/`, `/${randomName(random, 1, 2)}/a/`][
            random.int(3)
          ];
        case 'question':
          return random.pick(nameCharacters);
        case 'class':
          return random.pick(node.sample);
        case 'slash':
          return '/';
        case 'braces':
          return drawnPath(random, random.pick(node.alternatives));
      }
    })
    .join('');
}

function randomName(random: Random, shortest: number, longest: number): string {
  let name = '';
  const length = random.between(shortest, longest);
  for (let i = 0; i < length; i++) name += random.pick(nameCharacters);
  return name;
}

function randomPath(random: Random): string {
  const segments: string[] = [];
  const count = random.between(1, 4);
  for (let i = 0; i < count; i++) segments.push(randomName(random, 1, 4));
  return segments.join('/');
}

/**
 * Whether a path is one the hosts can ask about: relative, no empty segment (no
 * doubled, leading or trailing slash), and no `.` or `..` segment.
 */
function isOrdinaryPath(path: string): boolean {
  return path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

// ---------------------------------------------------------------------------------
// A plain reading of minimatch's compiled segments, for where minimatch's own
// globstar walk is wrong

type MinimatchSegment = string | RegExp | typeof GLOBSTAR;

/**
 * Whether `path` matches one of minimatch's compiled alternatives, read as globs mean
 * them: each segment by minimatch's own test, `**` for any number of segments but `.`
 * and `..`, and at least one when it ends the pattern. Exponential at worst, which is
 * fine for these short patterns.
 */
function referenceMatch(set: readonly (readonly MinimatchSegment[])[], path: string): boolean {
  const segments = path.split('/');
  const matchFrom = (pattern: readonly MinimatchSegment[], p: number, f: number): boolean => {
    if (p === pattern.length) return f === segments.length;
    const part = pattern[p];
    if (part === GLOBSTAR) {
      const last = p === pattern.length - 1;
      for (let end = last ? f + 1 : f; end <= segments.length; end++) {
        const swallowed = segments.slice(f, end);
        if (swallowed.some((segment) => segment === '.' || segment === '..')) break;
        if (matchFrom(pattern, p + 1, end)) return true;
      }
      return false;
    }
    if (f === segments.length) return false;
    const hit = typeof part === 'string' ? part === segments[f] : part.test(segments[f]);
    return hit && matchFrom(pattern, p + 1, f + 1);
  };
  return set.some((pattern) => matchFrom(pattern, 0, 0));
}

/**
 * minimatch 10.2.6 misses matches when a pattern has three or more `**`: it gives each
 * run between them a latest start computed from the wrong runs' lengths, so
 * `**\/b/c/**\/d/**\/e` does not match `b/c/d/e`.
 */
function hasMinimatchGlobstarBug(matcher: Minimatch): boolean {
  return matcher.set.some(
    (pattern) => pattern.filter((part: MinimatchSegment) => part === GLOBSTAR).length >= 3,
  );
}

describe('glob patterns', () => {
  describe('answer as minimatch did, on random patterns', function () {
    this.timeout(120_000);

    it('matches the same paths and has the same magic', () => {
      const patterns = 5000 * scale;
      let comparisons = 0;
      let matches = 0;
      let bugCases = 0;
      let refused = 0;
      for (let n = 0; n < patterns; n++) {
        const random = new Random(caseSeed(runSeed, n));
        const nodes = randomNodes(random, 0);
        const pattern = patternText(nodes);
        const replay = `GLOB_SEED=${runSeed}, pattern ${n}: ${JSON.stringify(pattern)}`;
        const matcher = new Minimatch(pattern, minimatchOptions);
        let glob: Glob;
        try {
          glob = compileGlob(pattern);
        } catch (error) {
          // Refused only where minimatch's own expansion is past the limits.
          assert.ok(error instanceof GlobRefusedError, replay);
          const expanded = braceExpand(pattern);
          const distinct = [...new Set(expanded)].join('').length;
          assert.ok(
            expanded.length > limits.maxGlobAlternatives || distinct > limits.maxGlobExpansion,
            `${replay}: ${error.reason}`,
          );
          refused++;
          continue;
        }
        assert.equal(
          glob.hasMagic,
          new Minimatch(pattern, { ...minimatchOptions, magicalBraces: true }).hasMagic(),
          `hasMagic of ${replay}`,
        );
        const paths = new Set<string>();
        for (let i = 0; i < 6; i++) paths.add(randomPath(random));
        for (let i = 0; i < 10; i++) paths.add(drawnPath(random, nodes));
        for (const path of paths) {
          if (!isOrdinaryPath(path)) continue;
          comparisons++;
          const ours = glob.matches(path);
          const theirs = matcher.match(path);
          if (ours) matches++;
          const reference = referenceMatch(matcher.set, path);
          assert.equal(ours, reference, `${replay} against ${JSON.stringify(path)}`);
          if (ours !== theirs) {
            assert.ok(
              ours && !theirs && hasMinimatchGlobstarBug(matcher),
              `${replay} against ${JSON.stringify(path)}: minimatch says ${theirs}, the glob ${ours}`,
            );
            bugCases++;
          }
        }
      }
      // The comparisons must be many and the matches a good share, or the test says little.
      assert.ok(comparisons > 35_000 * scale, `${comparisons} comparisons`);
      assert.ok(matches > comparisons / 5, `${matches} of ${comparisons} match`);
      assert.ok(bugCases < comparisons / 100, `${bugCases} cases of minimatch's globstar bug`);
      assert.ok(refused < patterns / 100, `${refused} patterns refused`);
    });
  });

  describe('reads `**` as any number of folders, on random deep paths', () => {
    const segmentPatterns = ['a', 'b', 'ab', '*', '**', '**', '**', '?', 'a*', '*b', '[ab]'];
    const pathSegments = ['a', 'b', 'ab', 'x', 'ba'];

    it('as minimatch did, bar its bug with three or more `**`', () => {
      let matches = 0;
      const cases = 20_000 * scale;
      for (let n = 0; n < cases; n++) {
        const random = new Random(caseSeed(runSeed ^ 0x5eed, n));
        const pattern = Array.from({ length: random.between(3, 8) }, () =>
          random.pick(segmentPatterns),
        ).join('/');
        const path = Array.from({ length: random.between(1, 7) }, () =>
          random.pick(pathSegments),
        ).join('/');
        const matcher = new Minimatch(pattern, minimatchOptions);
        const ours = compileGlob(pattern).matches(path);
        const replay = `GLOB_SEED=${runSeed}, case ${n}: ${pattern} against ${path}`;
        assert.equal(ours, referenceMatch(matcher.set, path), replay);
        if (ours) matches++;
        if (ours !== matcher.match(path)) {
          assert.ok(ours && hasMinimatchGlobstarBug(matcher), replay);
        }
      }
      assert.ok(matches > cases / 20, `${matches} of ${cases} match`);
    });

    it('never lets `**` or a wildcard stand for `.` or `..`', () => {
      for (let n = 0; n < 5_000 * scale; n++) {
        const random = new Random(caseSeed(runSeed ^ 0xd075, n));
        const pattern = Array.from({ length: random.between(1, 6) }, () =>
          random.pick([...segmentPatterns, '.', '..']),
        ).join('/');
        const path = Array.from({ length: random.between(1, 7) }, () =>
          random.pick([...pathSegments, '.', '..']),
        ).join('/');
        const matcher = new Minimatch(pattern, minimatchOptions);
        assert.equal(
          compileGlob(pattern).matches(path),
          referenceMatch(matcher.set, path),
          `GLOB_SEED=${runSeed}, case ${n}: ${pattern} against ${path}`,
        );
      }
    });
  });

  describe('answers as minimatch did in these cases', () => {
    const cases: readonly (readonly [string, string, boolean])[] = [
      ['**/*.framework.yaml', 'plans/2024.framework.yaml', true],
      ['**/*.framework.yaml', 'a.framework.yaml', true],
      ['**/*.framework.yaml', '.github/a.framework.yaml', true],
      ['**/*.framework.yaml', 'a.framework.yml', false],
      ['archive/**', 'archive/old.yaml', true],
      // A final `**` stands for at least one segment, so the folder itself is not excluded.
      ['archive/**', 'archive', false],
      ['a/**/b', 'a/b', true],
      ['*', '.hidden', true],
      ['a/*', 'a/b/c', false],
      ['?', 'ab', false],
      ['[a-c]x', 'bx', true],
      ['[!a]x', 'ax', false],
      ['[^a]x', 'bx', true],
      ['[]]', ']', true],
      ['[a-]', '-', true],
      ['a[', 'a[', true],
      ['[z-a]', 'z', false],
      ['[[:digit:]]', '5', true],
      ['*.{ts,js}', 'a.js', true],
      ['{a,{b,c}}/x', 'c/x', true],
      ['{a/b,c}/x', 'a/b/x', true],
      ['{1..3}.yaml', '2.yaml', true],
      ['{01..10}', '07', true],
      ['x{a..e..2}', 'xc', true],
      ['{a}{b,c}', '{a}b', true],
      ['{a},b}', 'a}', true],
      ['${a,b}', '${a,b}', true],
      ['\\{a,b}', '{a,b}', true],
      ['\\*', '*', true],
      ['\\*', 'a', false],
      ['!a', 'b', true],
      ['!a', 'a', false],
      ['#comment', '#comment', false],
      ['a/../b', 'b', true],
      ['a/*', 'a/b/', true],
      // Extglobs are characters: VS Code has none, and minimatch's compiled to regexps
      // that backtrack without bound.
      ['+(a|aa)b', '+(a|aa)b', true],
      ['+(a|aa)b', 'aab', false],
      ['?(a)', 'x(a)', true],
      ['!(a)', '(a)', false],
    ];
    for (const [pattern, path, expected] of cases) {
      it(`${JSON.stringify(pattern)} ${expected ? 'matches' : 'does not match'} ${JSON.stringify(path)}`, () => {
        assert.equal(new Minimatch(pattern, minimatchOptions).match(path), expected, 'minimatch');
        assert.equal(compileGlob(pattern).matches(path), expected, 'the glob');
      });
    }

    it('compares a drive letter whatever its case when asked to, as minimatch did on Windows', () => {
      assert.equal(compileGlob('C:/plans/*.yaml').matches('c:/plans/a.yaml'), false);
      const windows = compileGlob('C:/plans/*.yaml', { windowsDriveLetters: true });
      assert.equal(windows.matches('c:/plans/a.yaml'), true);
      assert.equal(windows.matches('d:/plans/a.yaml'), false);
    });
  });

  describe('differs from minimatch where minimatch is wrong', () => {
    /** [pattern, path, minimatch's answer, the glob's answer, why]. */
    const differences: readonly (readonly [string, string, boolean, boolean, string])[] = [
      [
        '**/b/c/**/d/**/e',
        'b/c/d/e',
        false,
        true,
        'with three or more `**`, minimatch bounds where each run may start by the wrong lengths',
      ],
      [
        '*.',
        '.',
        true,
        false,
        "minimatch's shortcut for `*<suffix>` skips its own rule that no wildcard matches `.` or `..`",
      ],
      [
        '*\\a',
        'xa',
        false,
        true,
        "minimatch's shortcuts for `*<suffix>` and `?<suffix>` read a backslash in the suffix as a character, not an escape",
      ],
      [
        '?\\a',
        'x\\a',
        true,
        false,
        'the same shortcut: `?\\a` is one character and an `a`, not three characters',
      ],
      [
        '{a,b}\\\\*',
        'a\\x',
        false,
        true,
        'with braces, minimatch turned `\\\\` (an escaped backslash) into a backslash that escapes the next character; here it is a backslash, as it is without braces',
      ],
      ['x\\|*', 'q', true, false, "an escaped `|` went into minimatch's regexp as an alternation"],
    ];
    for (const [pattern, path, theirs, ours, why] of differences) {
      it(`${JSON.stringify(pattern)} against ${JSON.stringify(path)}: ${why}`, () => {
        assert.equal(new Minimatch(pattern, minimatchOptions).match(path), theirs, 'minimatch');
        assert.equal(compileGlob(pattern).matches(path), ours, 'the glob');
      });
    }

    it('refuses what minimatch expanded past the limits (up to 100,000 alternatives)', () => {
      const pattern = '{a,b}'.repeat(10);
      assert.equal(new Minimatch(pattern, minimatchOptions).set.length, 1024);
      assert.throws(() => compileGlob(pattern), GlobRefusedError);
    });
  });

  describe('answers hostile patterns at once', () => {
    const bound = 200;
    /** Each took minimatch a second or more on 255 characters, or never finished. */
    const hostile = [
      '*a*a*a*b',
      '*a*a*a*a*a*a*a*a*a*a*a*a*b',
      '**/*a*a*a*a*a*a*a*a*a*a*a*a*b',
      '+(a|aa)+(a|aa)+(a|aa)+(a|aa)+(a|aa)+(a|aa)b',
      '*(a|aa)*(a|aa)*(a|aa)*(a|aa)*(a|aa)*(a|aa)b',
      '?(a|aa)?(a|aa)?(a|aa)?(a|aa)?(a|aa)?(a|aa)b',
      '*?*?*?*?*?*?*?*?*?*?*?*?b',
      '[a-z]*[a-z]*[a-z]*[a-z]*[a-z]*[a-z]*[a-z]*b',
      `*${'a*'.repeat(400)}b`,
    ];
    for (const length of [255, 4096]) {
      const name = 'a'.repeat(length);
      // The same characters as a path of 255-character folders.
      const deep = Array.from({ length: Math.ceil(length / 256) }, () => 'a'.repeat(255)).join('/');
      for (const pattern of hostile) {
        it(`${pattern.length > 50 ? `${pattern.slice(0, 40)}...` : pattern} on ${length} characters`, () => {
          const glob = compileGlob(pattern);
          for (const path of [name, deep, `x/${name}`]) {
            const started = performance.now();
            assert.equal(glob.matches(path), false);
            const elapsed = performance.now() - started;
            assert.ok(elapsed < bound, `${elapsed.toFixed(0)} ms`);
          }
        });
      }
    }

    it('refuses brace bombs before expanding them', () => {
      for (const pattern of [
        '{a,b}'.repeat(1500),
        '{a,b}'.repeat(12),
        '{1..1000000000}',
        `${'{,}'.repeat(300)}x`,
      ]) {
        const started = performance.now();
        assert.ok(globRefusal(pattern), pattern.slice(0, 40));
        assert.ok(performance.now() - started < bound);
      }
    });

    it('stays within the bound for the slowest pattern the limits allow', () => {
      // Every alternative looks for a long run of `a`s ending in `b` at each place of a
      // name of `a`s, the costliest case of the wildcard algorithm: O(n·m) in all, with
      // m the characters of all the alternatives, which maxGlobExpansion bounds.
      const pattern = `*${'a'.repeat(300)}${'{a,b}'.repeat(5)}b*`;
      assert.equal(globRefusal(pattern), undefined);
      const glob = compileGlob(`**/${pattern}`);
      for (const path of [
        'a'.repeat(4096),
        Array.from({ length: 16 }, () => 'a'.repeat(255)).join('/'),
      ]) {
        const started = performance.now();
        assert.equal(glob.matches(path), false);
        const elapsed = performance.now() - started;
        assert.ok(elapsed < 1_000, `${elapsed.toFixed(0)} ms`);
      }
    });
  });

  describe('refuses patterns past the limits', () => {
    const long = `**/${'a'.repeat(limits.maxGlobLength)}.yaml`;
    const bomb = `${'{a,b}'.repeat(10)}.yaml`;
    const wide = `${'{a,b}'.repeat(5)}${'x'.repeat(400)}`;

    it('with a reason that says what to do', () => {
      assert.equal(
        globRefusal(long),
        `it has 1,008 characters, more than the 1,000 a glob may have; shorten it, or split it into several globs`,
      );
      assert.equal(
        globRefusal('{a,b}'.repeat(10)),
        'its braces expand to more than 1,000 alternatives; split it into several globs, each with fewer braces',
      );
      assert.equal(
        globRefusal(wide),
        'its braces expand to more than 10,000 characters in all; split it into several globs, each with fewer or shorter alternatives',
      );
      assert.equal(globRefusal('{a,b}'.repeat(9)), undefined, '512 alternatives are fine');
    });

    it('as settings problems naming the setting and the pattern, keeping the other globs', () => {
      const reading = readSettings({
        files: { include: [long, '**/*.framework.yaml'], exclude: [bomb] },
      });
      assert.deepEqual(reading.settings.include, ['**/*.framework.yaml']);
      assert.deepEqual(reading.settings.exclude, []);
      assert.deepEqual(reading.problems, [
        {
          setting: 'strategicFrameworks.files.include',
          message: `the glob "**/${'a'.repeat(57)}…" is ignored: it has 1,008 characters, more than the 1,000 a glob may have; shorten it, or split it into several globs`,
        },
        {
          setting: 'strategicFrameworks.files.exclude',
          message: `the glob "${bomb}" is ignored: its braces expand to more than 1,000 alternatives; split it into several globs, each with fewer braces`,
        },
      ]);
    });

    it('by leaving them out of the file filter, which never throws for one', () => {
      const filter = new FrameworkFileFilter(['**/*.yaml', long], [bomb, 'archive/**']);
      assert.equal(filter.matches('plans/a.yaml'), true);
      assert.equal(filter.matches('archive/a.yaml'), false);
      // The refused exclude glob would have matched this name; it excludes nothing.
      assert.equal(filter.matches('ababababab.yaml'), true);
    });
  });

  it('tells the globs simple enough for a backtracking matcher, such as the editor watcher', () => {
    const simple = [
      '**/*.framework.yaml',
      '**/*.framework.{yaml,yml}',
      'plans/{2024,2025}/*.yaml',
      'strategy/**/*-plan.yaml',
      '**/[a-z]?.yaml',
    ];
    const notSimple = ['*a*a*a*b', '**/*a*b', '+(a|aa)b', '{*a*,*b*}', 'a**b/*c', 'a'.repeat(201)];
    assert.deepEqual(
      simple.filter((glob) => !isSimpleGlob(glob)),
      [],
    );
    assert.deepEqual(notSimple.filter(isSimpleGlob), []);
  });
});
