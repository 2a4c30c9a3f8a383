/**
 * How the checker names files: relative to the folder it runs in, with forward
 * slashes on every platform, so reports read the same on Windows and in CI logs.
 */
import * as path from 'node:path';
import { URI } from 'vscode-uri';

/** `examples/a.framework.yaml` for a file under `cwd`; `../x/a.yaml` for one beside it. */
export function displayPath(cwd: string, absolutePath: string): string {
  const relative = path.relative(cwd, absolutePath);
  // A file on another Windows drive has no relative path; its absolute path says it best.
  const shown = relative === '' ? '.' : path.isAbsolute(relative) ? absolutePath : relative;
  return toForwardSlashes(shown);
}

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
