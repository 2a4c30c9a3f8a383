/**
 * Helpers for the `framework-check` tests: running the checker in-process with
 * captured output, and building throw-away folders of framework files.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../server/src/cli/main';

/** The repository root: tests are compiled to `out/test/cli/`. */
export const repositoryRoot = path.resolve(__dirname, '..', '..', '..');

export const examplesFolder = path.join(repositoryRoot, 'examples');

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `framework-check ARGV` in `cwd` without a child process. */
export async function runCli(argv: readonly string[], cwd: string): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main([...argv], {
    cwd,
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  });
  return { code, stdout, stderr };
}

/**
 * A fresh folder under the system's temporary folder. Each test file removes its
 * folders in `afterEach` through `removeTemporaryFolders`.
 */
const temporaryFolders: string[] = [];

export function makeTemporaryFolder(): string {
  // realpath: on macOS the temporary folder is reached through a symbolic link, and the
  // checker names files by their resolved location.
  const folder = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'framework-check-')));
  temporaryFolders.push(folder);
  return folder;
}

export function removeTemporaryFolders(): void {
  while (temporaryFolders.length > 0) {
    fs.rmSync(temporaryFolders.pop() as string, { recursive: true, force: true });
  }
}

/** Writes `files` (relative path to text) under `root`, creating folders as needed. */
export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [relativePath, text] of Object.entries(files)) {
    const filePath = path.join(root, relativePath);
    fs.mkdirSync(path.dirname(filePath), { recursive: true });
    fs.writeFileSync(filePath, text);
  }
}

/** A framework with no problems: one goal, one objective. */
export function validFramework(id: string): string {
  return [
    `framework: ${id}`,
    `title: Framework ${id}`,
    'goals:',
    '  - id: "1"',
    '    title: Grow',
    '    objectives:',
    '      - id: "1.1"',
    '        title: Grow steadily',
    '',
  ].join('\n');
}

/** A framework with exactly one problem: an `id-numbering` warning on objective 2.1. */
export function frameworkWithWarning(id: string): string {
  return [
    `framework: ${id}`,
    `title: Framework ${id}`,
    'goals:',
    '  - id: "1"',
    '    title: Grow',
    '    objectives:',
    '      - id: "2.1"',
    '        title: Filed under the wrong goal',
    '',
  ].join('\n');
}

/** A framework with exactly one problem: an `unresolved-reference` error to item 7. */
export function frameworkWithError(id: string): string {
  return [
    `framework: ${id}`,
    `title: Framework ${id}`,
    'goals:',
    '  - id: "1"',
    '    title: Grow',
    'programmes:',
    '  - id: p',
    '    title: Programme',
    '    supports: ["7"]',
    '',
  ].join('\n');
}

/** The 1-based line and column (UTF-16) where `needle` first occurs in `text`, after `from`. */
export function positionOf(
  text: string,
  needle: string,
  from = 0,
): { line: number; column: number } {
  const offset = text.indexOf(needle, from);
  if (offset < 0) throw new Error(`'${needle}' does not occur in the text`);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/** The non-empty lines of some output. */
export function linesOf(output: string): string[] {
  return output.split('\n').filter((line) => line !== '');
}
