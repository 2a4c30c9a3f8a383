#!/usr/bin/env node
// Generates the benchmark workspaces: deterministic framework files with cross-file
// references and a few planted problems, so that diagnostics are never empty.
//
//   W1  one file, 10 goals x 10 objectives
//   W2  20 files x 20 goals x 25 objectives (10,000 objectives, about 2.4 MB)
//   W3  200 files of the same shape (100,000 objectives, about 24 MB); W2 is its first 20 files
//   W4  one file of about 2 MB (one framework, 95 goals x 100 objectives)
//   W3X W3 with its lineage unmaintained (one objective in four continues its predecessor's),
//       as generator 1 made W3: 71,659 goals and objectives unaccounted for
//
// Every file of W2/W3 is framework `wNNN`, which supersedes `w(NNN-1)`. Goal g of file N is
// referred to from file N+1 (item-level `supersedes`), N+2 and N+3 (`supports`), and
// objectives support goals of their own framework, so renaming a goal touches four files.
// Every goal and objective of a superseded framework is continued by its successor (goals
// one to one, objectives four into one), as `unaccounted-predecessor` asks.
// Every tenth file has a broken reference and a duplicate ID (whose lost ID breaks one
// reference of the next file too) and leaves three objectives of its predecessor
// unaccounted for, every twentieth an unknown framework, and every fifth an unknown key.
//
// Usage: node bench/generate.mjs [--out DIR] [--only w1,w2,w3,w4] [--force]
// Files are written only when missing or when the generator version changed (see
// `manifest.json` in the output folder).
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Bump when the output changes, so that stale workspaces are regenerated. */
export const generatorVersion = 2;
export const seed = 20260101;

export const workspaces = {
  w1: { description: 'one file, 10 goals x 10 objectives' },
  w2: { description: '20 files x 20 goals x 25 objectives (the first 20 files of W3)' },
  w3: { description: '200 files x 20 goals x 25 objectives' },
  w4: { description: 'one file of about 2 MB: 95 goals x 100 objectives' },
  w3x: {
    description:
      'W3 with its lineage unmaintained: one objective in four continues its predecessor',
  },
};

/** Counts per workspace, the only knobs of the shape. */
const shapes = {
  w1: { files: 1, goals: 10, objectives: 10 },
  w2: { files: 20, goals: 20, objectives: 25 },
  w3: { files: 200, goals: 20, objectives: 25 },
  w4: { files: 1, goals: 95, objectives: 100 },
  w3x: { files: 200, goals: 20, objectives: 25, sparseLineage: true },
};

const benchFolder = path.dirname(fileURLToPath(import.meta.url));
export const defaultOutFolder = path.join(benchFolder, 'workspaces');

// A small seeded generator (mulberry32): the same seed gives the same files everywhere.
function random(seedValue) {
  let state = seedValue >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const verbs = [
  'Strengthen',
  'Expand',
  'Improve',
  'Develop',
  'Modernise',
  'Support',
  'Reinforce',
  'Coordinate',
  'Deliver',
  'Promote',
  'Enhance',
  'Establish',
  'Streamline',
  'Broaden',
  'Sustain',
];
const adjectives = [
  'regional',
  'national',
  'cross-border',
  'secure',
  'shared',
  'digital',
  'operational',
  'strategic',
  'community',
  'multilingual',
  'specialised',
  'sustainable',
  'independent',
  'transparent',
  'integrated',
];
const nouns = [
  'data exchange',
  'training programmes',
  'partner networks',
  'information services',
  'forensic capabilities',
  'reporting channels',
  'governance structures',
  'field operations',
  'research partnerships',
  'funding streams',
  'analysis capacity',
  'public engagement',
  'quality standards',
  'response teams',
  'knowledge management',
];
const audiences = [
  'member countries',
  'local authorities',
  'partner agencies',
  'frontline staff',
  'national offices',
  'civil society groups',
  'regional bureaus',
  'donor institutions',
];
const outcomes = [
  'so that decisions rest on timely and reliable evidence',
  'in line with the commitments made at the last general assembly',
  'while keeping running costs within the agreed budget',
  'with a clear owner, milestones and a yearly review',
  'building on the lessons of the previous period',
  'and report progress to the governing board twice a year',
];

function pick(rng, list) {
  return list[Math.floor(rng() * list.length)];
}

function title(rng) {
  return `${pick(rng, verbs)} ${pick(rng, adjectives)} ${pick(rng, nouns)} for ${pick(rng, audiences)}`;
}

function sentence(rng) {
  return `${pick(rng, verbs)} ${pick(rng, adjectives)} ${pick(rng, nouns)} ${pick(rng, outcomes)}.`;
}

const q = (text) => `'${text}'`;
const list = (items) => `[${items.map(q).join(', ')}]`;
const pad = (n) => String(n).padStart(3, '0');

export function frameworkIdOf(n) {
  return `w${pad(n)}`;
}

/**
 * The text of file `n` (1-based) of the W2/W3 shape, or of W1/W4 (`single`). Depends only
 * on its arguments, so file N is the same in every workspace that holds it.
 */
export function frameworkText(n, { goals, objectives, single = false, id, sparseLineage = false }) {
  const rng = random(seed + n * 7919 + goals * 31 + objectives);
  const self = id ?? frameworkIdOf(n);
  const previous = !single && n > 1 ? frameworkIdOf(n - 1) : undefined;
  const older = (k) => (!single && n > k ? frameworkIdOf(n - k) : undefined);
  const plantBroken = single || n % 10 === 0;
  const plantUnknownFramework = single || n % 20 === 0;
  const plantUnknownKey = single || n % 5 === 0;
  const out = [];
  const line = (text) => out.push(text);

  line(
    `# Generated by bench/generate.mjs (generator ${generatorVersion}, seed ${seed}); do not edit.`,
  );
  line(`framework: ${self}`);
  line(`title: Benchmark Strategic Framework ${n} of the Example Organisation`);
  line('organization: Example Organisation');
  line('period:');
  line(`  start: ${2000 + n * 3}`);
  line(`  end: ${2002 + n * 3}`);
  if (previous) line(`supersedes: ${previous}`);
  line(`vision: ${sentence(rng)}`);
  line(`mission: ${sentence(rng)}`);
  line('description: >-');
  for (let i = 0; i < 3; i++) line(`  ${sentence(rng)}`);
  line('values:');
  line('  - id: openness');
  line('    title: Openness');
  line(`    description: ${sentence(rng)}`);
  line('categories:');
  line('  - id: strategic');
  line('    title: Strategic priorities');
  line('  - id: corporate');
  line('    title: Corporate priorities');
  line('goals:');
  for (let g = 1; g <= goals; g++) {
    line(`  - id: ${q(String(g))}`);
    line(`    title: ${title(rng)}`);
    line('    description: >-');
    line(`      ${sentence(rng)}`);
    line(`      ${sentence(rng)}`);
    line(`    category: ${g % 4 === 0 ? 'corporate' : 'strategic'}`);
    if (previous) line(`    supersedes: ${list([`${previous}:${g}`])}`);
    line('    objectives:');
    for (let o = 1; o <= objectives; o++) {
      let objectiveId = `${g}.${o}`;
      // A duplicate ID: the last objective of goal 4 repeats the one before it.
      if (plantBroken && g === 4 && o === objectives) objectiveId = `${g}.${o - 1}`;
      line(`      - id: ${q(objectiveId)}`);
      line(`        title: ${title(rng)}`);
      if (o % 4 !== 0) line(`        description: ${sentence(rng)}`);
      const supports = [];
      // A goal of the same framework (local reference).
      supports.push(String(((g + o) % goals) + 1));
      if (previous && o % 3 === 0) supports.push(`${previous}:${g}.${o}`);
      if (older(2) && o % 5 === 0) supports.push(`${older(2)}:${g}`);
      if (older(3) && o % 7 === 0) supports.push(`${older(3)}:${g}`);
      if (single && o % 4 === 0)
        supports.push(`${((g + 2 * o) % goals) + 1}.${(o % objectives) + 1}`);
      // Planted: a reference to an objective that does not exist, and to an unknown framework.
      if (plantBroken && g === 2 && o === 3) supports.push(previous ? `${previous}:99.1` : '99.1');
      if (plantUnknownFramework && g === 3 && o === 2) supports.push('nowhere:1');
      line(`        supports: ${list(supports)}`);
      // Lineage, as a maintained workspace records it: every fourth objective continues
      // the same-numbered objective of the previous framework and the three after it
      // (a merge), so every goal and objective of a superseded framework is accounted for.
      if (previous && o % 4 === 1) {
        const continued = [];
        const merged = sparseLineage ? 1 : 4;
        for (let k = o; k < o + merged && k <= objectives; k++) {
          continued.push(`${previous}:${g}.${k}`);
        }
        // Planted: three objectives of the previous framework that nothing continues.
        if (plantBroken && g === 6 && o === 5) continued.length = 1;
        line(`        supersedes: ${list(continued)}`);
      }
      // Planted: a key the format does not allow.
      if (plantUnknownKey && g === 5 && o === 5) line('        owner: Planning unit');
    }
  }
  line('programmes:');
  line('  - id: delivery');
  line('    title: Delivery programme');
  line(`    description: ${sentence(rng)}`);
  line(`    supports: ${list(['1', '2.1'])}`);
  return `${out.join('\n')}\n`;
}

/** The files of one workspace: [relative path, text]. */
export function workspaceFiles(name) {
  const shape = shapes[name];
  if (!shape) throw new Error(`Unknown workspace ${name}; expected one of ${Object.keys(shapes)}`);
  if (name === 'w1') {
    return [['w1.framework.yaml', frameworkText(1, { ...shape, single: true, id: 'w1' })]];
  }
  if (name === 'w4') {
    return [['big.framework.yaml', frameworkText(4, { ...shape, single: true, id: 'big' })]];
  }
  const files = [];
  for (let n = 1; n <= shape.files; n++) {
    files.push([
      `${frameworkIdOf(n)}.framework.yaml`,
      frameworkText(n, name === 'w3x' ? shapes.w3x : shapes.w3),
    ]);
  }
  return files;
}

function manifestOf(name, files) {
  const hash = createHash('sha256');
  let bytes = 0;
  for (const [file, text] of files) {
    hash.update(file).update('\0').update(text).update('\0');
    bytes += Buffer.byteLength(text);
  }
  return {
    generatorVersion,
    seed,
    workspace: name,
    description: workspaces[name].description,
    files: files.length,
    bytes,
    sha256: hash.digest('hex'),
  };
}

/** Writes a workspace unless it is there already from the same generator version. */
export function ensureWorkspace(name, outFolder = defaultOutFolder, force = false) {
  const folder = path.join(outFolder, name);
  const manifestPath = path.join(outFolder, `${name}.manifest.json`);
  if (!force && fs.existsSync(manifestPath)) {
    try {
      const existing = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
      if (
        existing.generatorVersion === generatorVersion &&
        existing.seed === seed &&
        fs.existsSync(folder) &&
        fs.readdirSync(folder).length === existing.files
      ) {
        return { folder, manifest: existing, generated: false };
      }
    } catch {
      // Unreadable manifest: regenerate.
    }
  }
  const files = workspaceFiles(name);
  fs.rmSync(folder, { recursive: true, force: true });
  fs.mkdirSync(folder, { recursive: true });
  for (const [file, text] of files) fs.writeFileSync(path.join(folder, file), text);
  const manifest = manifestOf(name, files);
  fs.writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  return { folder, manifest, generated: true };
}

function main(argv) {
  let outFolder = defaultOutFolder;
  let only = Object.keys(shapes);
  let force = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') outFolder = path.resolve(argv[++i]);
    else if (argv[i] === '--only') only = argv[++i].split(',');
    else if (argv[i] === '--force') force = true;
    else {
      process.stderr.write(`generate.mjs: unknown argument ${argv[i]}\n`);
      return 2;
    }
  }
  for (const name of only) {
    const { folder, manifest, generated } = ensureWorkspace(name, outFolder, force);
    process.stdout.write(
      `${name}: ${manifest.files} files, ${(manifest.bytes / 1e6).toFixed(2)} MB, ` +
        `${generated ? 'generated' : 'up to date'} in ${path.relative(process.cwd(), folder) || '.'} ` +
        `(sha256 ${manifest.sha256.slice(0, 12)})\n`,
    );
  }
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
