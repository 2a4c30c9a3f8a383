/**
 * The command line of `framework-check`, turned into plain options. Parsing is strict:
 * an unknown option or a bad value is a usage error (exit code 2) rather than being
 * ignored, so a typo in a CI script cannot silently weaken the check.
 */
import { closestMatches } from '../service/util/editDistance';
import { CliError } from './errors';

export type OutputFormat = 'text' | 'json' | 'sarif';

export const outputFormats: readonly OutputFormat[] = ['text', 'json', 'sarif'];

/** The documents `--report` writes instead of the list of problems. */
export type ReportFormat = 'html' | 'markdown';

export const reportFormats: readonly ReportFormat[] = ['html', 'markdown'];

export interface CheckOptions {
  /** Files, directories and globs to check, as written; never empty (defaults to "."). */
  readonly patterns: readonly string[];
  readonly format: OutputFormat;
  /**
   * Write a report of the frameworks (their content, traceability, lineage and the
   * problems found) in this format instead of the list of problems; undefined for none.
   */
  readonly report: ReportFormat | undefined;
  /** A settings file to read instead of `.vscode/settings.json`. */
  readonly configFile: string | undefined;
  /** Exit with 1 when there are more warnings than this; undefined means no limit. */
  readonly maxWarnings: number | undefined;
  /** Write the report to this file instead of standard output. */
  readonly outFile: string | undefined;
  /** Report errors only; warnings still count towards `maxWarnings`. */
  readonly quiet: boolean;
  /** Also print the service's informational log messages on standard error. */
  readonly verbose: boolean;
}

export type ParsedArguments =
  | { readonly command: 'check'; readonly options: CheckOptions }
  | { readonly command: 'help' }
  | { readonly command: 'version' };

type ValueOption = 'format' | 'config' | 'max-warnings' | 'out' | 'report';
type FlagOption = 'quiet' | 'verbose' | 'help' | 'version';

const valueOptions: readonly ValueOption[] = ['format', 'config', 'max-warnings', 'out', 'report'];
const flagOptions: readonly FlagOption[] = ['quiet', 'verbose', 'help', 'version'];

const shortOptions: Readonly<Record<string, ValueOption | FlagOption>> = {
  '-f': 'format',
  '-c': 'config',
  '-o': 'out',
  '-q': 'quiet',
  '-h': 'help',
  '-v': 'version',
};

/** How each option's value is described when it is missing. */
const valueHints: Readonly<Record<ValueOption, string>> = {
  format: `a format: ${outputFormats.join(', ')}, as in --format sarif`,
  config: 'a settings file, as in --config ci/settings.json',
  'max-warnings': 'a number, as in --max-warnings 0',
  out: 'a file name, as in --out results.sarif',
  report: `a report format: ${reportFormats.join(' or ')}, as in --report html --out report.html`,
};

const helpHint = 'Run framework-check --help to see the options.';

export function parseArguments(argv: readonly string[]): ParsedArguments {
  const patterns: string[] = [];
  let format: OutputFormat = 'text';
  let formatGiven = false;
  let report: ReportFormat | undefined;
  let configFile: string | undefined;
  let maxWarnings: number | undefined;
  let outFile: string | undefined;
  let quiet = false;
  let verbose = false;
  let help = false;
  let version = false;

  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    if (argument === '--') {
      patterns.push(...argv.slice(index + 1));
      break;
    }
    if (!argument.startsWith('-') || argument === '-') {
      patterns.push(argument);
      continue;
    }

    const equals = argument.indexOf('=');
    const written = argument.startsWith('--') && equals > 0 ? argument.slice(0, equals) : argument;
    const inlineValue = written === argument ? undefined : argument.slice(equals + 1);
    const option = optionNamed(written);

    if (isFlagOption(option)) {
      if (inlineValue !== undefined) {
        throw new CliError(`${written} takes no value; write ${written} alone.`);
      }
      if (option === 'quiet') quiet = true;
      else if (option === 'verbose') verbose = true;
      else if (option === 'help') help = true;
      else version = true;
      continue;
    }

    let value = inlineValue;
    if (value === undefined) {
      const next = argv[index + 1];
      if (next === undefined || next.startsWith('--') || Object.hasOwn(shortOptions, next)) {
        throw new CliError(`${written} needs ${valueHints[option]}.`);
      }
      value = next;
      index++;
    }
    if (value === '') throw new CliError(`${written} needs ${valueHints[option]}.`);

    switch (option) {
      case 'format':
        format = parseFormat(written, value);
        formatGiven = true;
        break;
      case 'report':
        report = parseReportFormat(written, value);
        break;
      case 'config':
        configFile = value;
        break;
      case 'max-warnings':
        maxWarnings = parseWarningLimit(written, value);
        break;
      case 'out':
        outFile = value;
        break;
    }
  }

  if (help) return { command: 'help' };
  if (version) return { command: 'version' };
  if (report !== undefined && formatGiven) {
    throw new CliError(
      `--report writes a document of its own, which lists the problems too, so it cannot be combined with --format; run framework-check twice to get both. ${helpHint}`,
    );
  }
  return {
    command: 'check',
    options: {
      patterns: patterns.length > 0 ? patterns : ['.'],
      format,
      report,
      configFile,
      maxWarnings,
      outFile,
      quiet,
      verbose,
    },
  };
}

/** Resolves `--name` or a short alias; anything else is a usage error with a suggestion. */
function optionNamed(written: string): ValueOption | FlagOption {
  const short = shortOptions[written];
  if (short) return short;
  if (written.startsWith('--')) {
    const name = written.slice(2);
    if (isFlagOption(name) || isValueOption(name)) return name;
  }
  const known = [...valueOptions, ...flagOptions].map((name) => `--${name}`);
  const suggestions = closestMatches(written, known, 1);
  const didYouMean = suggestions.length > 0 ? ` Did you mean ${suggestions[0]}?` : '';
  throw new CliError(`unknown option ${written}.${didYouMean} ${helpHint}`);
}

function parseFormat(written: string, value: string): OutputFormat {
  const format = outputFormats.find((name) => name === value);
  if (!format) {
    throw new CliError(
      `${written} must be one of ${outputFormats.join(', ')}, not '${value}'. ${helpHint}`,
    );
  }
  return format;
}

function parseReportFormat(written: string, value: string): ReportFormat {
  const report = reportFormats.find((name) => name === value);
  if (!report) {
    throw new CliError(
      `${written} must be one of ${reportFormats.join(', ')}, not '${value}'. ${helpHint}`,
    );
  }
  return report;
}

function parseWarningLimit(written: string, value: string): number {
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new CliError(
      `${written} must be a whole number of 0 or more, not '${value}'; use --max-warnings 0 to fail on any warning.`,
    );
  }
  return Number(value);
}

function isFlagOption(name: string): name is FlagOption {
  return (flagOptions as readonly string[]).includes(name);
}

function isValueOption(name: string): name is ValueOption {
  return (valueOptions as readonly string[]).includes(name);
}
