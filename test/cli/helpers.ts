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

/** Framework `id` with goal 1, "Grow", followed by `lines`: the start all the test frameworks share. */
function frameworkWithGoalOne(id: string, ...lines: string[]): string {
  return [
    `framework: ${id}`,
    `title: Framework ${id}`,
    'goals:',
    '  - id: "1"',
    '    title: Grow',
    ...lines,
    '',
  ].join('\n');
}

/** A framework with no problems: one goal, one objective. */
export function validFramework(id: string): string {
  return frameworkWithGoalOne(
    id,
    '    objectives:',
    '      - id: "1.1"',
    '        title: Grow steadily',
  );
}

/** A framework with exactly one problem: an `id-numbering` warning on objective 2.1. */
export function frameworkWithWarning(id: string): string {
  return frameworkWithGoalOne(
    id,
    '    objectives:',
    '      - id: "2.1"',
    '        title: Filed under the wrong goal',
  );
}

/** A framework with exactly one problem: an `unresolved-reference` error to item 7. */
export function frameworkWithError(id: string): string {
  return frameworkWithGoalOne(
    id,
    'programmes:',
    '  - id: p',
    '    title: Programme',
    '    supports: ["7"]',
  );
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

/** The JSON report's shape, as the tests read it. */
export interface JsonReport {
  version: number;
  summary: Record<
    'files' | 'frameworks' | 'items' | 'errors' | 'warnings' | 'infos' | 'hints',
    number
  >;
  files: {
    path: string;
    uri: string;
    diagnostics: {
      severity: string;
      code: string | null;
      message: string;
      line: number;
      column: number;
      endLine: number;
      endColumn: number;
      related: { path: string; line: number; column: number; message: string }[];
      candidates?: string[];
    }[];
  }[];
}

/** The parts of a SARIF log the tests read; the schema checks the rest. */
export interface SarifLog {
  $schema: string;
  version: string;
  runs: {
    tool: {
      driver: {
        name: string;
        informationUri: string;
        version: string;
        semanticVersion: string;
        rules: {
          id: string;
          name: string;
          shortDescription: { text: string };
          helpUri: string;
          defaultConfiguration: { level: string; enabled?: boolean };
        }[];
      };
    };
    invocations: {
      executionSuccessful: boolean;
      toolConfigurationNotifications: { level: string; message: { text: string } }[];
    }[];
    originalUriBaseIds: Record<string, { uri: string }>;
    artifacts: { location: SarifArtifactLocation }[];
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: { physicalLocation: SarifPhysicalLocation }[];
      relatedLocations?: {
        id: number;
        physicalLocation: SarifPhysicalLocation;
        message: { text: string };
      }[];
    }[];
  }[];
}

export interface SarifArtifactLocation {
  uri: string;
  uriBaseId?: string;
  index?: number;
}

export interface SarifPhysicalLocation {
  artifactLocation: SarifArtifactLocation;
  region: { startLine: number; startColumn: number; endLine: number; endColumn: number };
}
