/**
 * Applying the edits the service and the server answer with, as an editor would, for
 * the service's and the protocol's tests alike. Every helper checks what an editor
 * relies on before it applies anything, so a test that applies an edit also proves
 * the edit well formed.
 */
import * as assert from 'node:assert/strict';
import type { Position, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';

/** The offset of a position in a text whose lines end in `\n`, checked to be inside it. */
export function offsetAt(text: string, position: Position): number {
  const lines = text.split('\n');
  assert.ok(position.line < lines.length, 'The edit is inside the document.');
  assert.ok(position.character <= lines[position.line].length, 'The edit is inside its line.');
  return (
    lines.slice(0, position.line).reduce((sum, line) => sum + line.length + 1, 0) +
    position.character
  );
}

/**
 * Applies one file's edits as an editor does, first checking that each runs
 * forwards, that they are sorted and do not overlap, and that they lie inside the
 * document.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const ranges = edits.map((edit) => ({
    start: offsetAt(text, edit.range.start),
    end: offsetAt(text, edit.range.end),
    newText: edit.newText,
  }));
  for (const [at, range] of ranges.entries()) {
    assert.ok(range.start <= range.end, 'An edit range runs forwards.');
    if (at > 0)
      assert.ok(ranges[at - 1].end <= range.start, 'Edits are sorted and do not overlap.');
  }
  let result = text;
  for (const range of [...ranges].reverse()) {
    result = result.slice(0, range.start) + range.newText + result.slice(range.end);
  }
  return result;
}

/** What a workspace edit must agree with, beyond being well formed. */
export interface WorkspaceEditChecks {
  /** The URI of the file under each key of the texts; the key itself when not given. */
  readonly uriOf?: (key: string) => string;
  /** The version each file's edit must carry; not checked when not given. */
  readonly versionOf?: (uri: string) => number | null;
}

/**
 * Every file's text after a workspace edit, by the same keys as `texts`. Checks that
 * the edit uses `documentChanges` alone, with one text document edit per file, each
 * of a file in `texts`, each made of plain text edits, and each carrying the version
 * `checks.versionOf` expects.
 */
export function applyWorkspaceEdit(
  texts: Readonly<Record<string, string>>,
  edit: WorkspaceEdit | undefined,
  checks: WorkspaceEditChecks = {},
): Record<string, string> {
  const uriOf = checks.uriOf ?? ((key: string): string => key);
  assert.ok(edit?.documentChanges, 'The edit uses documentChanges.');
  assert.equal(edit.changes, undefined, 'The edit uses documentChanges only.');
  const next = { ...texts };
  const seen = new Set<string>();
  for (const change of edit.documentChanges) {
    assert.ok('textDocument' in change && 'edits' in change, 'Every change is a text edit.');
    const { uri, version } = change.textDocument;
    assert.ok(!seen.has(uri), 'One text document edit per file.');
    seen.add(uri);
    if (checks.versionOf) {
      assert.equal(version, checks.versionOf(uri), 'Versioned with the indexed version.');
    }
    const key = Object.keys(texts).find((candidate) => uriOf(candidate) === uri);
    assert.ok(key !== undefined, `The edit changes a file of the workspace: ${uri}`);
    const edits = change.edits.map((one) => {
      assert.ok('newText' in one && !('annotationId' in one), 'Plain text edits.');
      return one;
    });
    next[key] = applyEdits(next[key], edits);
  }
  return next;
}
