/**
 * Which files the checker reads. The rules, also stated in `--help`:
 * - a path naming a file is checked whatever its name: the user chose it;
 * - a directory is walked, and a file in it is a framework file when it matches the
 *   `strategicFrameworks.files.include` globs and none of the `exclude` globs, as in
 *   the editor;
 * - anything else is a glob; the files it matches are checked unless `exclude` leaves
 *   them out (the glob itself takes the place of `include`);
 * - walks never enter `node_modules` or `.git`.
 * Settings globs are relative to the working folder, which plays the part of the
 * editor's workspace folder; for a file outside it, they are relative to the folder
 * that was walked.
 */
import { promises as fs } from 'node:fs';
import type { Stats } from 'node:fs';
import * as path from 'node:path';
import type { FrameworkSettings } from '../service';
import { compareText } from '../service/util/compare';
import { compileGlob, GlobRefusedError, shortGlob } from '../service/util/glob';
import type { Glob } from '../service/util/glob';
import { CliError, describeIoError, isErrnoException } from './errors';
import {
  FrameworkFileFilter,
  globOptions,
  isInside,
  toForwardSlashes,
  walkFiles,
} from '../node/files';
import { displayPath } from './paths';

/**
 * Every file to check, as absolute paths sorted by how reports name them, each once.
 * Throws a `CliError` naming every pattern that selected no file.
 */
export async function discoverFiles(
  patterns: readonly string[],
  cwd: string,
  settings: FrameworkSettings,
): Promise<string[]> {
  const filter = new SettingsFileFilter(cwd, settings);
  const found = new Set<string>();
  const unmatched: string[] = [];
  for (const pattern of patterns) {
    const selection = await filesForPattern(pattern, cwd, filter);
    if (selection.files.length === 0) {
      unmatched.push(describeUnmatched(pattern, selection.kind, settings));
    }
    for (const file of selection.files) found.add(file);
  }
  if (unmatched.length > 0) throw new CliError(unmatched.join('\nframework-check: '));
  return [...found].sort((a, b) => compareText(displayPath(cwd, a), displayPath(cwd, b)));
}

/** What a command-line argument turned out to be, and the files it selected. */
interface Selection {
  readonly kind: 'file' | 'folder' | 'glob';
  readonly files: readonly string[];
}

async function filesForPattern(
  pattern: string,
  cwd: string,
  filter: SettingsFileFilter,
): Promise<Selection> {
  const absolutePath = path.resolve(cwd, pattern);
  const stats = await statIfExists(absolutePath, cwd);
  if (stats?.isFile()) return { kind: 'file', files: [absolutePath] };
  if (stats?.isDirectory()) {
    const files = await walk(absolutePath, cwd);
    return {
      kind: 'folder',
      files: files.filter((file) => filter.isFrameworkFile(file, absolutePath)),
    };
  }
  if (stats) {
    throw new CliError(
      `${displayPath(cwd, absolutePath)} is neither a file nor a folder; name framework files or the folders that hold them.`,
    );
  }
  return { kind: 'glob', files: await filesMatchingGlob(pattern, cwd, filter) };
}

/**
 * Files matching a glob written relative to the working folder (or absolute). Only the
 * glob's fixed leading folders are walked, so `docs/**\/*.yaml` does not read the
 * whole tree.
 */
async function filesMatchingGlob(
  pattern: string,
  cwd: string,
  filter: SettingsFileFilter,
): Promise<string[]> {
  const glob = normaliseGlob(pattern);
  const matcher = compileArgumentGlob(glob, pattern);
  // Braces count as glob syntax here: `{a,b}.yaml` names two files, not one odd name.
  if (!matcher.hasMagic) return [];
  const base = path.resolve(cwd, fixedPrefix(glob));
  const baseStats = await statIfExists(base, cwd);
  if (!baseStats?.isDirectory()) return [];
  const absoluteGlob = path.isAbsolute(glob);
  const files = await walk(base, cwd);
  return files.filter((file) => {
    const candidate = toForwardSlashes(absoluteGlob ? file : path.relative(cwd, file));
    return matcher.matches(candidate) && !filter.isExcluded(file, base);
  });
}

/**
 * A command-line glob compiled, or a `CliError` saying why the limits refuse it (the
 * same limits as the settings' globs, so that no argument can hang the checker).
 */
function compileArgumentGlob(glob: string, pattern: string): Glob {
  try {
    return compileGlob(glob, globOptions);
  } catch (error) {
    if (!(error instanceof GlobRefusedError)) throw error;
    throw new CliError(`the glob '${shortGlob(pattern)}' cannot be used: ${error.reason}.`);
  }
}

/** Whether a glob, or a part of one, has wildcards or braces; a refused one counts as having them. */
function hasMagic(glob: string): boolean {
  try {
    return compileGlob(glob, globOptions).hasMagic;
  } catch (error) {
    if (error instanceof GlobRefusedError) return true;
    throw error;
  }
}

/** Forward slashes and no leading `./`, which the glob would otherwise match literally. */
function normaliseGlob(pattern: string): string {
  const slashed = process.platform === 'win32' ? pattern.replace(/\\/g, '/') : pattern;
  return slashed.replace(/^(\.\/)+/, '');
}

/** The folders before the first segment with glob syntax: `a/b/*.yaml` gives `a/b`. */
function fixedPrefix(glob: string): string {
  const segments = glob.split('/');
  const fixed: string[] = [];
  for (const segment of segments.slice(0, -1)) {
    if (hasMagic(segment)) break;
    fixed.push(segment);
  }
  // An absolute glob such as "/srv/*.yaml" starts with an empty segment: keep the root.
  if (fixed.length === 1 && fixed[0] === '') return '/';
  return fixed.join('/');
}

/** Decides which files of a walked folder are framework files, from the settings' globs. */
class SettingsFileFilter {
  private readonly filter: FrameworkFileFilter;

  constructor(
    private readonly cwd: string,
    settings: FrameworkSettings,
  ) {
    this.filter = new FrameworkFileFilter(settings.include, settings.exclude);
  }

  isFrameworkFile(file: string, walkedFolder: string): boolean {
    return this.filter.matches(this.settingsPath(file, walkedFolder));
  }

  isExcluded(file: string, walkedFolder: string): boolean {
    return this.filter.isExcluded(this.settingsPath(file, walkedFolder));
  }

  /** The path the settings' globs are matched against (see the module comment). */
  private settingsPath(file: string, walkedFolder: string): string {
    const root = isInside(this.cwd, file) ? this.cwd : walkedFolder;
    return toForwardSlashes(path.relative(root, file));
  }
}

/** Every file under `folder`; an unreadable folder stops the run with a clear message. */
function walk(folder: string, cwd: string): Promise<string[]> {
  return walkFiles(folder, (current, error) => {
    throw new CliError(
      `cannot read the folder ${displayPath(cwd, current)}: ${describeIoError(error)}.`,
    );
  });
}

/** The file's status, or undefined when nothing is there (so the argument may be a glob). */
async function statIfExists(absolutePath: string, cwd: string): Promise<Stats | undefined> {
  try {
    return await fs.stat(absolutePath);
  } catch (error) {
    if (isErrnoException(error) && (error.code === 'ENOENT' || error.code === 'ENOTDIR')) {
      return undefined;
    }
    // Paths with characters the OS refuses (a NUL byte) cannot exist; treat them as globs.
    if (isErrnoException(error) && error.code === 'ERR_INVALID_ARG_VALUE') return undefined;
    throw new CliError(`cannot read ${displayPath(cwd, absolutePath)}: ${describeIoError(error)}.`);
  }
}

function describeUnmatched(
  pattern: string,
  kind: Selection['kind'],
  settings: FrameworkSettings,
): string {
  if (kind === 'folder') {
    const includes = settings.include.join(', ');
    return `no framework files in the folder '${pattern}'. In a folder, framework files are those matching strategicFrameworks.files.include (${includes}) and not strategicFrameworks.files.exclude; name a file to check it whatever its name.`;
  }
  return hasMagic(normaliseGlob(pattern))
    ? `no files match the glob '${pattern}'. Globs are relative to the current folder; quote them so that the shell does not expand them.`
    : `no such file or folder: '${pattern}'. Check the path, or run framework-check in the folder that holds it.`;
}
