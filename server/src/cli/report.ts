/**
 * The result of one run as plain data, independent of how it is printed. It is built
 * from the language service's LSP diagnostics, converting positions once: lines and
 * columns here are 1-based, columns count UTF-16 code units (as LSP, SARIF and
 * editors do), and end columns point just past the last character.
 */
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Diagnostic, Range } from 'vscode-languageserver-types';
import type { DiagnosticCode, DiagnosticData, WorkspaceSummary } from '../service';
import { allDiagnosticCodes } from '../service';
import type { SettingsWarning } from './settingsFile';

export type SeverityName = 'error' | 'warning' | 'info' | 'hint';

/** A 1-based span of text; `endColumn` is the column just after the last character. */
export interface ReportRange {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export interface ReportedLocation extends ReportRange {
  /** The file, relative to the working folder with forward slashes. */
  readonly path: string;
  readonly uri: string;
  readonly message: string;
}

export interface ReportedDiagnostic extends ReportRange {
  readonly severity: SeverityName;
  /** Undefined only for the service's "N more problems are not shown" notice. */
  readonly code: DiagnosticCode | undefined;
  readonly message: string;
  /** Other places that explain the problem, possibly in other files. */
  readonly related: readonly ReportedLocation[];
  /** Replacements the service suggests (did-you-mean), best first, when it offers any. */
  readonly candidates: readonly string[] | undefined;
}

export interface CheckedFile {
  /** Relative to the working folder, with forward slashes. */
  readonly path: string;
  readonly uri: string;
  readonly diagnostics: readonly ReportedDiagnostic[];
}

export interface ReportSummary extends WorkspaceSummary {
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  readonly hints: number;
}

export interface CheckReport {
  /** The `file://` URI of the working folder, ending with a slash. */
  readonly rootUri: string;
  /** Every checked file, in the order reports list them (sorted by path). */
  readonly files: readonly CheckedFile[];
  /** Counts of everything found, whatever `--quiet` hides from the output. */
  readonly summary: ReportSummary;
  readonly settingsWarnings: readonly SettingsWarning[];
}

/** What the report needs to know about each checked file. */
export interface FileToReport {
  readonly path: string;
  readonly uri: string;
  readonly diagnostics: readonly Diagnostic[];
}

export function buildReport(
  rootUri: string,
  files: readonly FileToReport[],
  workspaceSummary: WorkspaceSummary,
  settingsWarnings: readonly SettingsWarning[],
  /** Names a URI the way reports name files; the service's related locations carry URIs. */
  pathOfUri: (uri: string) => string,
): CheckReport {
  const counts: Record<SeverityName, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  const checkedFiles = files.map((file): CheckedFile => {
    const diagnostics = file.diagnostics.map((diagnostic) =>
      reportDiagnostic(diagnostic, pathOfUri),
    );
    for (const diagnostic of diagnostics) counts[diagnostic.severity]++;
    return { path: file.path, uri: file.uri, diagnostics };
  });
  return {
    rootUri,
    files: checkedFiles,
    summary: {
      files: workspaceSummary.files,
      frameworks: workspaceSummary.frameworks,
      items: workspaceSummary.items,
      errors: counts.error,
      warnings: counts.warning,
      infos: counts.info,
      hints: counts.hint,
    },
    settingsWarnings,
  };
}

/** The diagnostics `--quiet` keeps: errors only. */
export function visibleDiagnostics(
  file: CheckedFile,
  quiet: boolean,
): readonly ReportedDiagnostic[] {
  return quiet
    ? file.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')
    : file.diagnostics;
}

function reportDiagnostic(
  diagnostic: Diagnostic,
  pathOfUri: (uri: string) => string,
): ReportedDiagnostic {
  const data = diagnostic.data as DiagnosticData | undefined;
  return {
    ...reportRange(diagnostic.range),
    severity: severityName(diagnostic.severity),
    code: diagnosticCodeOf(diagnostic.code),
    // LSP 3.18 allows Markdown messages; the service writes plain text, but a report
    // must print whatever arrives.
    message: typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value,
    related: (diagnostic.relatedInformation ?? []).map((related) => ({
      ...reportRange(related.location.range),
      path: pathOfUri(related.location.uri),
      uri: related.location.uri,
      message: related.message,
    })),
    candidates: Array.isArray(data?.candidates) ? data.candidates : undefined,
  };
}

function reportRange(range: Range): ReportRange {
  return {
    line: range.start.line + 1,
    column: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

function severityName(severity: DiagnosticSeverity | undefined): SeverityName {
  switch (severity) {
    case DiagnosticSeverity.Warning:
      return 'warning';
    case DiagnosticSeverity.Information:
      return 'info';
    case DiagnosticSeverity.Hint:
      return 'hint';
    default:
      // LSP leaves a missing severity to the client; the service always sets one, and
      // treating an unknown one as an error keeps a CI check on the safe side.
      return 'error';
  }
}

function diagnosticCodeOf(code: Diagnostic['code']): DiagnosticCode | undefined {
  return allDiagnosticCodes.find((known) => known === code);
}
