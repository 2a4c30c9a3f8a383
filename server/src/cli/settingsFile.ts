/**
 * The settings the checker honours: the `strategicFrameworks.*` keys of the folder's
 * `.vscode/settings.json`, as the editor reads them, or of a file named by `--config`.
 * Both are JSON with comments and trailing commas, as VS Code writes them, and both
 * go through the service's own `readSettings`, so the editor and CI agree.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parse, printParseErrorCode } from 'jsonc-parser';
import type { ParseError } from 'jsonc-parser';
import { defaultSettings, readSettings, sectionFromFlatSettings } from '../service';
import type { FrameworkSettings } from '../service';
import { CliError, describeIoError, isErrnoException } from './errors';
import { fileUri, stripByteOrderMark } from '../node/files';
import { displayPath } from './paths';

/** A problem with the settings that the checker reports and then works around. */
export interface SettingsWarning {
  /** The settings file, relative to the working folder. */
  readonly file: string;
  /** The settings file's `file://` URI, for reports that link to it. */
  readonly uri: string;
  /** 1-based position in the file, when the problem is at one place in its text. */
  readonly line?: number;
  readonly column?: number;
  readonly message: string;
}

export interface LoadedSettings {
  readonly settings: FrameworkSettings;
  /** The settings file read, relative to the working folder; undefined when there was none. */
  readonly file: string | undefined;
  readonly warnings: readonly SettingsWarning[];
}

export const workspaceSettingsFile = path.join('.vscode', 'settings.json');

/**
 * Reads `configFile` when given (it must exist and be valid), otherwise the folder's
 * `.vscode/settings.json` when there is one (a broken one only draws warnings, as in
 * the editor, which also keeps going with what it could read).
 */
export async function loadSettings(
  cwd: string,
  configFile: string | undefined,
): Promise<LoadedSettings> {
  const explicit = configFile !== undefined;
  const absolutePath = path.resolve(cwd, configFile ?? workspaceSettingsFile);
  const file = displayPath(cwd, absolutePath);
  const uri = fileUri(absolutePath);

  let text: string;
  try {
    text = stripByteOrderMark(await fs.readFile(absolutePath, 'utf8'));
  } catch (error) {
    if (!explicit && isErrnoException(error) && error.code === 'ENOENT') {
      return { settings: defaultSettings, file: undefined, warnings: [] };
    }
    const fix = explicit ? 'Check the path given to --config.' : 'Fix or remove the file.';
    throw new CliError(`cannot read the settings file ${file}: ${describeIoError(error)}. ${fix}`);
  }

  const warnings: SettingsWarning[] = [];
  const errors: ParseError[] = [];
  const content: unknown = parse(text, errors, {
    allowTrailingComma: true,
    disallowComments: false,
    allowEmptyContent: true,
  });
  for (const error of errors) {
    const { line, column } = lineAndColumn(text, error.offset);
    const problem = `${printParseErrorCode(error.error)} (the file must be JSON; comments and trailing commas are allowed)`;
    if (explicit) {
      throw new CliError(`${file}:${line}:${column}: invalid settings file: ${problem}.`);
    }
    warnings.push({
      file,
      uri,
      line,
      column,
      message: `invalid JSON: ${problem}; settings after it may be ignored.`,
    });
  }

  let flatSettings: unknown = content ?? {};
  if (typeof flatSettings !== 'object' || flatSettings === null || Array.isArray(flatSettings)) {
    const problem =
      'must hold a JSON object of settings, such as { "strategicFrameworks.files.exclude": [] }';
    if (explicit) throw new CliError(`invalid settings file ${file}: it ${problem}.`);
    warnings.push({ file, uri, message: `the file ${problem}; it is ignored.` });
    flatSettings = {};
  }

  const reading = readSettings(sectionFromFlatSettings(flatSettings));
  for (const problem of reading.problems) {
    warnings.push({ file, uri, message: `${problem.setting}: ${problem.message}` });
  }
  return { settings: reading.settings, file, warnings };
}

/** `FILE: warning: MESSAGE`, or `FILE:LINE:COLUMN: warning: MESSAGE` when it has a place. */
export function formatSettingsWarning(warning: SettingsWarning): string {
  const place =
    warning.line !== undefined
      ? `${warning.file}:${warning.line}:${warning.column ?? 1}`
      : warning.file;
  return `${place}: warning: ${warning.message}`;
}

/** The 1-based line and column (in UTF-16 code units) of an offset into `text`. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lines = before.split(/\r\n|\r|\n/);
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}
