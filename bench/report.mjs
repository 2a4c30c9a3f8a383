#!/usr/bin/env node
// Renders docs/performance.md from a results file of bench/run.mjs: one table per
// measurement, with ours, yaml-language-server, the ratio and the target of each.
//
//   node bench/report.mjs [bench/results/YYYY-MM-DD.json]   (default: the newest)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import prettier from 'prettier';

const benchFolder = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(benchFolder, '..');
const docPath = path.join(root, 'docs', 'performance.md');

function newestResults() {
  const folder = path.join(benchFolder, 'results');
  const files = fs.existsSync(folder)
    ? fs.readdirSync(folder).filter((f) => /^\d{4}-\d{2}-\d{2}\.json$/.test(f))
    : [];
  if (files.length === 0)
    throw new Error('No results in bench/results/: run `npm run bench` first.');
  return path.join(folder, files.sort().pop());
}

// ---------------------------------------------------------------------------------------
// Formatting

const isNumber = (value) => typeof value === 'number' && Number.isFinite(value);
const dash = '–';

function ms(value) {
  if (!isNumber(value)) return dash;
  if (value >= 1000) return `${(value / 1000).toFixed(2)} s`;
  if (value >= 100) return `${value.toFixed(0)} ms`;
  if (value >= 10) return `${value.toFixed(1)} ms`;
  return `${value.toFixed(2)} ms`;
}

const mib = (value) => (isNumber(value) ? `${value.toFixed(0)} MiB` : dash);
const mb = (bytes) => (isNumber(bytes) ? `${(bytes / 1e6).toFixed(2)} MB` : dash);

/** ours / theirs, as a plain factor (0.25 = a quarter of their time). */
function ratio(ours, theirs) {
  if (!isNumber(ours) || !isNumber(theirs) || theirs === 0) return undefined;
  return ours / theirs;
}

const showRatio = (value) => (isNumber(value) ? `${value.toFixed(2)}×` : dash);
const verdict = (met) => (met === undefined ? 'not measured' : met ? '**met**' : '**not met**');

function table(header, rows) {
  const line = (cells) =>
    `| ${cells.map((cell) => String(cell ?? dash).replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

const get = (object, ...keys) =>
  keys.reduce((value, key) => (value == null ? undefined : value[key]), object);

function failure(entry) {
  if (!entry) return 'not measured';
  if (entry.error) return `failed: ${entry.error}`;
  if (entry.unsupported) return 'no such feature';
  return undefined;
}

// ---------------------------------------------------------------------------------------
// Targets: the issue's, each evaluated on this run's numbers.

function targets(r) {
  const rows = [];
  const cold = get(r, 'startup', 'w3', 'ours', 'ms');
  const yamlCold = get(r, 'startup', 'w3', 'yamlLs', 'ms');
  const coldRatio = ratio(cold, yamlCold);
  rows.push([
    'Cold start of W3 to all diagnostics ≤ 1/4 of yaml-language-server’s',
    `${ms(cold)} vs ${ms(yamlCold)} = ${showRatio(coldRatio)}`,
    verdict(isNumber(coldRatio) ? coldRatio <= 0.25 : undefined),
  ]);
  const warm = get(r, 'warm', 'w3', 'ours', 'ms');
  rows.push([
    'Warm start of W3 (nothing changed) < 0.5 s',
    ms(warm),
    verdict(isNumber(warm) ? warm < 500 : undefined),
  ]);
  const keyW4 = get(r, 'keystroke', 'w4', 'ours', 'p95');
  rows.push([
    'Keystroke to diagnostics in W4, p95 < 30 ms after the debounce',
    ms(keyW4),
    verdict(isNumber(keyW4) ? keyW4 < 30 : undefined),
  ]);
  const rename = get(r, 'rename', 'ours', 'total', 'p95');
  rows.push([
    'Rename of a goal ID on W3 to every dependent file updated, p95 < 100 ms',
    ms(rename),
    verdict(isNumber(rename) ? rename < 100 : undefined),
  ]);
  for (const feature of ['completion', 'hover', 'definition']) {
    for (const workspace of ['w3', 'w4']) {
      const p95 = get(r, 'features', workspace, 'ours', feature, 'p95');
      rows.push([
        `${feature} on ${workspace.toUpperCase()}, p95 < 15 ms`,
        ms(p95),
        verdict(isNumber(p95) ? p95 < 15 : undefined),
      ]);
    }
  }
  for (const feature of ['references', 'rename']) {
    const p95 = get(r, 'features', 'w3', 'ours', feature, 'p95');
    rows.push([
      `${feature} on W3, p95 < 100 ms`,
      ms(p95),
      verdict(isNumber(p95) ? p95 < 100 : undefined),
    ]);
  }
  for (const [kind, label] of [
    ['peakLoadMiB', 'peak'],
    ['settledMiB', 'settled'],
  ]) {
    const ours = get(r, 'rss', 'w3', 'ours', kind);
    const theirs = get(r, 'rss', 'w3', 'yamlLs', kind);
    const value = ratio(ours, theirs);
    rows.push([
      `RSS on W3 (${label}) ≤ 40% of yaml-language-server’s`,
      `${mib(ours)} vs ${mib(theirs)} = ${isNumber(value) ? `${(100 * value).toFixed(0)}%` : dash}`,
      verdict(isNumber(value) ? value <= 0.4 : undefined),
    ]);
  }
  const cli = get(r, 'cli', 'w3', 'medianMs');
  const faster = isNumber(cli) && isNumber(yamlCold) ? yamlCold / cli : undefined;
  rows.push([
    '`framework-check` on W3 ≥ 4× faster than yaml-language-server’s cold W3',
    `${ms(cli)} vs ${ms(yamlCold)} = ${isNumber(faster) ? `${faster.toFixed(2)}× faster` : dash}`,
    verdict(isNumber(faster) ? faster >= 4 : undefined),
  ]);
  return rows;
}

// ---------------------------------------------------------------------------------------
// Sections

function startupSection(r) {
  const rows = [];
  for (const name of ['w1', 'w2', 'w3', 'w4']) {
    const w = r.workspaces[name];
    const row = get(r, 'startup', name) ?? {};
    const ours = row.ours ?? {};
    const open = row.oursOpen ?? {};
    const theirs = row.yamlLs ?? {};
    rows.push([
      name.toUpperCase(),
      w ? `${w.files} / ${mb(w.bytes)}` : dash,
      failure(row.ours) ?? ms(ours.ms),
      failure(row.oursOpen) ?? ms(open.ms),
      failure(row.yamlLs) ?? ms(theirs.ms),
      showRatio(ratio(ours.ms, theirs.ms)),
      showRatio(ratio(open.ms, theirs.ms)),
      `${ours.diagnostics ?? dash} / ${theirs.diagnostics ?? dash}`,
    ]);
  }
  const again = get(r, 'startup', 'w3', 'oursSecondCold');
  if (again) {
    rows.push([
      'W3 cold, again',
      dash,
      failure(again) ?? ms(again.ms),
      dash,
      dash,
      dash,
      dash,
      `${again.diagnostics ?? dash} / ${dash}`,
    ]);
  }
  const warm = get(r, 'warm', 'w3', 'ours');
  rows.push([
    'W3 warm',
    r.workspaces.w3 ? `${r.workspaces.w3.files} / ${mb(r.workspaces.w3.bytes)}` : dash,
    failure(warm) ?? ms(warm?.ms),
    dash,
    dash,
    dash,
    dash,
    `${warm?.diagnostics ?? dash} / ${dash}`,
  ]);
  return [
    '## Start to all diagnostics',
    '',
    'From spawning the server to the moment every file of the workspace has had its diagnostics published.',
    '"Ours, from disk": no document is opened, the server finds and reads the files itself (how it runs in an',
    'editor). "Ours, all open" and "yaml-ls, all open": the client opens every file right after `initialized`,',
    'because yaml-language-server only validates open documents; that pair is the apples-to-apples comparison.',
    '"W3 warm": the server started again on W3 right after the cold run, with nothing changed and the same cache',
    'folder (`initializationOptions.cacheDirectory`, where the extension passes its storage folder, and',
    '`XDG_CACHE_HOME`); every cold start gets an empty one. "W3 cold, again": a second cold start, the session',
    'in which the editing measurements below were taken, as a feel for the noise. Ratios are ours',
    '÷ yaml-ls (below 1 is faster). The last column counts the diagnostics each published: yaml-ls only checks the',
    'schema (the planted unknown keys), ours also finds the broken references and duplicate IDs.',
    '',
    table(
      [
        'Workspace',
        'Files / size',
        'Ours, from disk',
        'Ours, all open',
        'yaml-ls, all open',
        'Ratio (disk)',
        'Ratio (open)',
        'Diagnostics ours / yaml-ls',
      ],
      rows,
    ),
  ].join('\n');
}

function keystrokeSection(r) {
  const rows = [];
  const delays = r.settings;
  for (const [key, label] of [
    ['file120k', 'a 120 KB file of W3'],
    ['w4', 'W4 (one 2 MB file)'],
  ]) {
    const ours = get(r, 'keystroke', key, 'ours');
    const theirs = get(r, 'keystroke', key, 'yamlLs');
    const target = key === 'w4' ? 'p95 < 30 ms' : dash;
    rows.push([
      label,
      ours?.file ?? theirs?.file ?? dash,
      failure(ours) ?? ms(ours.median),
      failure(ours) ?? ms(ours.p95),
      failure(theirs) ?? ms(theirs.median),
      failure(theirs) ?? ms(theirs.p95),
      showRatio(ratio(ours?.p95, theirs?.p95)),
      target,
      key === 'w4' ? verdict(isNumber(ours?.p95) ? ours.p95 < 30 : undefined) : dash,
      `${ours?.publicationsPerEdit ?? dash} / ${theirs?.publicationsPerEdit ?? dash}`,
    ]);
  }
  return [
    '## Keystroke to diagnostics',
    '',
    `One-character edits at the end of an objective title in the middle of the file, alternately typing and`,
    `deleting an \`x\`, sent as incremental \`didChange\`; the time is from sending the change to receiving that`,
    `file's diagnostics (ours: the publication carrying that version; yaml-ls publishes no version, so its first`,
    `publication after the change). ${delays.edits} measured edits after ${delays.warmupEdits} warm-up edits, each waiting`,
    `for the previous one's diagnostics. Nothing is subtracted: our debounce`,
    `(\`strategicFrameworks.validation.delay\`) is set to ${delays.oursValidationDelayMs} ms for the benchmark through`,
    `\`workspace/configuration\` (the default is 200 ms); yaml-language-server's is fixed at`,
    `${delays.yamlLsValidationDelayMs} ms and cannot be configured, so its numbers include ${delays.yamlLsValidationDelayMs} ms of waiting. The last column`,
    'counts the diagnostics publications of any file per edit: above 1, files other than the edited one were',
    're-checked and published too.',
    '',
    table(
      [
        'Edited file',
        'File',
        'Ours median',
        'Ours p95',
        'yaml-ls median',
        'yaml-ls p95',
        'Ratio (p95)',
        'Target',
        'Met',
        'Files published per edit, ours / yaml-ls',
      ],
      rows,
    ),
    '',
    'What an edit costs in our server. The span the edit changed is found by comparing the old and new',
    'text a kilobyte at a time (`util/textChange.ts`). When it lies inside one entry of a top-level list',
    '(a goal with its objectives, here about 21 KB of W4) that another entry follows, only that entry is read',
    'again (`parsing/incremental.ts`); every other entry keeps its share of the model, moved by the length',
    'of the edit, and the line index is updated from the changed lines. What depends only on the IDs, kinds',
    'and nesting of the items (duplicate IDs, numbering, did-you-mean candidates, what other files depend on)',
    'is kept while a title or description is typed (`shape.ts`), so other files are not re-checked. What',
    'still grows with the file, all of it linear and cheap: the comparison of the texts, moving the entries',
    'after the edit, checking the file’s references, and the editor library’s own update of its copy of the',
    'text. Edits elsewhere (a file’s header, the last entry of a list, text the fast scanner does not read)',
    'parse the whole file, as every edit did before.',
  ].join('\n');
}

function renameSection(r) {
  const rename = get(r, 'rename', 'ours');
  const body = failure(rename)
    ? `Not measured: ${failure(rename)}`
    : table(
        ['Part', 'Median', 'p95', 'Max'],
        [
          [
            '`textDocument/rename` request (answer received)',
            ms(rename.request.median),
            ms(rename.request.p95),
            ms(rename.request.max),
          ],
          [
            'applying the edit to every file’s diagnostics',
            ms(rename.applyToDiagnostics.median),
            ms(rename.applyToDiagnostics.p95),
            ms(rename.applyToDiagnostics.max),
          ],
          [
            '**total** (request to the last file’s diagnostics)',
            ms(rename.total.median),
            ms(rename.total.p95),
            ms(rename.total.max),
          ],
        ],
      );
  return [
    '## Renaming a goal across files (W3)',
    '',
    `${rename?.renames ?? dash} renames, each of a goal of a different file of W3 (\`w005\`, \`w015\`, …, goal 1, 2, …), to a`,
    'new ID. Goal g of file N is named in files N+1 (`supersedes`), N+2 and N+3 (`supports`), so each rename',
    `edits ${rename?.filesTouched?.median ?? dash} files. The client applies the returned edit as VS Code does: a file not yet`,
    'open is opened with its disk text, then each file gets the edits as one incremental `didChange`; the time',
    'runs from sending the rename request until every edited file has published diagnostics for its new version.',
    'Target: total p95 < 100 ms. yaml-language-server has no rename of IDs across files (its rename is for',
    'anchors), so there is no comparison.',
    '',
    body,
  ].join('\n');
}

const positionNames = {
  refValueStarts: 'reference value',
  keys: 'key',
  goalIds: 'goal ID',
  objectiveIds: 'objective ID',
  localRefs: 'local reference',
  qualifiedRefs: 'qualified reference',
  query: 'query',
};

/** "key 3.1 ms, goal ID 9.0 ms": the p95 per kind of position, slowest first. */
function byPosition(entry) {
  if (!entry?.byPosition) return dash;
  const kinds = Object.entries(entry.byPosition);
  if (kinds.length < 2) return dash;
  return kinds
    .sort((a, b) => (b[1].p95 ?? 0) - (a[1].p95 ?? 0))
    .map(([kind, s]) => `${positionNames[kind] ?? kind} ${ms(s.p95)}`)
    .join(', ');
}

const featureNotes = {
  completion:
    'at the start of a reference in a `supports` list, and at the start of an objective key',
  hover: 'on goal and objective IDs, local and qualified references, keys',
  definition: 'on local and qualified references',
  references: 'on goal and objective IDs and on references, with the declaration',
  rename: 'request only (the edit is not applied), on goal and objective IDs',
  workspaceSymbols: 'twelve queries (IDs, framework IDs, words of titles), in turn',
};

function featuresSection(r) {
  const parts = [
    '## Editing features',
    '',
    `${r.settings.requestsPerFeature} requests per feature, one after the other, spread over three files of W3 (\`w050\`, \`w100\`,`,
    '`w150`) or over the W4 file, at the positions named below; the time is the request’s round trip. yaml-language-server',
    'announces definition and rename but answers them only for YAML anchors and aliases: its answers here are',
    'empty (the "results" column), so those rows show its cost of saying so, not a comparable feature, and',
    'have no ratio. It has no references and no workspace symbols.',
  ];
  for (const workspace of ['w3', 'w4']) {
    const rows = [];
    for (const feature of Object.keys(featureNotes)) {
      const ours = get(r, 'features', workspace, 'ours', feature);
      const theirs = get(r, 'features', workspace, 'yamlLs', feature);
      let target = dash;
      let met = dash;
      if (['completion', 'hover', 'definition'].includes(feature)) target = 'p95 < 15 ms';
      if (['references', 'rename'].includes(feature) && workspace === 'w3') target = 'p95 < 100 ms';
      if (target !== dash) {
        const limit = target.includes('15') ? 15 : 100;
        met = verdict(isNumber(ours?.p95) ? ours.p95 < limit : undefined);
      }
      const comparable =
        theirs && !theirs.unsupported && !theirs.error && theirs.emptyAnswers < theirs.n;
      rows.push([
        feature === 'workspaceSymbols' ? 'workspace symbols' : feature,
        failure(ours) ?? ms(ours.median),
        failure(ours) ?? ms(ours.p95),
        ours?.meanResults ?? dash,
        failure(theirs) ?? ms(theirs.median),
        failure(theirs) ?? ms(theirs.p95),
        theirs?.meanResults ?? dash,
        comparable ? showRatio(ratio(ours?.p95, theirs.p95)) : dash,
        target,
        met,
        byPosition(ours),
      ]);
    }
    parts.push(
      '',
      `### ${workspace === 'w3' ? 'W3 (200 files, 24 MB)' : 'W4 (one 2 MB file)'}`,
      '',
      table(
        [
          'Feature',
          'Ours median',
          'Ours p95',
          'Ours results',
          'yaml-ls median',
          'yaml-ls p95',
          'yaml-ls results',
          'Ratio (p95)',
          'Target',
          'Met',
          'Ours p95 by position',
        ],
        rows,
      ),
    );
  }
  parts.push(
    '',
    'Positions: ' +
      Object.entries(featureNotes)
        .map(
          ([feature, text]) =>
            `${feature === 'workspaceSymbols' ? 'workspace symbols' : feature}: ${text}`,
        )
        .join('; ') +
      '. "Results" is the mean number of items, locations or edits per answer.',
  );
  return parts.join('\n');
}

function unmaintainedLineageSection(r) {
  const w3x = r.workspaces.w3x;
  if (!w3x) return '';
  const rows = [
    [
      'Cold start to all diagnostics (from disk)',
      get(r, 'startup', 'w3', 'ours'),
      get(r, 'startup', 'w3x', 'ours'),
      'ms',
    ],
    [
      'Warm start (nothing changed)',
      get(r, 'warm', 'w3', 'ours'),
      get(r, 'warm', 'w3x', 'ours'),
      'ms',
    ],
    ['`framework-check` wall time', get(r, 'cli', 'w3'), get(r, 'cli', 'w3x'), 'medianMs'],
  ].map(([label, w3, x, key]) => [label, failure(w3) ?? ms(w3?.[key]), failure(x) ?? ms(x?.[key])]);
  const memory = [get(r, 'rss', 'w3', 'ours'), get(r, 'rss', 'w3x', 'ours')];
  rows.push([
    'RSS peak at load / settled',
    memory[0] ? `${mib(memory[0].peakLoadMiB)} / ${mib(memory[0].settledMiB)}` : dash,
    memory[1] ? `${mib(memory[1].peakLoadMiB)} / ${mib(memory[1].settledMiB)}` : dash,
  ]);
  const diagnostics = [get(r, 'startup', 'w3', 'ours'), get(r, 'startup', 'w3x', 'ours')];
  rows.push([
    'Diagnostics published',
    String(diagnostics[0]?.diagnostics ?? dash),
    String(diagnostics[1]?.diagnostics ?? dash),
  ]);
  return [
    '## W3 with its lineage unmaintained',
    '',
    'Since lineage is checked, every goal and objective of a superseded framework that its successor neither',
    'continues nor retires gets an information diagnostic (`unaccounted-predecessor`). W3 records its lineage',
    `as a maintained workspace would; W3X (${w3x.files} files, ${mb(w3x.bytes)}) is W3 as the first generator made it,`,
    'continuing one objective in four, so that nearly three quarters of the items of every framework but the',
    'last are reported: the worst case of a large workspace whose lineage nobody keeps. The targets are judged on',
    'W3; this shows what the extra diagnostics cost, measured in the same run (the cold and warm starts in the',
    'same way as W3’s, `framework-check` as in the table above).',
    '',
    table(['Measurement', 'W3', 'W3X'], rows),
  ].join('\n');
}

function memorySection(r) {
  const rows = [];
  for (const workspace of ['w3', 'w4']) {
    const theirs = get(r, 'rss', workspace, 'yamlLs');
    for (const [server, label] of [
      ['ours', 'ours, from disk'],
      ['oursAfterEditing', 'ours, from disk (editing session)'],
      ['oursOpen', 'ours, all open'],
      ['yamlLs', 'yaml-ls, all open'],
    ]) {
      const row = get(r, 'rss', workspace, server);
      if (!row) continue;
      rows.push([
        workspace.toUpperCase(),
        label,
        mib(row.peakLoadMiB),
        mib(row.settledMiB),
        mib(row.peakSessionMiB),
        server === 'yamlLs'
          ? dash
          : `${isNumber(ratio(row.peakLoadMiB, theirs?.peakLoadMiB)) ? (100 * ratio(row.peakLoadMiB, theirs.peakLoadMiB)).toFixed(0) : dash}% / ${isNumber(ratio(row.settledMiB, theirs?.settledMiB)) ? (100 * ratio(row.settledMiB, theirs.settledMiB)).toFixed(0) : dash}%`,
      ]);
    }
  }
  return [
    '## Memory',
    '',
    'Resident set size of the server process and any processes it starts, from `/proc/<pid>/status`. "Peak',
    'at load": the larger of `VmHWM` and the sampled `VmRSS` (every 200 ms) until every file had diagnostics.',
    '"Settled": `VmRSS` 2 s later. "Session peak": `VmHWM` at the end of the session, which for the editing',
    'session of W3 and for both servers on W4 includes the keystrokes, feature requests and (W3) renames.',
    'The last column is ours ÷ yaml-ls,',
    'peak at load / settled; target on W3: ≤ 40%.',
    '',
    table(
      [
        'Workspace',
        'Server',
        'Peak at load',
        'Settled',
        'Session peak',
        'Of yaml-ls (peak / settled)',
      ],
      rows,
    ),
  ].join('\n');
}

function cliSection(r) {
  const rows = [];
  for (const workspace of ['w2', 'w3']) {
    const row = get(r, 'cli', workspace);
    const theirs = get(r, 'startup', workspace, 'yamlLs', 'ms');
    rows.push([
      workspace.toUpperCase(),
      failure(row) ?? ms(row.medianMs),
      row?.runs ? row.runs.map(ms).join(', ') : dash,
      row?.exitCode ?? dash,
      ms(theirs),
      isNumber(row?.medianMs) && isNumber(theirs) ? `${(theirs / row.medianMs).toFixed(2)}×` : dash,
      row?.summary ? `\`${row.summary}\`` : dash,
    ]);
  }
  return [
    '## `framework-check`',
    '',
    'Whole-process wall time of `node bin/framework-check.js bench/workspaces/wN` (start of Node to exit), the',
    'median of the runs listed. It exits 1 because of the planted errors. "Faster" compares it with',
    'yaml-language-server’s cold start to all diagnostics on the same workspace (all files open), the only',
    'whole-workspace check yaml-language-server offers; target on W3: ≥ 4×.',
    '',
    table(
      [
        'Workspace',
        'Wall time',
        'Runs',
        'Exit code',
        'yaml-ls cold',
        'Faster than yaml-ls',
        'Summary line',
      ],
      rows,
    ),
  ].join('\n');
}

function floorSection(r) {
  const rows = [];
  for (const workspace of ['w3', 'w4']) {
    const row = get(r, 'floor', workspace);
    if (!row) continue;
    const ours = get(r, 'startup', workspace, 'ours', 'ms');
    rows.push([
      workspace.toUpperCase(),
      mb(row.bytes),
      row.document?.error
        ? `failed: ${row.document.error}`
        : `${ms(row.document?.ms)} (${row.document?.mbPerSecond} MB/s)`,
      row.cst?.error
        ? `failed: ${row.cst.error}`
        : `${ms(row.cst?.ms)} (${row.cst?.mbPerSecond} MB/s)`,
      ms(ours),
      showRatio(ratio(ours, row.document?.ms)),
    ]);
  }
  return [
    '## The parse floor',
    '',
    `What the \`yaml\` package (${r.machine.yaml}, the one our parser uses) costs on the same bytes, each in a fresh`,
    'Node process, files read beforehand: `parseAllDocuments` with the options of',
    '`server/src/service/parsing/parseFile.ts` (the AST our parser walks), and the bare concrete syntax tree',
    '(`Parser`, which runs the `Lexer`), the least any parser built on the package can do. A server that',
    'parses every byte with the package cannot start faster than the first column without a cache; below 1× in',
    `the last column, ours does less than that (the profile below shows how much of its time is still in the`,
    `package). yaml-language-server ${r.machine.yamlLanguageServer} parses with its own copy, yaml ${r.machine.yamlInYamlLanguageServer}.`,
    '',
    table(
      [
        'Workspace',
        'Size',
        'parseAllDocuments',
        'CST only',
        'Ours, cold start',
        'Ours ÷ parseAllDocuments',
      ],
      rows,
    ),
  ].join('\n');
}

function profileSection(r) {
  const parts = [
    '## Where the time goes',
    '',
    'CPU profiles of our server (`node --cpu-prof`), written by the same run to `bench/workspaces/profiles/`',
    '(open them in Chrome DevTools or VS Code): one session on W3 (cold start, then the keystrokes in the 120 KB',
    'file) and one on W4 (start, then the keystrokes), each summarised by `bench/profile.mjs` over a window of',
    'time (the start, or the keystrokes only; the profiler and the benchmark read the same monotonic clock):',
    'self time per function, mapped to the TypeScript sources and packages through `dist/server.js.map`, and',
    'per area. Percentages are of the busy (non-idle) time. Profiling slows the server down somewhat; the',
    'shares are what matter.',
  ];
  const profiles = [
    ['coldW3', 'Cold start on W3 (from starting the process to all diagnostics published)'],
    ['keystrokesW3', 'Typing in a 120 KB file of W3 (the keystrokes only)'],
    ['keystrokesW4', 'Typing in W4 (the keystrokes only)'],
  ];
  for (const [key, title] of profiles) {
    const p = get(r, 'profile', key);
    parts.push('', `### ${title}`, '');
    if (!p || p.error) {
      parts.push(`Not measured: ${p?.error ?? 'the profile section did not run'}.`);
      continue;
    }
    const busy = p.areas.filter((a) => a.percentOfBusy !== null);
    const top = busy.slice(0, 3).map((a) => `${a.area} ${a.percentOfBusy}%`);
    parts.push(
      `Busy ${ms(p.busyMs)} of ${ms(p.totalMs)} profiled` +
        (isNumber(p.startToAllDiagnosticsMs)
          ? ` (all diagnostics after ${ms(p.startToAllDiagnosticsMs)} under the profiler)`
          : '') +
        (isNumber(p.keystrokeMedianMs)
          ? ` (${p.window}; median ${ms(p.keystrokeMedianMs)} per keystroke under the profiler)`
          : '') +
        `. The largest areas: ${top.join(', ')}.`,
      '',
      table(
        ['Area', 'Self time', 'Share of busy'],
        p.areas.map((a) => [
          a.area,
          ms(a.selfMs),
          a.percentOfBusy === null ? dash : `${a.percentOfBusy}%`,
        ]),
      ),
      '',
      table(
        ['Function', 'Source', 'Self time', 'Share'],
        p.topFunctions
          .slice(0, 15)
          .map((f) => [
            `\`${f.function}\``,
            f.source ? `\`${f.source}\`` : dash,
            ms(f.selfMs),
            `${f.percentOfBusy}%`,
          ]),
      ),
    );
  }
  return parts.join('\n');
}

/** What the numbers say about each target missed or met, computed from this run. */
function implications(r) {
  const lines = [];
  const cold = get(r, 'startup', 'w3', 'ours', 'ms');
  const yamlCold = get(r, 'startup', 'w3', 'yamlLs', 'ms');
  const doc = get(r, 'floor', 'w3', 'document', 'ms');
  const cst = get(r, 'floor', 'w3', 'cst', 'ms');
  const cores = r.machine.cores;
  if (isNumber(cold) && isNumber(yamlCold)) {
    const budget = yamlCold / 4;
    const floor =
      isNumber(doc) && isNumber(cst)
        ? ` On the same bytes the \`yaml\` package alone takes ${ms(doc)} (\`parseAllDocuments\`) or ${ms(cst)} (the bare CST) on one core, ${ms(cst / cores)} for the CST split perfectly over ${cores} cores.`
        : '';
    lines.push(
      cold <= budget
        ? `- **Cold start of W3**: met, ${ms(cold)} against a budget of ${ms(budget)} (a quarter of yaml-language-server’s ${ms(yamlCold)}).${floor}`
        : `- **Cold start of W3**: ${ms(cold)} against a budget of ${ms(budget)} (a quarter of yaml-language-server’s ${ms(yamlCold)}).${floor} A cache helps the warm start, not this one.`,
    );
  }
  const w4 = get(r, 'keystroke', 'w4', 'ours');
  const k120 = get(r, 'keystroke', 'file120k', 'ours');
  /** " While typing in X the busy time goes to ...; the top functions are ...." */
  const whereTime = (key, place) => {
    const typing = get(r, 'profile', key);
    return typing && !typing.error && typing.areas
      ? ` While typing in ${place} the busy time goes to ${typing.areas
          .filter((a) => a.percentOfBusy !== null)
          .slice(0, 4)
          .map((a) => `${a.area} (${a.percentOfBusy}%)`)
          .join(', ')}; the top functions are ${typing.topFunctions
          .slice(0, 6)
          .map((f) => `\`${f.function}\` (${f.percentOfBusy}%)`)
          .join(', ')}.`
      : '';
  };
  if (isNumber(w4?.p95)) {
    const where = whereTime('keystrokesW4', 'W4');
    const sizes =
      isNumber(k120?.median) && r.workspaces.w4 && k120.bytes
        ? ` The W4 file is ${(r.workspaces.w4.bytes / k120.bytes).toFixed(0)}× the size of the 120 KB file, and a keystroke in it costs ${(w4.median / k120.median).toFixed(1)}× as much (medians ${ms(w4.median)} and ${ms(k120.median)}).`
        : '';
    lines.push(
      `- **Keystroke in W4**: p95 ${ms(w4.p95)} against 30 ms (median ${ms(w4.median)})${w4.p95 < 30 ? ', met' : ''}.${sizes}${where}`,
    );
  }
  const rename = get(r, 'rename', 'ours');
  if (isNumber(rename?.total?.p95)) {
    const files = rename.filesTouched?.median;
    const perFile = isNumber(k120?.median)
      ? ` One keystroke in such a file costs ${ms(k120.median)}, so re-checking ${files} of them one after the other costs about ${ms(files * k120.median)}.`
      : '';
    lines.push(
      `- **Rename on W3**: total p95 ${ms(rename.total.p95)} against 100 ms${rename.total.p95 < 100 ? ', met' : ''}. The request takes ${ms(rename.request.median)} (median); the rest, ${ms(rename.applyToDiagnostics.median)}, runs from applying the edit to the last of the ${files} edited files of about 120 KB publishing its diagnostics.${perFile}${whereTime('keystrokesW3', 'a 120 KB file of W3')}`,
    );
  }
  for (const workspace of ['w3', 'w4']) {
    const completion = get(r, 'features', workspace, 'ours', 'completion');
    if (isNumber(completion?.p95) && completion.p95 >= 15 && completion.byPosition) {
      lines.push(
        `- **Completion on ${workspace.toUpperCase()}**: p95 ${ms(completion.p95)} against 15 ms; by kind of position: ${byPosition(completion)} (about ${completion.meanResults} items per answer).`,
      );
    }
  }
  return lines.length ? ['### What it means for the targets', '', ...lines].join('\n') : '';
}

function missedSection(r, rows) {
  const missed = rows
    .filter((row) => row[2] === '**not met**')
    .map((row) => `- ${row[0]}: ${row[1]}.`);
  const unmeasured = rows.filter((row) => row[2] === 'not measured').map((row) => `- ${row[0]}.`);
  const parts = ['## Targets missed in this run', ''];
  parts.push(missed.length ? missed.join('\n') : 'None.');
  if (unmeasured.length) parts.push('', 'Not measured in this run:', '', unmeasured.join('\n'));
  if (r.notes.length)
    parts.push('', 'Notes the run recorded:', '', r.notes.map((n) => `- ${n}`).join('\n'));
  return parts.join('\n');
}

function render(r, resultsPath) {
  const m = r.machine;
  const date = r.startedAt.slice(0, 10);
  const targetRows = targets(r);
  const relative = path.relative(root, resultsPath);
  return [
    '# Performance',
    '',
    '<!-- Generated by bench/report.mjs from ' +
      relative +
      '; run `npm run bench` to refresh. Do not edit by hand. -->',
    '',
    `How fast the language server and \`framework-check\` are on large workspaces, measured against Red Hat’s`,
    `\`yaml-language-server\` configured with our \`schemas/framework.schema.json\`, in the same run on the same`,
    `machine. The numbers below are from the run of ${date} (${r.durationSeconds} s), saved in`,
    `[\`${relative}\`](../${relative}).`,
    '',
    `**Machine**: ${m.cpu}, ${m.cores} cores, ${m.ramGiB} GiB RAM, ${m.os}; Node ${m.node}; yaml-language-server`,
    `${m.yamlLanguageServer}; yaml ${m.yaml}; commit \`${(m.gitCommit ?? 'unknown').slice(0, 12)}\`` +
      (m.gitDirty
        ? `, with uncommitted changes under \`server/src/\` (the bundles are built from the working tree): ${(m.gitDirtyFiles ?? []).map((f) => `\`${f}\``).join(', ')}.`
        : '.') +
      (m.loadAverageAtStart
        ? ` Load average at the start ${m.loadAverageAtStart.join(', ')}, at the end ${m.loadAverageAtEnd?.join(', ')}.`
        : ''),
    '',
    '## Workspaces',
    '',
    'Generated by `bench/generate.mjs` (deterministic, seeded; regenerated only when missing or when the',
    'generator version changes) into `bench/workspaces/`, which git ignores. Every file of W2 and W3 is one',
    'framework `wNNN` that supersedes the previous file’s; goals and objectives refer to the previous three',
    'frameworks (`supersedes: [w009:1.1]`, `supports: [w008:1]`) and to goals of their own. Every goal and',
    'objective of a superseded framework is continued by its successor (goals one to one, objectives four into',
    'one), as a maintained workspace records its lineage. Every tenth file holds a broken reference and a',
    'duplicate ID and leaves three objectives of its predecessor unaccounted for (`unaccounted-predecessor`),',
    'every twentieth a reference to an unknown framework, and every fifth an unknown key, so diagnostics are',
    'never empty. (Generator 1, used before lineage was checked, continued only one objective in four: on W3',
    'that leaves 71,659 items unaccounted for, one information diagnostic each: that is W3X, measured in',
    '"W3 with its lineage unmaintained" below.)',
    '',
    table(
      ['Workspace', 'Shape', 'Files', 'Size'],
      Object.entries(r.workspaces).map(([name, w]) => [
        name.toUpperCase(),
        w.description,
        w.files,
        mb(w.bytes),
      ]),
    ),
    '',
    '## Targets',
    '',
    'The targets of the performance issue, each checked against this run (ratios are between the two servers',
    'in this run, never across runs).',
    '',
    table(['Target', 'This run', 'Verdict'], targetRows),
    '',
    startupSection(r),
    '',
    keystrokeSection(r),
    '',
    renameSection(r),
    '',
    featuresSection(r),
    '',
    memorySection(r),
    '',
    cliSection(r),
    '',
    unmaintainedLineageSection(r),
    '',
    floorSection(r),
    '',
    profileSection(r),
    '',
    implications(r),
    '',
    missedSection(r, targetRows),
    '',
    '## How to reproduce',
    '',
    '```sh',
    'npm ci && npm run bench',
    '```',
    '',
    '`npm run bench` builds the bundles (`node scripts/build.mjs`), generates the workspaces if needed, runs',
    `\`bench/run.mjs\` (${Math.round(r.durationSeconds)} s in this run; no measurement waits without a bound, and every`,
    'process it starts is stopped), writes `bench/results/YYYY-MM-DD.json` (one file per day: a second run',
    'on the same day replaces it) and renders this page with `bench/report.mjs`. Parts can be run alone:',
    '`node bench/run.mjs --only floor,cli,ours,yamlls,profile --edits 30 --requests 24 --renames 20 --out FILE`',
    'and `node bench/report.mjs FILE`; `node bench/generate.mjs --only w1 --out DIR` writes one workspace.',
    '',
    'How the servers are driven: each runs as `node <server> --stdio` and is initialised with the workspace',
    'folder and the capabilities an editor announces (`workspace/configuration`, dynamic registration of',
    'watched files, versioned diagnostics). The client answers `workspace/configuration`: for ours',
    '`strategicFrameworks: { validation: { delay: 0 } }` (also sent as `initializationOptions`); for',
    'yaml-language-server the section `yaml` maps `schemas/framework.schema.json` to `**/*.framework.yaml`',
    'with validation, hover and completion on and the schema store off (this machine has no internet), and the',
    'same settings are sent with `workspace/didChangeConfiguration`. The run checks that yaml-language-server',
    'really applied the schema: it must report the planted unknown keys.',
    '',
    'Numbers vary from run to run by several per cent on a shared 2-core machine; compare ratios from one run,',
    'and rerun before drawing conclusions from a small difference.',
    '',
  ].join('\n');
}

async function main() {
  const resultsPath = path.resolve(process.argv[2] ?? newestResults());
  const results = JSON.parse(fs.readFileSync(resultsPath, 'utf8'));
  const markdown = render(results, resultsPath);
  const config = (await prettier.resolveConfig(docPath)) ?? {};
  fs.writeFileSync(docPath, await prettier.format(markdown, { ...config, parser: 'markdown' }));
  process.stderr.write(
    `wrote ${path.relative(process.cwd(), docPath)} from ${path.relative(process.cwd(), resultsPath)}\n`,
  );
}

main().catch((error) => {
  process.stderr.write(`report.mjs: ${error instanceof Error ? error.stack : error}\n`);
  process.exitCode = 1;
});
