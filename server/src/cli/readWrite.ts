/**
 * The checker's file I/O besides discovery: reading the framework files it checks and
 * writing the report for `--out`. Every failure becomes a `CliError` (exit code 2)
 * that names the file.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { CliError, describeIoError } from './errors';
import { readFrameworkFileText } from '../node/files';
import { displayPath } from './paths';

/** How many files are read at once: enough to keep the disk busy, far below open-file limits. */
const concurrentReads = 32;

/**
 * Reads every file as UTF-8, or as UTF-16 when it starts with that byte order mark (see
 * `decodeFrameworkFile`). All failures are reported together, so one run shows every
 * unreadable file rather than the first.
 */
export async function readFrameworkFiles(files: readonly string[], cwd: string): Promise<string[]> {
  const texts = new Array<string>(files.length);
  const failures: string[] = [];
  let next = 0;
  const readNext = async (): Promise<void> => {
    while (next < files.length) {
      const index = next++;
      try {
        texts[index] = await readFrameworkFileText(files[index]);
      } catch (error) {
        failures[index] =
          `cannot read ${displayPath(cwd, files[index])}: ${describeIoError(error)}.`;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrentReads, files.length) }, readNext));
  const messages = failures.filter((failure) => failure !== undefined);
  if (messages.length > 0) {
    throw new CliError(
      `${messages.join('\nframework-check: ')}\nframework-check: fix the file permissions or leave the files out, then run again.`,
    );
  }
  return texts;
}

export async function writeReport(outFile: string, output: string, cwd: string): Promise<void> {
  try {
    await fs.mkdir(path.dirname(outFile), { recursive: true });
    await fs.writeFile(outFile, output, 'utf8');
  } catch (error) {
    throw new CliError(
      `cannot write the report to ${displayPath(cwd, outFile)}: ${describeIoError(error)}. Choose another --out file.`,
    );
  }
}
