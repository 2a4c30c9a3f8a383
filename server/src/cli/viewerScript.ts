/**
 * The strategy map's viewer script (`media/strategyMap.js`), which the HTML report
 * inlines: the very file the extension's webview runs, so zooming, panning and clicking
 * work the same in both. It is read from the package the checker runs from, found by
 * walking up from this module (`dist/` in the package, `out/server/src/cli/` in a
 * development build) to the folder whose `package.json` is this project's and that
 * holds the script (a development build copies `package.json` into `out/` too).
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import manifest from '../../../package.json';
import { CliError, describeIoError } from './errors';

const scriptPath = ['media', 'strategyMap.js'];

export async function readViewerScript(): Promise<string> {
  const root = await packageRoot(__dirname);
  const file = path.join(root ?? path.resolve(__dirname, '..'), ...scriptPath);
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(
      `cannot read the strategy map's viewer script, ${file}: ${describeIoError(error)}. ` +
        'The HTML report needs it; reinstall the package (or run npm run build in a checkout), then try again.',
    );
  }
}

/** The nearest folder above `start` whose package.json names this package, with the script. */
async function packageRoot(start: string): Promise<string | undefined> {
  for (let folder = start; ; folder = path.dirname(folder)) {
    const text = await fs.readFile(path.join(folder, 'package.json'), 'utf8').catch(() => '');
    if (text !== '') {
      try {
        const parsed: unknown = JSON.parse(text);
        const ours =
          typeof parsed === 'object' &&
          parsed !== null &&
          'name' in parsed &&
          parsed.name === manifest.name;
        const script = path.join(folder, ...scriptPath);
        if (ours && (await fs.stat(script).catch(() => undefined))?.isFile()) return folder;
      } catch {
        // Not this package's manifest; keep looking higher up.
      }
    }
    if (path.dirname(folder) === folder) return undefined;
  }
}
