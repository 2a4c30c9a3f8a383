/**
 * The corpus: every input that once made the service or the server fail, and the
 * hostile inputs small enough to keep, in `test/robustness/corpus/`. `index.json`
 * says what each file is, how it was found, and the bug it showed. Files are kept as
 * bytes (`*.framework.yaml`, read as the server reads a file) or, for text that no
 * byte encoding holds (lone surrogates), as JSON (`*.json`, `{ "text": ... }`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Position } from 'vscode-languageserver-types';
import { decodeFrameworkFile } from '../../server/src/node/files';
import type { Random } from '../random';
import { repositoryRoot } from './inputs';
import type { DocumentLines } from './invariants';
import type { knownBugs } from './knownBugs';

export const corpusFolder = path.join(repositoryRoot, 'test', 'robustness', 'corpus');
export const corpusIndexPath = path.join(corpusFolder, 'index.json');

export interface CorpusEntry {
  /** What the input is. */
  readonly what: string;
  /** Where it came from: a hostile input, or the fuzz run and case that found it. */
  readonly found: string;
  /** The bug it showed, if any. */
  readonly bug?: string;
  /** The known bug it still shows (see `knownBugs.ts`); its tests are skipped. */
  readonly knownBug?: keyof typeof knownBugs;
}

export function readCorpusIndex(): Record<string, CorpusEntry> {
  return JSON.parse(fs.readFileSync(corpusIndexPath, 'utf8')) as Record<string, CorpusEntry>;
}

/** The files in the corpus folder, besides the index. */
export function corpusFiles(): string[] {
  return fs
    .readdirSync(corpusFolder)
    .filter((name) => name !== 'index.json')
    .sort();
}

/** A corpus file's bytes, when it is kept as bytes. */
export function corpusBytes(file: string): Buffer | undefined {
  return file.endsWith('.json') ? undefined : fs.readFileSync(path.join(corpusFolder, file));
}

/** A corpus file's text as the service sees it. */
export function corpusText(file: string): string {
  const bytes = corpusBytes(file);
  if (bytes) return decodeFrameworkFile(bytes);
  const stored = JSON.parse(fs.readFileSync(path.join(corpusFolder, file), 'utf8')) as {
    text: string;
  };
  return stored.text;
}

/**
 * The positions a corpus file is exercised at: every one in a short file, the start
 * and end of each line and random ones in a longer file, so that a regression shows
 * wherever in the file it is.
 */
export function corpusPositions(lines: DocumentLines, random: Random): Position[] {
  if (lines.text.length <= 300) {
    return Array.from({ length: lines.text.length + 1 }, (_, offset) => lines.positionAt(offset));
  }
  const positions: Position[] = [];
  for (let line = 0; line < Math.min(lines.lineCount, 150); line++) {
    positions.push({ line, character: 0 }, { line, character: lines.lengths[line] });
  }
  for (let round = 0; round < 100; round++) {
    positions.push(lines.positionAt(random.int(lines.text.length + 1)));
  }
  return positions;
}

/** A seed from a file name, so that each corpus file always gets the same positions. */
export function nameSeed(name: string): number {
  let hash = 2166136261;
  for (let at = 0; at < name.length; at++) hash = Math.imul(hash ^ name.charCodeAt(at), 16777619);
  return hash >>> 0;
}
