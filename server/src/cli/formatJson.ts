/**
 * The machine-readable output for scripts: the whole report as one pretty-printed
 * JSON document. Its shape is versioned by `version`; fields are only ever added.
 */
import type { CheckReport, ReportedDiagnostic } from './report';
import { visibleDiagnostics } from './report';

export const jsonReportVersion = 1;

export function formatJson(report: CheckReport, quiet: boolean): string {
  const document = {
    version: jsonReportVersion,
    summary: report.summary,
    files: report.files.map((file) => ({
      path: file.path,
      uri: file.uri,
      diagnostics: visibleDiagnostics(file, quiet).map(jsonDiagnostic),
    })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

function jsonDiagnostic(diagnostic: ReportedDiagnostic) {
  return {
    severity: diagnostic.severity,
    // null rather than a missing key, so that every diagnostic has the same fields.
    code: diagnostic.code ?? null,
    message: diagnostic.message,
    line: diagnostic.line,
    column: diagnostic.column,
    endLine: diagnostic.endLine,
    endColumn: diagnostic.endColumn,
    related: diagnostic.related.map((related) => ({
      path: related.path,
      line: related.line,
      column: related.column,
      message: related.message,
    })),
    ...(diagnostic.candidates ? { candidates: diagnostic.candidates } : {}),
  };
}
