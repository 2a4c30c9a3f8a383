/**
 * `--report html|markdown`: the document of the workspace's frameworks, built from what
 * the language service answers (the frameworks' content, the strategy map's graph, the
 * lineage summaries) and the run's problems. The HTML report lays the map out and draws
 * it with the same modules as the language server does for the editor's webview.
 */
import type { FrameworkLanguageService } from '../service';
import { layoutStrategyMap } from '../map/layout';
import { renderLegendSvg, renderMapSvg } from '../map/svg';
import { formatHtmlReport } from '../report/html';
import { formatMarkdownReport } from '../report/markdown';
import type { ReportInput } from '../report/model';
import type { ReportFormat } from './arguments';
import { toolVersion } from './packageInfo';
import type { CheckReport } from './report';

export function buildReportDocument(
  format: ReportFormat,
  service: FrameworkLanguageService,
  check: CheckReport,
  quiet: boolean,
  /** The map viewer's script; the HTML report needs it (see `readViewerScript`). */
  viewerScript: string | undefined,
): string {
  const input: ReportInput = {
    toolVersion,
    content: service.getReportContent(),
    lineage: service.getLineage(),
    check,
    quiet,
  };
  if (format === 'markdown') return formatMarkdownReport(input);
  const layout = layoutStrategyMap(service.getStrategyMap());
  return formatHtmlReport(input, {
    svg: renderMapSvg(layout),
    legend: renderLegendSvg(),
    note: layout.note,
    viewerScript: viewerScript ?? '',
  });
}
