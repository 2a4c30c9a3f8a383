// Summarises a V8 CPU profile (`node --cpu-prof`) of the language server: self time per
// function, mapped back to the TypeScript sources and packages through the bundle's
// source map, and per area (the YAML parser, our parsing walk, the index, JSON-RPC...).
import * as fs from 'node:fs';
import { SourceMap } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where a source file belongs, for the per-area table. First match wins. */
const areas = [
  [/^node:/, 'Node.js internals'],
  [/node_modules\/yaml\//, 'yaml package'],
  [/server\/src\/service\/parsing\//, 'service: parsing (service/parsing/)'],
  [/server\/src\/service\/workspaceIndex/, 'service: workspace index'],
  [/server\/src\/service\/languageFeatures\/diagnostics/, 'service: cross-file diagnostics'],
  [/server\/src\/service\/util\//, 'service: helpers (service/util/)'],
  [/server\/src\/service\//, 'service: other'],
  [/server\/src\/(lspWorkspace|server|node\/)/, 'server host (disk scan, publishing)'],
  [/node_modules\/vscode-(languageserver|jsonrpc)/, 'LSP library (JSON-RPC, documents)'],
  [/node_modules\//, 'other packages'],
];

function areaOf(source, functionName) {
  if (functionName === '(garbage collector)') return 'garbage collector';
  if (functionName === '(idle)') return 'idle (waiting)';
  if (functionName === '(program)') return 'V8/Node (program)';
  if (!source) return 'Node.js internals';
  for (const [pattern, area] of areas) if (pattern.test(source)) return area;
  return 'other';
}

/** Loads the source maps of bundles named in the profile (file URLs or paths). */
function sourceMapFor(url, cache) {
  if (cache.has(url)) return cache.get(url);
  let map;
  try {
    const file = url.startsWith('file:') ? fileURLToPath(url) : url;
    if (path.isAbsolute(file) && fs.existsSync(`${file}.map`)) {
      map = new SourceMap(JSON.parse(fs.readFileSync(`${file}.map`, 'utf8')));
      map.folder = path.dirname(file);
    }
  } catch {
    map = undefined;
  }
  cache.set(url, map);
  return map;
}

/**
 * @param {object} profile the parsed .cpuprofile
 * @param {string} root the repository root, to print paths relative to it
 * @param {object} [window] only the samples taken between `from` and `to`, in microseconds
 *   of the monotonic clock (`process.hrtime.bigint() / 1000n` in any process of the machine:
 *   V8 stamps its samples with the same clock)
 * @param {number} [top] how many functions to list
 */
export function summarizeProfile(profile, root, window = {}, top = 20) {
  const selfMicros = new Map();
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const { samples, timeDeltas } = profile;
  const from = window.from ?? -Infinity;
  const to = window.to ?? Infinity;
  if (from > profile.endTime || to < profile.startTime) {
    throw new Error(
      `the window ${from}..${to} lies outside the profile (${profile.startTime}..${profile.endTime}): not the same clock?`,
    );
  }
  let time = profile.startTime;
  let kept = 0;
  for (let i = 0; i < samples.length; i++) {
    time += timeDeltas[i];
    if (time < from || time > to) continue;
    kept++;
    // The delta before sample i+1 is the time spent in sample i.
    const delta = timeDeltas[i + 1] ?? 0;
    selfMicros.set(samples[i], (selfMicros.get(samples[i]) ?? 0) + Math.max(0, delta));
  }
  const maps = new Map();
  const functions = new Map();
  const areaTotals = new Map();
  let totalMicros = 0;
  let busyMicros = 0;
  for (const [id, micros] of selfMicros) {
    const node = byId.get(id);
    if (!node) continue;
    const frame = node.callFrame;
    const name = frame.functionName || '(anonymous)';
    let source = frame.url ? frame.url.replace(/^file:\/\//, '') : '';
    let line = frame.lineNumber;
    const map = frame.url ? sourceMapFor(frame.url, maps) : undefined;
    if (map && frame.lineNumber >= 0) {
      const entry = map.findEntry(frame.lineNumber, frame.columnNumber);
      if (entry && entry.originalSource) {
        source = entry.originalSource.startsWith('file:')
          ? fileURLToPath(entry.originalSource)
          : path.resolve(map.folder, entry.originalSource);
        line = entry.originalLine;
      }
    }
    const relative = source && path.isAbsolute(source) ? path.relative(root, source) : source;
    const area = areaOf(relative, name);
    totalMicros += micros;
    if (area !== 'idle (waiting)') busyMicros += micros;
    areaTotals.set(area, (areaTotals.get(area) ?? 0) + micros);
    const key = `${name}\0${relative}\0${line}`;
    const entry = functions.get(key) ?? {
      function: name,
      source: relative ? `${relative}:${line + 1}` : '',
      area,
      micros: 0,
    };
    entry.micros += micros;
    functions.set(key, entry);
  }
  const ms = (micros) => Math.round(micros / 100) / 10;
  const share = (micros) => Math.round((1000 * micros) / Math.max(1, busyMicros)) / 10;
  return {
    totalMs: ms(totalMicros),
    busyMs: ms(busyMicros),
    samples: kept,
    topFunctions: [...functions.values()]
      .filter((entry) => entry.area !== 'idle (waiting)')
      .sort((a, b) => b.micros - a.micros)
      .slice(0, top)
      .map((entry) => ({
        function: entry.function,
        source: entry.source,
        area: entry.area,
        selfMs: ms(entry.micros),
        percentOfBusy: share(entry.micros),
      })),
    areas: [...areaTotals.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([area, micros]) => ({
        area,
        selfMs: ms(micros),
        percentOfBusy: area === 'idle (waiting)' ? null : share(micros),
      })),
  };
}

// node bench/profile.mjs FILE.cpuprofile: prints the summary.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const summary = summarizeProfile(JSON.parse(fs.readFileSync(process.argv[2], 'utf8')), root);
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
}
