/**
 * How the checker names files: relative to the folder it runs in, with forward
 * slashes on every platform, so reports read the same on Windows and in CI logs.
 */
import * as path from 'node:path';
import { toForwardSlashes } from '../node/files';

/** `examples/a.framework.yaml` for a file under `cwd`; `../x/a.yaml` for one beside it. */
export function displayPath(cwd: string, absolutePath: string): string {
  const relative = path.relative(cwd, absolutePath);
  // A file on another Windows drive has no relative path; its absolute path says it best.
  const shown = relative === '' ? '.' : path.isAbsolute(relative) ? absolutePath : relative;
  return toForwardSlashes(shown);
}
