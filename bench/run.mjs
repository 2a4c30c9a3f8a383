#!/usr/bin/env node
// The benchmark: drives the real `framework-language-server` and Red Hat's
// `yaml-language-server` over stdio, as an editor does, on the generated workspaces,
// runs `framework-check` and the bare `yaml` parse on the same bytes, and writes
// bench/results/YYYY-MM-DD.json. `npm run bench` builds first and renders
// docs/performance.md from the results afterwards (bench/report.mjs).
//
//   node bench/run.mjs [--only SECTION,...] [--edits N] [--requests N] [--out FILE]
//
// Sections: floor, cli, ours, yamlls, profile (all by default). Every wait is bounded:
// a measurement that cannot finish is recorded with a note, never waited on forever,
// and every process the benchmark starts is stopped before it moves on.
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureWorkspace, generatorVersion, seed, workspaces } from './generate.mjs';
import { LspClient, RssSampler, TimeoutError, delay, readTreeMemory } from './lsp.mjs';
import { summarizeProfile } from './profile.mjs';
import prettier from 'prettier';

const benchFolder = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(benchFolder, '..');
const workspacesFolder = path.join(benchFolder, 'workspaces');
const schemaPath = path.join(root, 'schemas', 'framework.schema.json');
const ourServer = path.join(root, 'dist', 'server.js');
const yamlLsBin = path.join(
  root,
  'node_modules',
  'yaml-language-server',
  'bin',
  'yaml-language-server',
);

const options = parseArguments(process.argv.slice(2));
const runStarted = performance.now();
const notes = [];

function note(text) {
  notes.push(text);
  log(`NOTE: ${text}`);
}

function log(text) {
  const seconds = ((performance.now() - runStarted) / 1000).toFixed(1).padStart(6);
  process.stderr.write(`[${seconds}s] ${text}\n`);
}

function parseArguments(argv) {
  const parsed = {
    only: new Set(['floor', 'cli', 'ours', 'yamlls', 'profile']),
    edits: 30,
    warmupEdits: 2,
    requests: 24,
    renames: 20,
    out: undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const value = () => argv[++i];
    if (argv[i] === '--only') parsed.only = new Set(value().split(','));
    else if (argv[i] === '--edits') parsed.edits = Number(value());
    else if (argv[i] === '--requests') parsed.requests = Number(value());
    else if (argv[i] === '--renames') parsed.renames = Number(value());
    else if (argv[i] === '--out') parsed.out = path.resolve(value());
    else throw new Error(`run.mjs: unknown argument ${argv[i]}`);
  }
  return parsed;
}

// ---------------------------------------------------------------------------------------
// Statistics

export function stats(samples) {
  const values = samples.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (values.length === 0) return { n: 0 };
  // Nearest-rank percentiles: p95 of 20 samples is the 19th smallest.
  const rank = (p) => values[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)];
  return {
    n: values.length,
    median: rank(50),
    p95: rank(95),
    min: values[0],
    max: values[values.length - 1],
    mean: values.reduce((sum, value) => sum + value, 0) / values.length,
  };
}

const round = (value, digits = 1) =>
  value === undefined ? undefined : Math.round(value * 10 ** digits) / 10 ** digits;

function roundStats(s) {
  const out = {};
  for (const [key, value] of Object.entries(s)) out[key] = key === 'n' ? value : round(value, 2);
  return out;
}

const mib = (kib) => round(kib / 1024, 1);

/** Microseconds of the monotonic clock, the one V8 stamps profile samples with. */
const hrMicros = () => Number(process.hrtime.bigint() / 1000n);

// ---------------------------------------------------------------------------------------
// Workspaces

function workspaceInfo(name) {
  const { folder, manifest } = ensureWorkspace(name);
  const files = fs
    .readdirSync(folder)
    .filter((file) => file.endsWith('.framework.yaml'))
    .sort()
    .map((file) => {
      const filePath = path.join(folder, file);
      return {
        path: filePath,
        uri: pathToFileURL(filePath).href,
        text: fs.readFileSync(filePath, 'utf8'),
      };
    });
  return { name, folder, manifest, files };
}

/** Positions of interest in a framework file, found in its text. */
function positionsIn(text) {
  const lines = text.split('\n');
  const found = {
    goalIds: [],
    objectiveIds: [],
    localRefs: [],
    qualifiedRefs: [],
    refValueStarts: [],
    keys: [],
    titleEnds: [],
  };
  lines.forEach((line, index) => {
    let match;
    if ((match = /^ {2}- id: '([^']+)'$/.exec(line))) {
      found.goalIds.push({ line: index, character: line.indexOf("'") + 1, id: match[1] });
    } else if ((match = /^ {6}- id: '([^']+)'$/.exec(line))) {
      found.objectiveIds.push({ line: index, character: line.indexOf("'") + 1, id: match[1] });
    } else if (/^ {8}title: /.test(line)) {
      found.keys.push({ line: index, character: 8 });
      found.titleEnds.push({ line: index, character: line.length });
    } else if (/^ {8}(supports|supersedes): \[/.test(line)) {
      const quoted = /'([^']+)'/g;
      let first = true;
      while ((match = quoted.exec(line))) {
        const start = match.index + 1;
        if (first) found.refValueStarts.push({ line: index, character: start });
        first = false;
        // The planted broken references resolve to nothing: not a place to ask about.
        if (/^nowhere:|(^|:)99\.1$/.test(match[1])) continue;
        const colon = match[1].indexOf(':');
        if (colon < 0) found.localRefs.push({ line: index, character: start });
        else found.qualifiedRefs.push({ line: index, character: start + colon + 1 });
      }
    }
  });
  return found;
}

/** `count` entries spread evenly over a list, deterministically. */
function spread(list, count) {
  if (list.length === 0) return [];
  const out = [];
  for (let i = 0; i < count; i++) out.push(list[Math.floor(((i + 0.5) * list.length) / count)]);
  return out;
}

// ---------------------------------------------------------------------------------------
// Servers

const servers = {
  ours: {
    label: 'framework-language-server',
    languageId: 'framework-yaml',
    command: (profile) => [
      process.execPath,
      [
        ...(profile
          ? ['--cpu-prof', `--cpu-prof-dir=${profile.dir}`, `--cpu-prof-name=${profile.name}`]
          : []),
        // As the extension starts it (client/src/extension.ts).
        '--max-semi-space-size=64',
        ourServer,
        '--stdio',
      ],
    ],
    configuration: {
      strategicFrameworks: { validation: { delay: 0 } },
      'files.exclude': {},
    },
    initializationOptions: { strategicFrameworks: { validation: { delay: 0 } } },
  },
  yamlls: {
    label: 'yaml-language-server',
    languageId: 'yaml',
    command: () => [process.execPath, [yamlLsBin, '--stdio']],
    configuration: {
      yaml: {
        validate: true,
        hover: true,
        completion: true,
        format: { enable: false },
        schemaStore: { enable: false },
        kubernetesCRDStore: { enable: false },
        schemas: { [pathToFileURL(schemaPath).href]: ['**/*.framework.yaml'] },
      },
      http: {},
      editor: {},
    },
    initializationOptions: undefined,
  },
};

const clientCapabilities = {
  workspace: {
    configuration: true,
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
    workspaceFolders: true,
    workspaceEdit: { documentChanges: true },
    symbol: {},
  },
  textDocument: {
    synchronization: { didSave: true, dynamicRegistration: false },
    publishDiagnostics: { relatedInformation: true, versionSupport: true },
    // As VS Code 1.100 declares them: a list may share its items' edit range.
    completion: {
      completionItem: { snippetSupport: true },
      completionList: {
        itemDefaults: [
          'commitCharacters',
          'editRange',
          'insertTextFormat',
          'insertTextMode',
          'data',
        ],
      },
    },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    definition: {},
    references: {},
    rename: { prepareSupport: true },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
  },
};

/**
 * One server session on one workspace: start, wait until every file has had
 * diagnostics published, then run `work`. Always stops the server.
 */
async function session({ server, workspace, openAll, cacheDir, profile, work, loadTimeoutMs }) {
  const definition = servers[server];
  const [command, args] = definition.command(profile);
  const env = { ...process.env };
  // Our server keeps its cache where the client tells it (`initializationOptions.cacheDirectory`,
  // the extension's storage folder); XDG_CACHE_HOME is set too, for caches that look there.
  // A fresh folder makes a start cold; the same folder again makes the next start warm.
  let initializationOptions = definition.initializationOptions;
  if (cacheDir) {
    env.XDG_CACHE_HOME = cacheDir;
    if (server === 'ours')
      initializationOptions = { ...initializationOptions, cacheDirectory: cacheDir };
  }
  const result = { server, workspace: workspace.name, openAll };
  const started = performance.now();
  const client = new LspClient({
    name: `${definition.label} on ${workspace.name}`,
    command,
    args,
    cwd: root,
    env,
  });
  client.onRequest('workspace/configuration', (params) =>
    params.items.map((item) =>
      item.section ? (definition.configuration[item.section] ?? null) : null,
    ),
  );
  const sampler = new RssSampler(client.pid, 200);
  const label = `${server} ${workspace.name}${openAll ? ' (all open)' : ''}${profile ? ' (profiled)' : ''}`;
  log(`${label}: starting`);
  try {
    const folderUri = pathToFileURL(workspace.folder).href;
    const initialize = await client.request(
      'initialize',
      {
        processId: process.pid,
        rootUri: folderUri,
        rootPath: workspace.folder,
        workspaceFolders: [{ uri: folderUri, name: workspace.name }],
        capabilities: clientCapabilities,
        initializationOptions,
      },
      60_000,
    );
    result.initializeMs = round(performance.now() - started);
    result.capabilities = Object.keys(initialize.result.capabilities ?? {});
    client.notify('initialized', {});
    if (server === 'yamlls') {
      client.notify('workspace/didChangeConfiguration', {
        settings: { yaml: definition.configuration.yaml },
      });
    }
    if (openAll) {
      for (const file of workspace.files) client.open(file.uri, file.text, definition.languageId);
    }
    const uris = workspace.files.map((file) => file.uri);
    const lastArrival = await client.waitFor(
      () => {
        let last = 0;
        for (const uri of uris) {
          const list = client.publications.get(uri);
          if (!list || list.length === 0) return undefined;
          last = Math.max(last, list[0].time);
        }
        return last;
      },
      loadTimeoutMs,
      () => {
        const done = uris.filter((uri) => client.publications.has(uri)).length;
        return `diagnostics of all ${uris.length} files (${done} published)`;
      },
    );
    result.startToAllDiagnosticsMs = round(lastArrival - started);
    result.hrLoaded = hrMicros();
    result.diagnostics = uris.reduce((sum, uri) => sum + client.publications.get(uri)[0].count, 0);
    result.peakLoadRssMiB = mib(sampler.peakKiB());
    log(
      `${label}: all ${uris.length} files published in ${result.startToAllDiagnosticsMs} ms, ${result.diagnostics} diagnostics`,
    );
    await delay(2000);
    const settled = readTreeMemory(client.pid);
    result.settledRssMiB = settled ? mib(settled.rssKiB) : undefined;
    result.processes = settled?.processes;
    if (work) await work(client, result);
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
    note(`${label}: ${result.error}`);
  } finally {
    sampler.sample();
    result.peakSessionRssMiB = mib(sampler.peakKiB());
    sampler.stop();
    await client.stop();
    if (client.stderr.trim()) result.stderrTail = client.stderr.slice(-1000);
  }
  return result;
}

// ---------------------------------------------------------------------------------------
// Measurements inside a session

/** One-character edits in a title, alternately typed and deleted; time to that file's diagnostics. */
async function keystrokes(client, server, file, languageId) {
  if (!client.documents.has(file.uri)) {
    client.open(file.uri, file.text, languageId);
    // Opening publishes too (yaml-ls validates every opened document): let it pass.
    await settle(client, file.uri, 60_000);
  }
  const found = positionsIn(client.documents.get(file.uri).text);
  const titleEnd = found.titleEnds[Math.floor(found.titleEnds.length / 2)];
  const samples = [];
  const warmup = [];
  const total = options.warmupEdits + options.edits;
  const publishedBefore = client.publicationCount;
  for (let i = 0; i < total; i++) {
    const before = client.publications.get(file.uri)?.length ?? 0;
    const range =
      i % 2 === 0
        ? { start: titleEnd, end: titleEnd }
        : { start: titleEnd, end: { line: titleEnd.line, character: titleEnd.character + 1 } };
    const sent = performance.now();
    const version = client.change(file.uri, [{ range, newText: i % 2 === 0 ? 'x' : '' }]);
    const arrival = await client.waitFor(
      () => {
        const list = client.publications.get(file.uri) ?? [];
        for (let k = before; k < list.length; k++) {
          // Ours publishes the version it checked; yaml-ls publishes none, so the first
          // publication after the change is taken.
          if (list[k].version === version || (list[k].version === null && server === 'yamlls'))
            return list[k].time;
        }
        return undefined;
      },
      60_000,
      () => `diagnostics of version ${version} of ${path.basename(file.path)}`,
    );
    (i < options.warmupEdits ? warmup : samples).push(arrival - sent);
  }
  // Publications of any file per edit: more than one means other files were re-checked too.
  await delay(300);
  const publicationsPerEdit = round((client.publicationCount - publishedBefore) / total, 2);
  return {
    file: path.basename(file.path),
    bytes: Buffer.byteLength(file.text),
    publicationsPerEdit,
    warmupMs: warmup.map((v) => round(v, 2)),
    ...roundStats(stats(samples)),
    samples: samples.map((v) => round(v, 2)),
  };
}

/** Waits until a URI has had no new publication for 300 ms (or `timeoutMs` passed). */
async function settle(client, uri, timeoutMs) {
  const deadline = performance.now() + timeoutMs;
  let count = -1;
  while (performance.now() < deadline) {
    const now = client.publications.get(uri)?.length ?? 0;
    if (now === count) return;
    count = now;
    await delay(300);
  }
}

/** Latency of each editing feature at varied positions in the given files. */
async function features(client, server, files, capabilities) {
  const definition = servers[server];
  for (const file of files) {
    if (!client.documents.has(file.uri)) client.open(file.uri, file.text, definition.languageId);
  }
  await delay(500);
  const positions = files.map((file) => ({ file, found: positionsIn(file.text) }));
  const n = options.requests;
  let lastKind;
  const at = (kinds, i) => {
    // Request i goes to file i mod files, at the next position of the next kind.
    const { file, found } = positions[i % positions.length];
    // Kinds this file has (W4 holds no qualified references).
    const present = kinds.filter((kind) => found[kind].length > 0);
    const kind = present[i % present.length];
    const list = spread(found[kind], Math.ceil(n / present.length) + 1);
    const position = list[Math.floor(i / present.length) % list.length];
    lastKind = kind;
    return { file, position };
  };
  const textDocument = (file) => ({ uri: file.uri });
  const queries = [
    '1.1',
    'w050',
    'big',
    'goal',
    '17.3',
    'openness',
    'delivery',
    'Strengthen',
    '5',
    'w1',
    '42',
    'data',
  ];
  const plans = {
    completion: {
      capability: 'completionProvider',
      request: (i) => {
        const { file, position } = at(['refValueStarts', 'keys'], i);
        return [
          'textDocument/completion',
          { textDocument: textDocument(file), position, context: { triggerKind: 1 } },
        ];
      },
    },
    hover: {
      capability: 'hoverProvider',
      request: (i) => {
        const { file, position } = at(
          ['goalIds', 'objectiveIds', 'localRefs', 'qualifiedRefs', 'keys'],
          i,
        );
        return ['textDocument/hover', { textDocument: textDocument(file), position }];
      },
    },
    definition: {
      capability: 'definitionProvider',
      request: (i) => {
        const { file, position } = at(['localRefs', 'qualifiedRefs'], i);
        return ['textDocument/definition', { textDocument: textDocument(file), position }];
      },
    },
    references: {
      capability: 'referencesProvider',
      request: (i) => {
        const { file, position } = at(['goalIds', 'objectiveIds', 'localRefs', 'qualifiedRefs'], i);
        return [
          'textDocument/references',
          { textDocument: textDocument(file), position, context: { includeDeclaration: true } },
        ];
      },
    },
    rename: {
      capability: 'renameProvider',
      request: (i) => {
        const { file, position } = at(['goalIds', 'objectiveIds'], i);
        return [
          'textDocument/rename',
          { textDocument: textDocument(file), position, newName: `${position.id}r` },
        ];
      },
    },
    workspaceSymbols: {
      capability: 'workspaceSymbolProvider',
      request: (i) => ['workspace/symbol', { query: queries[i % queries.length] }],
    },
  };
  const out = {};
  for (const [feature, plan] of Object.entries(plans)) {
    if (!capabilities.includes(plan.capability)) {
      out[feature] = { unsupported: `the server does not announce ${plan.capability}` };
      continue;
    }
    const samples = [];
    const byKind = {};
    let results = 0;
    let empty = 0;
    let failures = 0;
    let firstError;
    for (let i = 0; i < n; i++) {
      lastKind = 'query';
      const [method, params] = plan.request(i);
      const kind = lastKind;
      const sent = performance.now();
      try {
        const { result } = await client.request(method, params, 30_000);
        samples.push(performance.now() - sent);
        (byKind[kind] ??= []).push(performance.now() - sent);
        const size = resultSize(result);
        results += size;
        if (size === 0) empty++;
      } catch (error) {
        if (error instanceof TimeoutError) {
          firstError = error.message;
          failures = n - i;
          break;
        }
        // An error answer (a refused rename) is still an answer: time it.
        samples.push(performance.now() - sent);
        failures++;
        firstError ??= error.message;
      }
    }
    out[feature] = {
      ...roundStats(stats(samples)),
      meanResults: round(results / Math.max(1, samples.length), 1),
      emptyAnswers: empty,
      errors: failures,
      ...(firstError ? { firstError } : {}),
      // Where the position is (see positionsIn): which kind of place is slow.
      byPosition: Object.fromEntries(
        Object.entries(byKind).map(([kind, values]) => [kind, roundStats(stats(values))]),
      ),
    };
    log(
      `${server}: ${feature} median ${out[feature].median} ms, p95 ${out[feature].p95} ms (${out[feature].meanResults} results on average, ${empty} empty, ${failures} errors)`,
    );
  }
  return out;
}

function resultSize(result) {
  if (result === null || result === undefined) return 0;
  if (Array.isArray(result)) return result.length;
  if (Array.isArray(result.items)) return result.items.length;
  if (result.contents) return 1;
  if (result.documentChanges)
    return result.documentChanges.reduce((sum, change) => sum + (change.edits?.length ?? 0), 0);
  if (result.changes)
    return Object.values(result.changes).reduce((sum, edits) => sum + edits.length, 0);
  return 1;
}

/**
 * Renames goal g of file N, applies the edit as an editor does (each file not yet open
 * is opened with its disk text, then every file gets the edits as incremental changes),
 * and times until every edited file's diagnostics for the new version are published.
 */
async function renames(client, workspace) {
  const languageId = servers.ours.languageId;
  const total = [];
  const requestOnly = [];
  const applyToDiagnostics = [];
  const filesTouched = [];
  // Files N = 5, 15, 25, ...: each rename edits files N to N+3, which must exist.
  const count = Math.min(options.renames, Math.floor((workspace.files.length - 8) / 10) + 1);
  for (let i = 0; i < count; i++) {
    const file = workspace.files[4 + 10 * i]; // w005, w015, ...: files N..N+3 never overlap.
    if (!client.documents.has(file.uri)) client.open(file.uri, file.text, languageId);
    const goal = String((i % 20) + 1);
    const position = positionsIn(client.documents.get(file.uri).text).goalIds.find(
      (g) => g.id === goal,
    );
    await delay(50);
    const sent = performance.now();
    const { result: edit } = await client.request(
      'textDocument/rename',
      { textDocument: { uri: file.uri }, position, newName: `${goal}r${i}` },
      30_000,
    );
    const answered = performance.now();
    const perUri = new Map();
    for (const change of edit?.documentChanges ?? []) {
      if (!change.textDocument) continue; // create/rename/delete file operations: none expected
      perUri.set(change.textDocument.uri, [
        ...(perUri.get(change.textDocument.uri) ?? []),
        ...change.edits,
      ]);
    }
    for (const [uri, edits] of Object.entries(edit?.changes ?? {}))
      perUri.set(uri, [...(perUri.get(uri) ?? []), ...edits]);
    if (perUri.size === 0)
      throw new Error(`rename of goal ${goal} in ${path.basename(file.path)} returned no edit`);
    const expected = [];
    for (const [uri, edits] of perUri) {
      if (!client.documents.has(uri))
        client.open(uri, fs.readFileSync(fileURLToPath(uri), 'utf8'), languageId);
      expected.push([uri, client.change(uri, edits)]);
    }
    const applied = performance.now();
    const done = await client.waitFor(
      () => {
        let last = 0;
        for (const [uri, version] of expected) {
          const hit = (client.publications.get(uri) ?? []).find(
            (p) => p.version === version && p.time >= applied,
          );
          if (!hit) return undefined;
          last = Math.max(last, hit.time);
        }
        return last;
      },
      30_000,
      () => `diagnostics of the ${expected.length} renamed files`,
    );
    total.push(done - sent);
    requestOnly.push(answered - sent);
    applyToDiagnostics.push(done - applied);
    filesTouched.push(perUri.size);
  }
  return {
    renames: count,
    filesTouched: roundStats(stats(filesTouched)),
    total: roundStats(stats(total)),
    request: roundStats(stats(requestOnly)),
    applyToDiagnostics: roundStats(stats(applyToDiagnostics)),
    samples: total.map((v) => round(v, 2)),
  };
}

// ---------------------------------------------------------------------------------------
// Whole processes: the CLI and the bare parse

function timeProcess(args, timeoutMs) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ ms: performance.now() - started, code, signal, stdout, stderr });
    });
  });
}

async function measureCli(workspace, repeat) {
  const runs = [];
  let last;
  for (let i = 0; i < repeat; i++) {
    last = await timeProcess(
      [path.join(root, 'bin', 'framework-check.js'), path.relative(root, workspace.folder)],
      120_000,
    );
    if (last.signal) return { error: `killed by ${last.signal} after ${round(last.ms)} ms` };
    runs.push(last.ms);
  }
  const summary = last.stdout.trim().split('\n').pop();
  log(
    `cli ${workspace.name}: ${runs.map((ms) => round(ms)).join(', ')} ms, exit ${last.code}: ${summary}`,
  );
  return {
    runs: runs.map((ms) => round(ms)),
    medianMs: round(stats(runs).median),
    exitCode: last.code,
    summary,
  };
}

async function measureFloor(workspace) {
  const out = { bytes: workspace.manifest.bytes };
  for (const mode of ['document', 'cst']) {
    const run = await timeProcess(
      [path.join(benchFolder, 'yamlFloor.mjs'), '--mode', mode, workspace.folder],
      120_000,
    );
    if (run.code !== 0) {
      out[mode] = { error: run.stderr.slice(-300) || `exit ${run.code} ${run.signal ?? ''}` };
      continue;
    }
    const parsed = JSON.parse(run.stdout);
    out[mode] = {
      ms: round(parsed.ms),
      mbPerSecond: round(parsed.mbPerSecond, 2),
      processMs: round(run.ms),
    };
  }
  log(`floor ${workspace.name}: parseAllDocuments ${out.document.ms} ms, CST ${out.cst.ms} ms`);
  return out;
}

// ---------------------------------------------------------------------------------------
// The run

function machine() {
  const git = (args) => {
    try {
      return execFileSync('git', args, {
        cwd: root,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim();
    } catch {
      return undefined;
    }
  };
  const version = (name) => {
    try {
      return JSON.parse(
        fs.readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8'),
      ).version;
    } catch {
      return undefined;
    }
  };
  const yamlLsYaml = (() => {
    try {
      return JSON.parse(
        fs.readFileSync(
          path.join(
            root,
            'node_modules',
            'yaml-language-server',
            'node_modules',
            'yaml',
            'package.json',
          ),
          'utf8',
        ),
      ).version;
    } catch {
      return version('yaml');
    }
  })();
  return {
    cpu: os.cpus()[0]?.model,
    cores: os.cpus().length,
    ramGiB: round(os.totalmem() / 2 ** 30, 1),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    yamlLanguageServer: version('yaml-language-server'),
    yaml: version('yaml'),
    yamlInYamlLanguageServer: yamlLsYaml,
    loadAverageAtStart: os.loadavg().map((value) => round(value, 2)),
    gitCommit: git(['rev-parse', 'HEAD']),
    // Uncommitted changes under server/src make the commit alone an incomplete description:
    // the bundles measured are built from the working tree.
    gitDirty: (git(['status', '--porcelain', '--', 'server/src']) ?? '') !== '',
    gitDirtyFiles: (git(['status', '--porcelain', '--', 'server/src']) ?? '')
      .split('\n')
      .filter(Boolean)
      .map((line) => line.replace(/^\s*\S{1,2}\s+/, '')),
  };
}

async function main() {
  const startedAt = new Date();
  const results = {
    startedAt: startedAt.toISOString(),
    machine: machine(),
    settings: {
      generatorVersion,
      seed,
      edits: options.edits,
      warmupEdits: options.warmupEdits,
      requestsPerFeature: options.requests,
      renames: options.renames,
      oursValidationDelayMs: 0,
      yamlLsValidationDelayMs: 200,
      sections: [...options.only],
    },
    workspaces: {},
    startup: {},
    warm: {},
    keystroke: {},
    rename: undefined,
    features: {},
    rss: {},
    cli: {},
    floor: {},
    profile: undefined,
    notes,
  };

  log('generating workspaces');
  const ws = {};
  for (const name of Object.keys(workspaces)) {
    ws[name] = workspaceInfo(name);
    results.workspaces[name] = {
      description: workspaces[name].description,
      files: ws[name].manifest.files,
      bytes: ws[name].manifest.bytes,
      sha256: ws[name].manifest.sha256,
    };
  }
  const file120k = ws.w3.files[99]; // w100.framework.yaml, about 120 KB
  const featureFilesW3 = [ws.w3.files[49], ws.w3.files[99], ws.w3.files[149]];
  const cacheRoot = path.join(workspacesFolder, 'cache');
  fs.rmSync(cacheRoot, { recursive: true, force: true });
  const freshCache = (name) => {
    const dir = path.join(cacheRoot, name);
    fs.mkdirSync(dir, { recursive: true });
    return dir;
  };
  const put = (table, workspace, server, value) => {
    table[workspace] ??= {};
    table[workspace][server] = value;
  };
  const startupRow = (r) => ({
    ms: r.startToAllDiagnosticsMs,
    initializeMs: r.initializeMs,
    diagnostics: r.diagnostics,
    ...(r.error ? { error: r.error } : {}),
  });
  const rssRow = (r) => ({
    peakLoadMiB: r.peakLoadRssMiB,
    settledMiB: r.settledRssMiB,
    peakSessionMiB: r.peakSessionRssMiB,
    processes: r.processes,
  });
  /**
   * The editing measurements of one session, the same for both servers: keystrokes in
   * one file, then feature latencies over some files, each recorded under its row.
   */
  const measureEditing = async (client, server, capabilities, editing) => {
    const column = server === 'ours' ? 'ours' : 'yamlLs';
    const label = server === 'ours' ? 'ours' : 'yaml-ls';
    put(
      results.keystroke,
      editing.keystrokeRow,
      column,
      await guard(`${label} keystrokes in ${editing.keystrokeName}`, () =>
        keystrokes(client, server, editing.keystrokeFile, servers[server].languageId),
      ),
    );
    put(
      results.features,
      editing.featuresRow,
      column,
      await guard(`${label} features on ${editing.featuresRow.toUpperCase()}`, () =>
        features(client, server, editing.featureFiles, capabilities),
      ),
    );
  };
  /** Where each workspace's editing is measured: the 120 KB file of W3, the one W4 file. */
  const editingW3 = {
    keystrokeRow: 'file120k',
    keystrokeFile: file120k,
    keystrokeName: path.basename(file120k.path),
    featuresRow: 'w3',
    featureFiles: featureFilesW3,
  };
  const editingW4 = {
    keystrokeRow: 'w4',
    keystrokeFile: ws.w4.files[0],
    keystrokeName: 'W4',
    featuresRow: 'w4',
    featureFiles: ws.w4.files,
  };

  if (options.only.has('floor')) {
    for (const name of ['w3', 'w4']) results.floor[name] = await measureFloor(ws[name]);
  }

  if (options.only.has('cli')) {
    results.cli.w2 = await measureCli(ws.w2, 3);
    results.cli.w3 = await measureCli(ws.w3, 2);
    results.cli.w3x = await measureCli(ws.w3x, 2);
  }

  if (options.only.has('ours')) {
    for (const name of ['w1', 'w2']) {
      const r = await session({
        server: 'ours',
        workspace: ws[name],
        openAll: false,
        cacheDir: freshCache(`ours-${name}`),
        loadTimeoutMs: 60_000,
      });
      put(results.startup, name, 'ours', startupRow(r));
    }
    // A cold start with nothing open; then the same again with nothing changed since, which
    // is warm if the server keeps a cache (it gets the same cache folder).
    const coldThenWarm = async (name) => {
      const cache = freshCache(`ours-${name}`);
      const start = () =>
        session({
          server: 'ours',
          workspace: ws[name],
          openAll: false,
          cacheDir: cache,
          loadTimeoutMs: 180_000,
        });
      const cold = await start();
      put(results.startup, name, 'ours', startupRow(cold));
      put(results.rss, name, 'ours', rssRow(cold));
      put(results.warm, name, 'ours', startupRow(await start()));
    };
    await coldThenWarm('w3');
    // W3X, W3 with its lineage unmaintained: tens of thousands of information diagnostics
    // to compute, publish and cache.
    await coldThenWarm('w3x');
    // W3 cold again (a fresh cache folder), nothing open, for the editing measurements.
    const w3 = await session({
      server: 'ours',
      workspace: ws.w3,
      openAll: false,
      cacheDir: freshCache('ours-w3-work'),
      loadTimeoutMs: 180_000,
      work: async (client, r) => {
        await measureEditing(client, 'ours', r.capabilities, editingW3);
        results.rename = { ours: await guard('ours rename on W3', () => renames(client, ws.w3)) };
      },
    });
    results.startup.w3.oursSecondCold = startupRow(w3);
    results.rss.w3.oursAfterEditing = rssRow(w3);
    // W3 with every file opened by the client, as yaml-language-server needs.
    const open = await session({
      server: 'ours',
      workspace: ws.w3,
      openAll: true,
      cacheDir: freshCache('ours-w3-open'),
      loadTimeoutMs: 180_000,
    });
    put(results.startup, 'w3', 'oursOpen', startupRow(open));
    put(results.rss, 'w3', 'oursOpen', rssRow(open));
    // W4: one 2 MB file.
    const w4 = await session({
      server: 'ours',
      workspace: ws.w4,
      openAll: false,
      cacheDir: freshCache('ours-w4'),
      loadTimeoutMs: 60_000,
      work: async (client, r) => {
        await measureEditing(client, 'ours', r.capabilities, editingW4);
      },
    });
    put(results.startup, 'w4', 'ours', startupRow(w4));
    put(results.rss, 'w4', 'ours', rssRow(w4));
    for (const name of ['w1', 'w2', 'w4']) {
      const r = await session({
        server: 'ours',
        workspace: ws[name],
        openAll: true,
        cacheDir: freshCache(`ours-${name}-open`),
        loadTimeoutMs: 60_000,
      });
      put(results.startup, name, 'oursOpen', startupRow(r));
    }
  }

  if (options.only.has('yamlls')) {
    for (const name of ['w1', 'w2']) {
      const r = await session({
        server: 'yamlls',
        workspace: ws[name],
        openAll: true,
        loadTimeoutMs: 120_000,
      });
      put(results.startup, name, 'yamlLs', startupRow(r));
    }
    // W3 and W4, all open, then the editing measurements; checks the schema was applied.
    const yamlLsEditing = async (name, editing, loadTimeoutMs) => {
      const r = await session({
        server: 'yamlls',
        workspace: ws[name],
        openAll: true,
        loadTimeoutMs,
        work: async (client, row) => {
          row.schemaCheck = schemaApplied(client, ws[name]);
          await measureEditing(client, 'yamlls', row.capabilities, editing);
        },
      });
      put(results.startup, name, 'yamlLs', { ...startupRow(r), schemaCheck: r.schemaCheck });
      put(results.rss, name, 'yamlLs', rssRow(r));
    };
    await yamlLsEditing('w3', editingW3, 300_000);
    await yamlLsEditing('w4', editingW4, 120_000);
  }

  if (options.only.has('profile')) {
    const dir = path.join(workspacesFolder, 'profiles');
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    /** A profiled session of ours that types in `file` after the start; two windows of one profile. */
    const profiled = async (name, workspace, file) => {
      let typing;
      const r = await session({
        server: 'ours',
        workspace,
        openAll: false,
        cacheDir: freshCache(`profile-${name}`),
        profile: { dir, name },
        loadTimeoutMs: 240_000,
        work: async (client) => {
          const from = hrMicros();
          const measured = await keystrokes(client, 'ours', file, servers.ours.languageId);
          typing = { from, to: hrMicros(), median: measured.median };
        },
      });
      const profileFile = path.join(dir, name);
      if (!fs.existsSync(profileFile))
        throw new Error(`no profile written (${r.error ?? 'the server did not exit cleanly'})`);
      if (!typing) throw new Error(`the keystrokes failed: ${r.error}`);
      const profile = JSON.parse(fs.readFileSync(profileFile, 'utf8'));
      return {
        start: {
          file: path.relative(root, profileFile),
          window: 'from the start of the process to all diagnostics published',
          startToAllDiagnosticsMs: r.startToAllDiagnosticsMs,
          ...summarizeProfile(profile, root, { to: r.hrLoaded }),
        },
        typing: {
          file: path.relative(root, profileFile),
          window: `${options.warmupEdits + options.edits} keystrokes in ${path.basename(file.path)}`,
          keystrokeMedianMs: typing.median,
          ...summarizeProfile(profile, root, typing),
        },
      };
    };
    const w3 = await guard('profile of ours on W3', () =>
      profiled('ours-w3.cpuprofile', ws.w3, file120k),
    );
    const w4 = await guard('profile of ours on W4', () =>
      profiled('ours-w4.cpuprofile', ws.w4, ws.w4.files[0]),
    );
    results.profile = {
      coldW3: w3.error ? w3 : w3.start,
      keystrokesW3: w3.error ? w3 : w3.typing,
      keystrokesW4: w4.error ? w4 : w4.typing,
    };
  }

  results.durationSeconds = round((performance.now() - runStarted) / 1000);
  // Other work on the machine disturbs the numbers: the load averages tell whether there was any.
  results.machine.loadAverageAtEnd = os.loadavg().map((value) => round(value, 2));
  const day = startedAt.toISOString().slice(0, 10);
  const out = options.out ?? path.join(benchFolder, 'results', `${day}.json`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const config = (await prettier.resolveConfig(out)) ?? {};
  fs.writeFileSync(
    out,
    await prettier.format(JSON.stringify(results), { ...config, parser: 'json' }),
  );
  log(`wrote ${path.relative(process.cwd(), out)} in ${results.durationSeconds} s`);
}

/** The published diagnostics show the schema at work: the planted unknown key is reported. */
function schemaApplied(client, workspace) {
  let schemaDiagnostics = 0;
  for (const file of workspace.files) {
    const list = client.publications.get(file.uri);
    const last = list?.[list.length - 1];
    schemaDiagnostics += (last?.diagnostics ?? []).filter((d) =>
      /not allowed/i.test(d.message),
    ).length;
  }
  if (schemaDiagnostics === 0)
    note(
      `yaml-language-server on ${workspace.name} reported no schema problem: is the schema applied?`,
    );
  return { unknownKeysReported: schemaDiagnostics };
}

/** Runs one measurement; a failure becomes a note and an `error` entry, never an abort. */
async function guard(what, measure) {
  try {
    return await measure();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    note(`${what}: ${message}`);
    return { error: message };
  }
}

main().catch((error) => {
  process.stderr.write(`run.mjs: ${error instanceof Error ? error.stack : error}\n`);
  process.exitCode = 1;
});
