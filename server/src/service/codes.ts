import type { DiagnosticCode, SeveritySetting } from './types';

/**
 * Every diagnostic code with its default severity. `docs/diagnostics.md` documents
 * each one; a test keeps the two in step.
 */
export const diagnosticCodes: Readonly<Record<DiagnosticCode, Exclude<SeveritySetting, 'off'>>> = {
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
};

export const allDiagnosticCodes = Object.keys(diagnosticCodes) as DiagnosticCode[];

export function isDiagnosticCode(value: string): value is DiagnosticCode {
  return Object.prototype.hasOwnProperty.call(diagnosticCodes, value);
}

/** The `source` of every diagnostic the service reports. */
export const diagnosticSource = 'strategic-frameworks';
