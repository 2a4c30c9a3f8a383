/**
 * The default, human-readable output: one line per problem in the
 * `path:line:column: severity code: message` shape that editors, terminals and CI
 * log viewers turn into links, then a one-line summary.
 */
import type { CheckReport, ReportSummary } from './report';
import { visibleDiagnostics } from './report';

export function formatText(report: CheckReport, quiet: boolean): string {
  const lines: string[] = [];
  for (const file of report.files) {
    for (const diagnostic of visibleDiagnostics(file, quiet)) {
      const label = diagnostic.code
        ? `${diagnostic.severity} ${diagnostic.code}`
        : diagnostic.severity;
      lines.push(
        `${file.path}:${diagnostic.line}:${diagnostic.column}: ${label}: ${oneLine(diagnostic.message)}`,
      );
    }
  }
  lines.push(formatSummary(report.summary));
  return `${lines.join('\n')}\n`;
}

/** `Checked 2 files, 2 frameworks, 40 items: 0 errors, 0 warnings.`, plus infos and hints if any. */
export function formatSummary(summary: ReportSummary): string {
  const found = [count(summary.errors, 'error'), count(summary.warnings, 'warning')];
  if (summary.infos > 0) found.push(count(summary.infos, 'info'));
  if (summary.hints > 0) found.push(count(summary.hints, 'hint'));
  const checked = [
    count(summary.files, 'file'),
    count(summary.frameworks, 'framework'),
    count(summary.items, 'item'),
  ];
  return `Checked ${checked.join(', ')}: ${found.join(', ')}.`;
}

function count(value: number, noun: string): string {
  return `${value} ${noun}${value === 1 ? '' : 's'}`;
}

/** Keeps each problem on one line, so line-based tools (grep, problem matchers) see it whole. */
function oneLine(message: string): string {
  return message.replace(/\s*[\r\n]+\s*/g, ' ');
}
