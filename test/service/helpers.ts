import type { Diagnostic, Position, WorkspaceEdit } from 'vscode-languageserver-types';
import { createLanguageService, InMemoryWorkspace, readSettings } from '../../server/src/service';
import type { FrameworkLanguageService, Logger } from '../../server/src/service';
import { applyWorkspaceEdit } from '../edits';

/** A logger that keeps what it is told, so tests can stay quiet. */
export const silentLogger: Logger = { log: () => undefined };

export interface TestWorkspace {
  readonly workspace: InMemoryWorkspace;
  readonly service: FrameworkLanguageService;
}

/** A service over in-memory files named `name.framework.yaml` under `file:///w/`. */
export function createTestWorkspace(
  files: Record<string, string>,
  settingsSection?: unknown,
): TestWorkspace {
  const workspace = new InMemoryWorkspace(
    Object.entries(files).map(([name, text]) => [uriOf(name), text] as const),
  );
  const settings =
    settingsSection === undefined ? undefined : readSettings(settingsSection).settings;
  const service = createLanguageService({ workspace, logger: silentLogger, settings });
  return { workspace, service };
}

export function uriOf(name: string): string {
  return `file:///w/${name}.framework.yaml`;
}

/** The diagnostics of one file of a one-off workspace. */
export function diagnose(text: string, others: Record<string, string> = {}): Diagnostic[] {
  const { service } = createTestWorkspace({ main: text, ...others });
  return service.getDiagnostics(uriOf('main'));
}

export function codes(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((diagnostic) => String(diagnostic.code));
}

/** The text a diagnostic's range covers, for asserting that ranges are exact. */
export function coveredText(text: string, diagnostic: Diagnostic): string {
  const lines = text.split('\n');
  const { start, end } = diagnostic.range;
  if (start.line === end.line) return lines[start.line].slice(start.character, end.character);
  return [
    lines[start.line].slice(start.character),
    ...lines.slice(start.line + 1, end.line),
    lines[end.line].slice(0, end.character),
  ].join('\n');
}

/** A valid framework with goals 1 and 2, objectives 1.1, 1.2 and 2.1, and a category. */
export function sampleFramework(id = 'a', extra = ''): string {
  return `framework: ${id}
title: Framework ${id.toUpperCase()}
period: { start: 2020, end: 2023 }
categories:
  - { id: strategic, title: Strategic priorities }
goals:
  - id: "1"
    title: Goal one
    category: strategic
    objectives:
      - id: "1.1"
        title: Objective one one
        indicators:
          - { id: "1.1.1", title: Indicator, target: 90, unit: "%" }
      - id: "1.2"
        title: Objective one two
        supports: ["2"]
  - id: "2"
    title: Goal two
    objectives:
      - id: "2.1"
        title: Objective two one
${extra}`;
}

/** A diagnostic's message as text; the service always writes plain text. */
export function messageOf(diagnostic: Diagnostic): string {
  return typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
}

/**
 * Splits a fixture with a `|` cursor marker into its text and the cursor's LSP
 * position. Write fixtures whose only `|` is the cursor.
 */
export function withCursor(fixture: string): { text: string; position: Position; offset: number } {
  const offset = fixture.indexOf('|');
  if (offset < 0) throw new Error('The fixture has no | cursor marker.');
  const text = fixture.slice(0, offset) + fixture.slice(offset + 1);
  const before = text.slice(0, offset).split('\n');
  return {
    text,
    offset,
    position: { line: before.length - 1, character: before[before.length - 1].length },
  };
}

/** A test workspace opened at a cursor. */
export interface OpenedWorkspace extends TestWorkspace {
  /** The name of the file that held the cursor, and its URI. */
  readonly name: string;
  readonly uri: string;
  /** The cursor's position in that file. */
  readonly position: Position;
  /** Every file's text, cursor removed, by name. */
  readonly files: Record<string, string>;
}

/**
 * A workspace of the given files, one of which holds a `|` cursor: the first, in the
 * order the files are given, whose text has a `|`.
 */
export function openWithCursor(files: Record<string, string>): OpenedWorkspace {
  const [name] = Object.entries(files).find(([, text]) => text.includes('|')) ?? [];
  if (name === undefined) throw new Error('No file holds a | cursor.');
  const { text, position } = withCursor(files[name]);
  const all = { ...files, [name]: text };
  return { ...createTestWorkspace(all), name, uri: uriOf(name), position, files: all };
}

/**
 * Every file's text after a workspace edit the service answered with, by name. The
 * edit must be well formed (see `applyWorkspaceEdit`) and carry the version the
 * files were indexed at, 1 in a fresh test workspace.
 */
export function applyTestWorkspaceEdit(
  files: Record<string, string>,
  edit: WorkspaceEdit | undefined,
  version = 1,
): Record<string, string> {
  return applyWorkspaceEdit(files, edit, { uriOf, versionOf: () => version });
}
