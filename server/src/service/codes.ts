import type { DiagnosticCode, SeveritySetting } from './types';

/**
 * Every diagnostic code with its default severity. `docs/diagnostics.md` documents
 * each one; a test keeps the two in step. The coverage rules are `off` until a team
 * turns them on in `strategicFrameworks.diagnostics.severity`; a code that is off is
 * not even computed (see `isEnabled`).
 */
export const diagnosticCodes: Readonly<Record<DiagnosticCode, SeveritySetting>> = {
  'yaml-syntax': 'error',
  'missing-key': 'error',
  'unknown-key': 'error',
  'invalid-value': 'error',
  'duplicate-id': 'error',
  'duplicate-framework': 'error',
  'unresolved-reference': 'error',
  'unknown-framework': 'error',
  'wrong-reference-kind': 'error',
  'supersedes-cycle': 'error',
  'id-numbering': 'warning',
  'numeric-id': 'warning',
  'unaccounted-predecessor': 'information',
  'goal-without-objectives': 'off',
  'objective-without-indicators': 'off',
  'indicator-without-target': 'off',
  'programme-without-support': 'off',
  'orphan-item': 'off',
};

export const allDiagnosticCodes = Object.keys(diagnosticCodes) as DiagnosticCode[];

export function isDiagnosticCode(value: string): value is DiagnosticCode {
  return Object.prototype.hasOwnProperty.call(diagnosticCodes, value);
}

/** The severity a code has under the settings: the user's, or the code's default. */
export function severityOf(
  code: DiagnosticCode,
  severity: Readonly<Partial<Record<DiagnosticCode, SeveritySetting>>>,
): SeveritySetting {
  return severity[code] ?? diagnosticCodes[code];
}

/** Whether a code is reported at all under the settings; checks for an `off` code are skipped. */
export function isEnabled(
  code: DiagnosticCode,
  severity: Readonly<Partial<Record<DiagnosticCode, SeveritySetting>>>,
): boolean {
  return severityOf(code, severity) !== 'off';
}

/** The `source` of every diagnostic the service reports. */
export const diagnosticSource = 'strategic-frameworks';
