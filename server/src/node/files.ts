/**
 * Finding and reading framework files on disk: what the command-line checker and the
 * language server share, so that both see the same files the same way. (The
 * language service itself never touches the disk.)
 */
import { promises as fs } from 'node:fs';
import type { Dirent } from 'node:fs';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { limits } from '../service/limits';
import { compileGlob, GlobRefusedError } from '../service/util/glob';
import type { Glob, GlobOptions } from '../service/util/glob';

/** Folders a walk never enters: dependencies and version-control data hold no frameworks. */
export const skippedFolders: ReadonlySet<string> = new Set(['node_modules', '.git']);

/** Globs compare a path's drive letter whatever its case on Windows, as the file system does. */
export const globOptions: GlobOptions = { windowsDriveLetters: process.platform === 'win32' };

export function toForwardSlashes(filePath: string): string {
  return filePath.split(path.sep).join('/');
}

/** Whether `absolutePath` is `folder` itself or lies somewhere inside it. */
export function isInside(folder: string, absolutePath: string): boolean {
  const relative = path.relative(folder, absolutePath);
  const outside = relative === '..' || relative.startsWith(`..${path.sep}`);
  return !outside && !path.isAbsolute(relative);
}

/** The `file://` URI the language service knows a file by, as the editor would spell it. */
export function fileUri(absolutePath: string): string {
  return URI.file(absolutePath).toString();
}

/** Text as read from disk, minus the byte order mark some Windows editors write. */
export function stripByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * The text of a framework file from its bytes, as the editor reads it: UTF-16 (little
 * or big endian) when the file starts with that byte order mark, UTF-8 otherwise, and
 * without the mark. VS Code recognises UTF-16 by its mark, so a file a Windows editor
 * saved as UTF-16 must read the same in the server and the checker as in the editor;
 * read as UTF-8 it would be NUL bytes between letters, and every position would be off.
 */
export function decodeFrameworkFile(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const littleEndian = buffer[0] === 0xff && buffer[1] === 0xfe;
  const bigEndian = buffer[0] === 0xfe && buffer[1] === 0xff;
  if (!littleEndian && !bigEndian) return stripByteOrderMark(buffer.toString('utf8'));
  const units = Buffer.from(buffer.subarray(2, 2 + ((buffer.length - 2) & ~1)));
  if (bigEndian) units.swap16();
  // A last odd byte is half a character: shown as a replacement, as editors do.
  return units.toString('utf16le') + (buffer.length % 2 === 1 ? '\ufffd' : '');
}

/**
 * The text of a framework file on disk, as `decodeFrameworkFile` reads it; of a file
 * too large to be checked, only as much as shows that it is. A UTF-16 code unit takes
 * at most three bytes of UTF-8 (and two of UTF-16), so that many bytes per unit of
 * `limits.maxFileBytes`, and a byte order mark, always decode to more text than the
 * limit: the service refuses the file, and a file of gigabytes is never held in memory.
 */
export async function readFrameworkFileText(filePath: string): Promise<string> {
  return (await readFrameworkFile(filePath)).text;
}

/**
 * `readFrameworkFileText`, with the file's size and modification time as it was read
 * (the server's cache fingerprints files by them), from the one `stat` of the read.
 */
export async function readFrameworkFile(
  filePath: string,
): Promise<{ readonly text: string; readonly size: number; readonly mtimeMs: number }> {
  const handle = await fs.open(filePath, 'r');
  try {
    const { size, mtimeMs } = await handle.stat();
    const enough = 3 * limits.maxFileBytes + 4;
    if (size <= enough)
      return { text: decodeFrameworkFile(await handle.readFile()), size, mtimeMs };
    const buffer = Buffer.alloc(enough);
    let filled = 0;
    while (filled < enough) {
      const { bytesRead } = await handle.read(buffer, filled, enough - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return { text: decodeFrameworkFile(buffer.subarray(0, filled)), size, mtimeMs };
  } finally {
    await handle.close();
  }
}

/**
 * Decides which files are framework files from the include and exclude globs,
 * matched against paths relative to a root folder (the workspace folder). Each glob
 * is compiled once, and matches in time bounded whatever it and the path hold (see
 * `service/util/glob.ts`).
 */
export class FrameworkFileFilter {
  private readonly include: readonly Glob[];
  private readonly exclude: readonly Glob[];

  /**
   * A glob the limits refuse selects nothing and excludes nothing. The settings reader
   * has already reported and dropped such globs from our own settings; this keeps any
   * other source (the editor's `files.exclude`) from stopping the host.
   */
  constructor(include: readonly string[], exclude: readonly string[]) {
    this.include = include.flatMap(compileUsable);
    this.exclude = exclude.flatMap(compileUsable);
  }

  /** Whether a path relative to the root, with forward slashes, is a framework file. */
  matches(relativePath: string): boolean {
    return (
      this.include.some((glob) => glob.matches(relativePath)) && !this.isExcluded(relativePath)
    );
  }

  isExcluded(relativePath: string): boolean {
    return this.exclude.some((glob) => glob.matches(relativePath));
  }
}

/** The glob compiled, or nothing when the limits refuse it. */
function compileUsable(glob: string): Glob[] {
  try {
    return [compileGlob(glob, globOptions)];
  } catch (error) {
    if (error instanceof GlobRefusedError) return [];
    throw error;
  }
}

/**
 * Every file under `folder`, skipping `node_modules` and `.git` and the folders
 * `skipFolder` refuses. Symbolic links are followed, but a folder already visited (a
 * link back up the tree) is not entered twice. A folder that cannot be read goes to
 * `onUnreadableFolder`, which may throw to stop the walk.
 */
export async function walkFiles(
  folder: string,
  onUnreadableFolder: (folder: string, error: unknown) => void,
  skipFolder: (folder: string) => boolean = () => false,
): Promise<string[]> {
  const files: string[] = [];
  const visited = new Set<string>();
  const pending = [folder];
  while (pending.length > 0) {
    const current = pending.pop() as string;
    const realPath = await fs.realpath(current).catch(() => current);
    if (visited.has(realPath)) continue;
    visited.add(realPath);
    let entries: Dirent[];
    try {
      entries = await fs.readdir(current, { withFileTypes: true });
    } catch (error) {
      onUnreadableFolder(current, error);
      continue;
    }
    for (const entry of entries) {
      const entryPath = path.join(current, entry.name);
      const enter = (): boolean => !skippedFolders.has(entry.name) && !skipFolder(entryPath);
      if (entry.isDirectory()) {
        if (enter()) pending.push(entryPath);
      } else if (entry.isFile()) {
        files.push(entryPath);
      } else if (entry.isSymbolicLink()) {
        // A dangling link is not a file to check; skip it rather than fail.
        const target = await fs.stat(entryPath).catch(() => undefined);
        if (target?.isFile()) files.push(entryPath);
        else if (target?.isDirectory() && enter()) pending.push(entryPath);
      }
    }
  }
  return files;
}
