/**
 * Reads the `strategicFrameworks.*` settings, whoever supplies them: the editor's
 * configuration or a `.vscode/settings.json` read by the command-line checker. Both
 * go through this one function, so both honour the same settings the same way.
 */
import { isDiagnosticCode } from './codes';
import type { DiagnosticCode, FrameworkSettings, SettingsProblem, SeveritySetting } from './types';
import { globRefusal, quoteGlob } from './util/glob';

export const settingsSection = 'strategicFrameworks';

export const defaultSettings: FrameworkSettings = Object.freeze({
  severity: Object.freeze({}),
  include: Object.freeze(['**/*.framework.yaml', '**/*.framework.yml']),
  exclude: Object.freeze([]),
  codeLens: true,
  inlayHints: true,
  minIndicators: 1,
  validationDelay: 200,
});

/** The largest `strategicFrameworks.coverage.minIndicators` accepted. */
export const maxMinIndicators = 100;

const severityNames: readonly SeveritySetting[] = [
  'error',
  'warning',
  'information',
  'hint',
  'off',
];

export interface SettingsReading {
  readonly settings: FrameworkSettings;
  readonly problems: readonly SettingsProblem[];
}

/**
 * Reads the `strategicFrameworks` section as a nested object (`{ diagnostics: {
 * severity: {...} }, files: { include: [...] } }`). Anything malformed is reported and
 * replaced by its default, never thrown.
 */
export function readSettings(section: unknown): SettingsReading {
  const problems: SettingsProblem[] = [];
  const root = isObject(section) ? section : {};
  const diagnostics = isObject(root.diagnostics) ? root.diagnostics : {};
  const files = isObject(root.files) ? root.files : {};

  const severity: Partial<Record<DiagnosticCode, SeveritySetting>> = {};
  const severitySetting = `${settingsSection}.diagnostics.severity`;
  if (diagnostics.severity !== undefined) {
    if (!isObject(diagnostics.severity)) {
      problems.push({
        setting: severitySetting,
        message: 'must be an object mapping a diagnostic code to a severity',
      });
    } else {
      for (const [code, value] of Object.entries(diagnostics.severity)) {
        if (!isDiagnosticCode(code)) {
          problems.push({
            setting: severitySetting,
            message: `'${code}' is not a diagnostic code`,
          });
        } else if (typeof value !== 'string' || !severityNames.includes(value as SeveritySetting)) {
          problems.push({
            setting: severitySetting,
            message: `the severity of '${code}' must be one of ${severityNames.join(', ')}`,
          });
        } else {
          severity[code] = value as SeveritySetting;
        }
      }
    }
  }
  return {
    settings: Object.freeze({
      severity: Object.freeze(severity),
      include: readGlobs(files.include, 'include', defaultSettings.include, problems),
      exclude: readGlobs(files.exclude, 'exclude', defaultSettings.exclude, problems),
      codeLens: readEnabled(root.codeLens, 'codeLens', defaultSettings.codeLens, problems),
      inlayHints: readEnabled(root.inlayHints, 'inlayHints', defaultSettings.inlayHints, problems),
      minIndicators: readMinIndicators(root.coverage, problems),
      validationDelay: readDelay(root.validation, problems),
    }),
    problems,
  };
}

/**
 * Turns the flat keys of a `settings.json` (`"strategicFrameworks.files.include": [...]`)
 * into the nested section `readSettings` takes. Nested objects under a flat key are
 * kept as they are, as VS Code does.
 */
export function sectionFromFlatSettings(settings: unknown): Record<string, unknown> {
  const section: Record<string, unknown> = {};
  if (!isObject(settings)) return section;
  for (const [key, value] of Object.entries(settings)) {
    if (key === settingsSection && isObject(value)) {
      mergeInto(section, value);
      continue;
    }
    if (!key.startsWith(`${settingsSection}.`)) continue;
    const path = key.slice(settingsSection.length + 1).split('.');
    let target = section;
    for (const part of path.slice(0, -1)) {
      const next = target[part];
      target = isObject(next) ? next : (target[part] = {});
    }
    target[path[path.length - 1]] = value;
  }
  return section;
}

function mergeInto(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    if (isObject(existing) && isObject(value)) mergeInto(existing, value);
    else target[key] = value;
  }
}

function readGlobs(
  value: unknown,
  name: 'include' | 'exclude',
  fallback: readonly string[],
  problems: SettingsProblem[],
): readonly string[] {
  if (value === undefined) return fallback;
  const setting = `${settingsSection}.files.${name}`;
  if (Array.isArray(value) && value.every((entry) => typeof entry === 'string' && entry !== '')) {
    return Object.freeze(usableGlobs(setting, value as string[], problems));
  }
  problems.push({
    setting,
    message: 'must be a list of glob patterns such as "**/*.framework.yaml"',
  });
  return fallback;
}

/**
 * The globs of `setting` that the glob limits accept, each refused one reported with
 * why and how to fix it. A refused glob is left out and the others kept: past the
 * limits a glob can only be absurd or hostile (a workspace's settings come with its
 * repository), and one bad entry should not cost the user the rest of the list. The
 * language server can pass the editor's `files.exclude` through here too, to report
 * those the same way.
 */
export function usableGlobs(
  setting: string,
  globs: readonly string[],
  problems: SettingsProblem[],
): string[] {
  return globs.filter((glob) => {
    const refusal = globRefusal(glob);
    if (refusal !== undefined) {
      problems.push({ setting, message: `the glob ${quoteGlob(glob)} is ignored: ${refusal}` });
    }
    return refusal === undefined;
  });
}

/**
 * Reads `strategicFrameworks.<feature>.enabled`. The flag sits under its feature's
 * name so that the feature can gain more settings later without a rename.
 */
function readEnabled(
  feature: unknown,
  name: 'codeLens' | 'inlayHints',
  fallback: boolean,
  problems: SettingsProblem[],
): boolean {
  if (feature === undefined) return fallback;
  if (isObject(feature)) {
    if (feature.enabled === undefined) return fallback;
    if (typeof feature.enabled === 'boolean') return feature.enabled;
  }
  problems.push({
    setting: `${settingsSection}.${name}.enabled`,
    message: 'must be true or false',
  });
  return fallback;
}

/**
 * Reads `strategicFrameworks.coverage.minIndicators`: how many indicators an objective
 * needs before `objective-without-indicators` stops reporting it, a whole number from
 * 1 to 100 (0 would make the rule say nothing; turn the code off instead).
 */
function readMinIndicators(coverage: unknown, problems: SettingsProblem[]): number {
  const value = isObject(coverage) ? coverage.minIndicators : undefined;
  if (value === undefined) return defaultSettings.minIndicators;
  if (
    typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= 1 &&
    value <= maxMinIndicators
  ) {
    return value;
  }
  problems.push({
    setting: `${settingsSection}.coverage.minIndicators`,
    message: `must be a whole number from 1 to ${maxMinIndicators}, the fewest indicators each objective should have; ${describeSettingValue(value)} is not. To stop the check, set "objective-without-indicators" to "off" in ${settingsSection}.diagnostics.severity`,
  });
  return defaultSettings.minIndicators;
}

/** Reads `strategicFrameworks.validation.delay`: whole milliseconds, up to ten seconds. */
function readDelay(validation: unknown, problems: SettingsProblem[]): number {
  const delay = isObject(validation) ? validation.delay : undefined;
  if (delay === undefined) return defaultSettings.validationDelay;
  if (typeof delay === 'number' && Number.isInteger(delay) && delay >= 0 && delay <= 10_000) {
    return delay;
  }
  problems.push({
    setting: `${settingsSection}.validation.delay`,
    message: 'must be a whole number of milliseconds from 0 to 10000',
  });
  return defaultSettings.validationDelay;
}

/** A setting's value as the user would write it in settings.json, for messages. */
function describeSettingValue(value: unknown): string {
  // Values come from JSON, so `JSON.stringify` always has an answer for them.
  return JSON.stringify(value) ?? 'a value that is not JSON';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
