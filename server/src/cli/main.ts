/**
 * `framework-check`: the command-line host of the language service, for CI. It finds
 * the framework files, reads them into an in-memory workspace, asks the service for
 * each file's diagnostics (the very checks the editor runs) and prints a report.
 * It implements no check of its own.
 */
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { createLanguageService, InMemoryWorkspace } from '../service';
import type { FrameworkSettings, Logger } from '../service';
import { parseArguments } from './arguments';
import type { CheckOptions, OutputFormat } from './arguments';
import { discoverFiles } from './discovery';
import { CliError } from './errors';
import { formatJson } from './formatJson';
import { formatSarif } from './formatSarif';
import { formatText } from './formatText';
import { toolVersion } from './packageInfo';
import { fileUri } from '../node/files';
import { displayPath } from './paths';
import { readFrameworkFiles, writeReport } from './readWrite';
import { buildReport } from './report';
import { buildReportDocument } from './reportDocument';
import { readViewerScript } from './viewerScript';
import type { CheckReport, FileToReport } from './report';
import { formatSettingsWarning, loadSettings } from './settingsFile';
import type { SettingsWarning } from './settingsFile';
import { usage } from './usage';

/** Where the checker runs and writes; tests pass their own to run it in-process. */
export interface CliIo {
  /** The folder relative paths, globs and `.vscode/settings.json` are resolved from. */
  readonly cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
}

export const exitCodes = {
  /** No errors, and warnings within `--max-warnings`. */
  success: 0,
  /** Errors found, or too many warnings. */
  problemsFound: 1,
  /** The check could not run: usage mistake or I/O failure. */
  cannotRun: 2,
} as const;

const formatters: Readonly<Record<OutputFormat, (report: CheckReport, quiet: boolean) => string>> =
  {
    text: formatText,
    json: formatJson,
    sarif: formatSarif,
  };

/**
 * Runs the checker with `argv` (the arguments after the program name) and resolves to
 * the exit code. It never throws or rejects: every failure becomes a message on
 * standard error and exit code 2.
 */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    const message =
      error instanceof CliError
        ? error.message
        : `internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\nPlease report this at the project's issue tracker.`;
    try {
      io.stderr(`framework-check: ${message}\n`);
    } catch {
      // Standard error itself failed (a closed pipe): the exit code is all that is left.
    }
    return exitCodes.cannotRun;
  }
}

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArguments(argv);
  if (parsed.command === 'help') {
    io.stdout(usage);
    return exitCodes.success;
  }
  if (parsed.command === 'version') {
    io.stdout(`${toolVersion}\n`);
    return exitCodes.success;
  }
  const options = parsed.options;
  const cwd = path.resolve(io.cwd);

  const loaded = await loadSettings(cwd, options.configFile);
  reportSettingsWarnings(loaded.warnings, io);
  if (options.verbose) {
    io.stderr(
      `framework-check: info: settings: ${loaded.file ?? 'none found, using the defaults'}\n`,
    );
  }
  const files = await discoverFiles(options.patterns, cwd, loaded.settings);
  if (options.verbose) {
    io.stderr(
      `framework-check: info: checking ${files.length} file${files.length === 1 ? '' : 's'}\n`,
    );
  }
  const texts = await readFrameworkFiles(files, cwd);
  // Read before checking: a report that cannot be written should fail before the work.
  const viewerScript = options.report === 'html' ? await readViewerScript() : undefined;
  const { report, document } = checkFiles(
    files,
    texts,
    cwd,
    loaded.settings,
    loaded.warnings,
    options,
    io,
    viewerScript,
  );

  const output = document ?? formatters[options.format](report, options.quiet);
  if (options.outFile !== undefined) {
    await writeReport(path.resolve(cwd, options.outFile), output, cwd);
  } else {
    io.stdout(output);
  }

  return exitCodeFor(report, options, io);
}

/**
 * Runs the language service over the files read and gathers its findings into a report,
 * and, for `--report`, the document of the frameworks.
 */
function checkFiles(
  files: readonly string[],
  texts: readonly string[],
  cwd: string,
  settings: FrameworkSettings,
  settingsWarnings: readonly SettingsWarning[],
  options: CheckOptions,
  io: CliIo,
  viewerScript: string | undefined,
): { report: CheckReport; document: string | undefined } {
  const named = files.map((file) => ({ uri: fileUri(file), path: displayPath(cwd, file) }));
  const pathsByUri = new Map(named.map((file) => [file.uri, file.path]));
  // Files go in sorted, so that which of two duplicated frameworks wins does not depend
  // on the order the disk listed them in.
  const workspace = new InMemoryWorkspace(
    named.map((file, index) => [file.uri, texts[index]] as const),
  );
  const service = createLanguageService({
    workspace,
    logger: cliLogger(io, options.verbose),
    settings,
  });
  try {
    const checked: FileToReport[] = named.map((file) => ({
      ...file,
      diagnostics: service.getDiagnostics(file.uri),
    }));
    const pathOfUri = (uri: string): string =>
      pathsByUri.get(uri) ?? displayPath(cwd, URI.parse(uri).fsPath);
    const report = buildReport(
      rootUri(cwd),
      checked,
      service.getSummary(),
      settingsWarnings,
      pathOfUri,
    );
    const document =
      options.report === undefined
        ? undefined
        : buildReportDocument(options.report, service, report, options.quiet, viewerScript);
    return { report, document };
  } finally {
    service.dispose();
  }
}

function exitCodeFor(report: CheckReport, options: CheckOptions, io: CliIo): number {
  const { errors, warnings } = report.summary;
  if (errors > 0) return exitCodes.problemsFound;
  if (options.maxWarnings !== undefined && warnings > options.maxWarnings) {
    io.stderr(
      `framework-check: ${warnings} warning${warnings === 1 ? '' : 's'} found; --max-warnings ${options.maxWarnings} allows no more than ${options.maxWarnings}.\n`,
    );
    return exitCodes.problemsFound;
  }
  return exitCodes.success;
}

function reportSettingsWarnings(warnings: readonly SettingsWarning[], io: CliIo): void {
  for (const warning of warnings) io.stderr(`${formatSettingsWarning(warning)}\n`);
}

/**
 * The service's log: warnings and errors always reach standard error, since they
 * explain odd results; the rest only with `--verbose`, to keep CI logs short.
 */
function cliLogger(io: CliIo, verbose: boolean): Logger {
  return {
    log(level, message) {
      if (level === 'warn' || level === 'error' || verbose) {
        io.stderr(`framework-check: ${level === 'warn' ? 'warning' : level}: ${message}\n`);
      }
    },
  };
}

/** The working folder's `file://` URI, with the trailing slash SARIF base URIs need. */
function rootUri(cwd: string): string {
  const uri = fileUri(cwd);
  return uri.endsWith('/') ? uri : `${uri}/`;
}

function processIo(): CliIo {
  return {
    cwd: process.cwd(),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  };
}
