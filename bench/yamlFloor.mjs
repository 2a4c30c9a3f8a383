#!/usr/bin/env node
// The floor the `yaml` package sets: how long the bare parse of a workspace's bytes
// takes, in a fresh process (the benchmark starts one per measurement, so the JIT is
// as cold as in a server that just started). Prints one JSON line.
//
//   node bench/yamlFloor.mjs --mode document|cst FOLDER
//
// `document`: `parseAllDocuments` with the options of server/src/service/parsing/parseFile.ts
// (the AST our parser walks). `cst`: the bare concrete syntax tree (Lexer + Parser), the
// least any parser built on the package can do.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Parser, parseAllDocuments } from 'yaml';

// The very options the server's parser uses (server/src/service/parsing/parseFile.ts).
const yamlOptions = JSON.parse(
  fs.readFileSync(
    new URL('../server/src/service/parsing/yamlOptions.json', import.meta.url),
    'utf8',
  ),
);

const args = process.argv.slice(2);
const mode = args[args.indexOf('--mode') + 1];
const folder = args[args.length - 1];
if (!['document', 'cst'].includes(mode) || !fs.existsSync(folder)) {
  process.stderr.write('usage: node bench/yamlFloor.mjs --mode document|cst FOLDER\n');
  process.exit(2);
}

const texts = fs
  .readdirSync(folder)
  .filter((name) => name.endsWith('.framework.yaml'))
  .sort()
  .map((name) => fs.readFileSync(path.join(folder, name), 'utf8'));
const bytes = texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0);

let nodes = 0;
const start = performance.now();
for (const text of texts) {
  if (mode === 'document') {
    for (const document of parseAllDocuments(text, yamlOptions)) {
      if (document.contents) nodes++;
    }
  } else {
    for (const token of new Parser().parse(text)) {
      if (token) nodes++;
    }
  }
}
const ms = performance.now() - start;
process.stdout.write(
  `${JSON.stringify({ mode, files: texts.length, bytes, ms, mbPerSecond: bytes / 1e6 / (ms / 1000), nodes })}\n`,
);
