/**
 * SARIF 2.1.0 output, the format code-scanning services (GitHub, Azure DevOps) take:
 * one run whose driver lists every diagnostic code as a rule, and one result per
 * problem. File locations are relative to `%SRCROOT%`, the working folder, so the log
 * stays valid when the checkout moves; positions are 1-based with columns in UTF-16
 * code units, SARIF's default column kind.
 */
import type { DiagnosticCode, SeveritySetting } from '../service';
import { allDiagnosticCodes, diagnosticCodes } from '../service';
import { diagnosticHelpUri, repositoryUrl, toolName, toolVersion } from './packageInfo';
import type { CheckReport, ReportedDiagnostic, ReportRange, SeverityName } from './report';
import { visibleDiagnostics } from './report';
import type { SettingsWarning } from './settingsFile';

export const sarifSchemaUri = 'https://json.schemastore.org/sarif-2.1.0.json';

/** The base every relative artifact URI is resolved against. */
export const sourceRootId = '%SRCROOT%';

type SarifLevel = 'error' | 'warning' | 'note' | 'none';

/**
 * One line per code, shown by code-scanning services next to each rule: the "Raised
 * by" column of docs/diagnostics.md, which a test keeps these in step with.
 */
const ruleDescriptions: Readonly<Record<DiagnosticCode, string>> = {
  'yaml-syntax':
    'Text that is not valid YAML, duplicate keys, tags, files too large or too deeply nested.',
  'missing-key': 'A required key is absent, or a file holds no framework.',
  'unknown-key': 'A key the format does not allow in that place.',
  'invalid-value': 'A value of the wrong type, shape or range.',
  'duplicate-id': 'Two items of one framework with the same ID.',
  'duplicate-framework': 'Two frameworks in the workspace with the same ID.',
  'unresolved-reference': 'A reference to an ID the framework does not have.',
  'unknown-framework': 'A reference to a framework no file defines.',
  'wrong-reference-kind': 'A reference to the wrong kind of item.',
  'supersedes-cycle': 'Frameworks that supersede each other in a loop.',
  'id-numbering': 'An objective or indicator numbered outside its parent.',
  'numeric-id': 'An unquoted ID that YAML reads as a different number.',
  'unaccounted-predecessor':
    'A goal or objective of a superseded framework that no successor continues or retires.',
  'goal-without-objectives': 'A goal with no objective.',
  'objective-without-indicators':
    "An objective with fewer indicators than the team's minimum (1 unless set).",
  'indicator-without-target': 'An indicator with no target.',
  'programme-without-support': 'A programme that supports nothing.',
  'orphan-item': 'A goal or programme that nothing links to and that links to nothing.',
};

const levelOfSeverity: Readonly<Record<SeverityName, SarifLevel>> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
  hint: 'note',
};

/** Rules that are off unless a team turns them on are `none` and not enabled by default. */
const levelOfSetting: Readonly<Record<SeveritySetting, SarifLevel>> = {
  error: 'error',
  warning: 'warning',
  information: 'note',
  hint: 'note',
  off: 'none',
};

interface ArtifactLocation {
  readonly uri: string;
  readonly uriBaseId?: string;
  readonly index?: number;
}

interface SarifRegion {
  readonly startLine: number;
  readonly startColumn: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export function formatSarif(report: CheckReport, quiet: boolean): string {
  return `${JSON.stringify(buildSarifLog(report, quiet), null, 2)}\n`;
}

/** The SARIF log as an object; `formatSarif` prints it. */
export function buildSarifLog(report: CheckReport, quiet: boolean) {
  const artifactIndexes = new Map(report.files.map((file, index) => [file.uri, index]));
  const locate = (path: string, uri: string): ArtifactLocation => {
    const index = artifactIndexes.get(uri);
    return { ...artifactLocation(path, uri), ...(index !== undefined ? { index } : {}) };
  };

  const results = report.files.flatMap((file) =>
    visibleDiagnostics(file, quiet).map((diagnostic) =>
      sarifResult(diagnostic, locate(file.path, file.uri), locate),
    ),
  );

  return {
    $schema: sarifSchemaUri,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: toolName,
            informationUri: repositoryUrl,
            version: toolVersion,
            semanticVersion: toolVersion,
            rules: allDiagnosticCodes.map((code) => ({
              id: code,
              name: ruleName(code),
              shortDescription: { text: ruleDescriptions[code] },
              helpUri: diagnosticHelpUri(code),
              defaultConfiguration:
                diagnosticCodes[code] === 'off'
                  ? { enabled: false, level: levelOfSetting.off }
                  : { level: levelOfSetting[diagnosticCodes[code]] },
            })),
          },
        },
        invocations: [
          {
            // The check itself ran; what it found is in the results, not a failure.
            executionSuccessful: true,
            toolConfigurationNotifications: report.settingsWarnings.map(settingsNotification),
          },
        ],
        originalUriBaseIds: { [sourceRootId]: { uri: report.rootUri } },
        artifacts: report.files.map((file) => ({
          location: artifactLocation(file.path, file.uri),
        })),
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

function sarifResult(
  diagnostic: ReportedDiagnostic,
  location: ArtifactLocation,
  locate: (path: string, uri: string) => ArtifactLocation,
) {
  const ruleIndex = diagnostic.code ? allDiagnosticCodes.indexOf(diagnostic.code) : -1;
  return {
    // The service's "more problems not shown" notice has no code, hence no rule.
    ...(diagnostic.code ? { ruleId: diagnostic.code, ruleIndex } : {}),
    level: levelOfSeverity[diagnostic.severity],
    message: { text: diagnostic.message },
    locations: [{ physicalLocation: { artifactLocation: location, region: region(diagnostic) } }],
    ...(diagnostic.related.length > 0
      ? {
          relatedLocations: diagnostic.related.map((related, id) => ({
            id,
            physicalLocation: {
              artifactLocation: locate(related.path, related.uri),
              region: region(related),
            },
            message: { text: related.message },
          })),
        }
      : {}),
  };
}

function settingsNotification(warning: SettingsWarning) {
  const position =
    warning.line !== undefined
      ? { region: { startLine: warning.line, startColumn: warning.column ?? 1 } }
      : {};
  return {
    level: 'warning',
    message: { text: warning.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifactLocation(warning.file, warning.uri),
          ...position,
        },
      },
    ],
  };
}

/**
 * A file under the working folder is named relative to `%SRCROOT%`; one outside it
 * (checked by an explicit `../` path) keeps its absolute `file://` URI, since a
 * relative reference climbing out of the source root would not survive a move.
 */
function artifactLocation(path: string, uri: string): ArtifactLocation {
  if (path.startsWith('../') || path === '..' || /^([a-zA-Z]:)?\//.test(path)) return { uri };
  const relativeUri = path.split('/').map(encodeURIComponent).join('/');
  return { uri: relativeUri, uriBaseId: sourceRootId };
}

function region(range: ReportRange): SarifRegion {
  return {
    startLine: range.line,
    startColumn: range.column,
    endLine: range.endLine,
    endColumn: range.endColumn,
  };
}

/** `unresolved-reference` becomes `UnresolvedReference`, the style SARIF rule names use. */
function ruleName(code: DiagnosticCode): string {
  return code
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}
