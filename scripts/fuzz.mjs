#!/usr/bin/env node
// The long fuzz run, and the figures of docs/reliability.md.
//
//   npm run fuzz -- --cases 50000 --seed 1         fuzz the service; keep failing inputs
//   npm run fuzz -- --hostile                      measure the hostile inputs
//   npm run fuzz -- --cases 50000 --hostile --record   ...and write the figures into
//                                                  docs/reliability.md
//
// Options: --cases N (default 10000; 0 for none), --seed S (default 1), --first K
// (the first case, to replay a range), --workers W (parallel worker threads, default
// 2), --timeout MS (a case that runs longer is a hang, default 10000), --hostile,
// --record. Every failing input is written to test/robustness/corpus/ with an entry in
// its index.json, so that `npm test` runs it from then on. It runs the compiled tests
// in out/ (`npm run fuzz` compiles first) and, for --hostile, the bundled server in
// dist/ (`npm run build`).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import prettier from 'prettier';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const compiled = path.join(root, 'out', 'test', 'robustness');
const require = createRequire(import.meta.url);
const load = (name) => require(path.join(compiled, `${name}.js`));

const { values: options } = parseArgs({
  options: {
    cases: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '1' },
    first: { type: 'string', default: '0' },
    workers: { type: 'string', default: '2' },
    timeout: { type: 'string', default: '10000' },
    hostile: { type: 'boolean', default: false },
    record: { type: 'boolean', default: false },
  },
});
const cases = Number(options.cases);
const seed = Number(options.seed);
const first = Number(options.first);
const workers = Math.max(1, Number(options.workers));
const timeout = Number(options.timeout);
for (const [name, value] of Object.entries({ cases, seed, first, workers, timeout })) {
  if (!Number.isInteger(value) || value < 0) {
    console.error(`fuzz: --${name} must be a whole number, not ${options[name]}`);
    process.exit(2);
  }
}

const { runCasesInParallel } = load('fuzzWorker');
const { generateCase } = load('inputs');
const { corpusFolder, corpusIndexPath, readCorpusIndex, corpusFiles } = load('corpus');
const fuzzer = load('fuzzer');

const docPath = path.join(root, 'docs', 'reliability.md');
const command = `npm run fuzz -- ${process.argv.slice(2).join(' ')}`.trim();
const machine = `${os.cpus().length} cores, ${os.platform()} ${os.arch()}, Node ${process.versions.node}`;
/** When and where the run started; the load says how much else the machine was doing. */
const started = `${new Date().toISOString().slice(0, 10)}, ${machine}, load average ${os
  .loadavg()[0]
  .toFixed(1)} at the start`;

// ---------------------------------------------------------------------------------------
// The fuzz run

/** A file name that says what kind of input failed and how. */
function corpusName(fuzzCase, failure) {
  const how = failure.hang
    ? 'hang'
    : /outside the document/.test(failure.message)
      ? 'range-outside-document'
      : /overlap/.test(failure.message)
        ? 'overlapping-edits'
        : /AssertionError/.test(failure.message)
          ? 'broken-invariant'
          : `exception-${(/^(\w*Error)/.exec(failure.message) ?? ['', 'error'])[1]}`;
  const stem = `fuzz-${fuzzCase.kind}-${how}-seed-${fuzzCase.runSeed}-case-${fuzzCase.caseNumber}`;
  // Bytes stay bytes; text goes as UTF-8 when UTF-8 holds it, as JSON otherwise.
  if (fuzzCase.bytes) return { file: `${stem}.framework.yaml`, content: fuzzCase.bytes };
  const utf8 = Buffer.from(fuzzCase.text, 'utf8');
  if (utf8.toString('utf8') === fuzzCase.text)
    return { file: `${stem}.framework.yaml`, content: utf8 };
  return { file: `${stem}.json`, content: `${JSON.stringify({ text: fuzzCase.text }, null, 2)}\n` };
}

/** The corpus index, written back once the run is over. */
const corpusIndex = readCorpusIndex();
/** Inputs kept per kind of failure: a few of each are enough to replay it. */
const keptBySignature = new Map();
const keepPerSignature = 3;

/** What kind of failure a message reports, without the numbers that vary by case. */
function signature(message) {
  return message
    .split('\n')[0]
    .replace(/^Fuzz case \d+ of seed \d+ \(.*?\): /, '')
    .replace(/\d+/g, 'N')
    .slice(0, 200);
}

/**
 * Keeps a failing input in the corpus, with what it is and what it did; returns its
 * file name, or undefined when enough inputs of that kind of failure are kept.
 */
function keep(failure) {
  const kind = signature(failure.message);
  const already = keptBySignature.get(kind) ?? 0;
  keptBySignature.set(kind, already + 1);
  if (already >= keepPerSignature) return undefined;
  const fuzzCase = generateCase(failure.job.seed, failure.job.caseNumber);
  const { file, content } = corpusName(fuzzCase, failure);
  fs.writeFileSync(path.join(corpusFolder, file), content);
  corpusIndex[file] = {
    what: `${fuzzCase.kind} input: ${fuzzCase.description}`,
    found: `fuzz seed ${fuzzCase.runSeed} case ${fuzzCase.caseNumber} (${command})`,
    bug: `Open: ${failure.message.split('\n')[0].slice(0, 400)}`,
  };
  return file;
}

function writeCorpusIndex() {
  const sorted = Object.fromEntries(
    Object.entries(corpusIndex).sort(([a], [b]) => (a < b ? -1 : 1)),
  );
  fs.writeFileSync(corpusIndexPath, `${JSON.stringify(sorted, null, 2)}\n`);
}

async function fuzz() {
  console.log(
    `Fuzzing cases ${first} to ${first + cases - 1} of seed ${seed} in ${workers} workers...`,
  );
  const kept = [];
  const result = await runCasesInParallel(
    seed,
    first,
    cases,
    { workers, jobTimeout: timeout },
    (failure) => {
      const file = keep(failure);
      if (!file) return;
      kept.push(file);
      console.log(`  case ${failure.job.caseNumber} failed, kept as ${file}:`);
      console.log(`    ${failure.message.split('\n').slice(0, 3).join('\n    ')}`);
    },
  );
  if (kept.length > 0) writeCorpusIndex();
  const run = {
    seed,
    first,
    cases,
    workers,
    milliseconds: result.milliseconds,
    byKind: result.byKind,
    requests: result.requests,
    tolerated: result.tolerated,
    failures: result.failures.length,
    hangs: result.failures.filter((failure) => failure.hang).length,
    kept,
    kinds: keptBySignature.size,
  };
  const requestCount = Object.values(run.requests).reduce((a, b) => a + b, 0);
  console.log(
    `${run.cases} cases (${Object.entries(run.byKind)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ')}), ` +
      `${requestCount} requests in ${(run.milliseconds / 1000).toFixed(1)} s; ` +
      `${run.failures} failures of ${run.kinds} kinds (${run.hangs} hangs); ` +
      `known bugs tolerated: ${JSON.stringify(run.tolerated)}`,
  );
  return run;
}

// ---------------------------------------------------------------------------------------
// The hostile inputs

/**
 * Measures one hostile input (or, for -1, nothing) in a process of its own, so that the
 * process's peak memory is this input's alone.
 */
function measureInOwnProcess(index) {
  const script = `
    const { hostileInputs, measureHostileInput } = require(${JSON.stringify(path.join(compiled, 'hostileInputs.js'))});
    const index = Number(process.argv[1]);
    const result = {};
    if (index >= 0) {
      const measure = measureHostileInput(hostileInputs[index]);
      const [first] = measure.diagnostics;
      Object.assign(result, {
        size: Buffer.byteLength(measure.text),
        milliseconds: measure.milliseconds,
        heapGrowthMb: measure.heapGrowthMb,
        diagnostics: measure.diagnostics.length,
        first: first ? { code: first.code ?? '', message: String(first.message) } : undefined,
      });
    }
    result.peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
    process.stdout.write(JSON.stringify(result));
  `;
  const output = execFileSync(process.execPath, ['-e', script, '--', String(index)], {
    encoding: 'utf8',
    maxBuffer: 1024 * 1024,
  });
  return JSON.parse(output);
}

/** The first sentence of a message, for a table cell. */
function firstSentence(message) {
  const sentence = message.split(/(?<=\.) /)[0];
  return sentence.length > 100 ? `${sentence.slice(0, 99)}…` : sentence;
}

async function hostile() {
  const { hostileInputs } = load('hostileInputs');
  const { FuzzServer } = load('serverExercise');
  const baselineRssMb = measureInOwnProcess(-1).peakRssMb;
  const results = [];
  for (const [at, input] of hostileInputs.entries()) {
    const measure = measureInOwnProcess(at);
    const entry = {
      name: input.name,
      rounds: input.rounds,
      ...measure,
      first: measure.first ? `${measure.first.code}: ${firstSentence(measure.first.message)}` : '',
    };
    results.push(entry);
    console.log(
      `${input.name}: ${entry.milliseconds} ms for ${entry.rounds} rounds, ` +
        `heap +${entry.heapGrowthMb} MB, peak RSS ${entry.peakRssMb} MB`,
    );
  }
  // Through the server: from sending the file to its diagnostics.
  const server = await FuzzServer.start();
  try {
    for (const [at, input] of hostileInputs.entries()) {
      const { text, bytes } = input.make();
      const started = performance.now();
      const name = `hostile-${at}.framework.yaml`;
      let uri;
      if (bytes !== undefined || input.onDisk) {
        uri = server.writeFile(name, bytes ?? text);
        await server.diskChanged(uri, 1);
      } else {
        uri = server.uriOf(name);
        await server.setText(uri, text);
      }
      await server.diagnostics(uri, () => true, 60_000);
      results[at].serverMilliseconds = Math.round(performance.now() - started);
      if (bytes !== undefined || input.onDisk) await server.diskChanged(uri, 3);
      else await server.close(uri);
    }
  } finally {
    await server.stop();
  }
  return { baselineRssMb, results };
}

// ---------------------------------------------------------------------------------------
// docs/reliability.md

function table(header, rows) {
  const line = (cells) =>
    `| ${cells
      .map((cell) =>
        String(cell)
          .replace(/[|*]/g, '\\$&')
          .replace(/\n/g, ' ')
          // NUL and other control characters in a message are shown, not written.
          .replace(
            /[\u0000-\u001f]/g,
            (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
          ),
      )
      .join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

const thousands = (value) => value.toLocaleString('en-US');

function fuzzSection(run) {
  const { editedVersions = 0, ...requests } = run.requests;
  const sorted = Object.entries(requests).sort(([a], [b]) => (a < b ? -1 : 1));
  const total = sorted.reduce((sum, [, count]) => sum + count, 0);
  return [
    `Command: \`${command}\` (${started}).`,
    '',
    table(
      [
        'Seed',
        'Cases',
        'Random bytes',
        'Random text',
        'Mutations',
        'Edited versions',
        'Requests',
        'Time',
        'Failures',
        'Hangs',
      ],
      [
        [
          run.seed,
          `${thousands(run.first)}–${thousands(run.first + run.cases - 1)}`,
          thousands(run.byKind.bytes ?? 0),
          thousands(run.byKind.utf8 ?? 0),
          thousands(run.byKind.mutation ?? 0),
          thousands(editedVersions),
          thousands(total),
          `${(run.milliseconds / 1000).toFixed(1)} s`,
          run.failures,
          run.hangs,
        ],
      ],
    ),
    '',
    `Requests by feature: ${sorted.map(([name, count]) => `${name} ${thousands(count)}`).join(', ')}.`,
    '',
    `Answers that showed a known bug and were let through (see below): ${
      Object.entries(run.tolerated)
        .map(([name, count]) => `${name} ${thousands(count)}`)
        .join(', ') || 'none'
    }.`,
    ...(run.kept.length > 0
      ? ['', `Inputs kept in the corpus: ${run.kept.map((file) => `\`${file}\``).join(', ')}.`]
      : []),
  ].join('\n');
}

function hostileSection({ baselineRssMb, results }) {
  return [
    `Command: \`${command}\` (${started}). Service: each input in a process of its own; a fresh service per round, each round its diagnostics, outline, tree, and hover and completion at the start, middle and end. Heap: what stays in use after a collection, the last round's service held. Peak RSS: the process's peak resident memory (${baselineRssMb} MB for a process that loads the same code and checks nothing). Server: from sending the file (opened, or written to disk and announced) to its diagnostics.`,
    '',
    table(
      [
        'Input',
        'Size',
        'Rounds',
        'Service time',
        'Heap kept',
        'Peak RSS',
        'Server time',
        'Diagnostics',
        'First diagnostic',
      ],
      results.map((entry) => [
        entry.name,
        entry.size >= 1e6
          ? `${(entry.size / 1e6).toFixed(1)} MB`
          : `${(entry.size / 1e3).toFixed(1)} kB`,
        entry.rounds,
        `${thousands(entry.milliseconds)} ms`,
        `${Math.max(0, entry.heapGrowthMb)} MB`,
        `${entry.peakRssMb} MB`,
        `${thousands(entry.serverMilliseconds)} ms`,
        thousands(entry.diagnostics),
        entry.first,
      ]),
    ),
  ].join('\n');
}

function testsSection() {
  const index = readCorpusIndex();
  const files = corpusFiles();
  return [
    `\`npm test\` runs ${thousands(fuzzer.serviceCasesInTests)} cases of seed ${fuzzer.testSeed} through the service (every ${fuzzer.sessionEveryInTests === 2 ? 'second' : `${fuzzer.sessionEveryInTests}th`} mutation as an editing session; the long run below makes every one a session) and the first ${thousands(fuzzer.serverCasesInTests)} of them through the server over stdio (\`test/robustness/fuzz.test.ts\`), and the ${files.length} files of the corpus through both (\`test/robustness/corpus.test.ts\`):`,
    '',
    table(
      ['Corpus file', 'What it is', 'Found by', 'Bug'],
      files.map((file) => [
        `\`${file}\``,
        index[file].what,
        index[file].found,
        index[file].bug ?? '–',
      ]),
    ),
  ].join('\n');
}

/** Replaces the text between `<!-- name:start -->` and `<!-- name:end -->`. */
function replaceSection(document, name, content) {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = document.indexOf(start);
  const to = document.indexOf(end);
  if (from < 0 || to < from)
    throw new Error(`docs/reliability.md has no ${start} ... ${end} section.`);
  return `${document.slice(0, from + start.length)}\n\n${content}\n\n${document.slice(to)}`;
}

// ---------------------------------------------------------------------------------------

const run = cases > 0 ? await fuzz() : undefined;
const hostileResults = options.hostile ? await hostile() : undefined;
if (options.record) {
  let document = fs.readFileSync(docPath, 'utf8');
  document = replaceSection(document, 'fuzz-tests', testsSection());
  if (run) document = replaceSection(document, 'fuzz-run', fuzzSection(run));
  if (hostileResults)
    document = replaceSection(document, 'hostile', hostileSection(hostileResults));
  const config = (await prettier.resolveConfig(docPath)) ?? {};
  fs.writeFileSync(docPath, await prettier.format(document, { ...config, filepath: docPath }));
  console.log('Wrote the figures into docs/reliability.md.');
}
process.exitCode = run && run.failures > 0 ? 1 : 0;
