/**
 * Go to definition, find references and document highlights: three views of the
 * same answer, the occurrences of the thing under the cursor (see `navigation.ts`).
 */
import { DocumentHighlightKind } from 'vscode-languageserver-types';
import type { DocumentHighlight, Location, Position } from 'vscode-languageserver-types';
import type { IndexedFile, WorkspaceIndex } from '../workspaceIndex';
import { findOccurrences, symbolAt } from './navigation';
import type { Occurrence, Target } from './navigation';

/** What the name at a position resolves to, if it resolves at all. */
function targetAt(
  index: WorkspaceIndex,
  file: IndexedFile,
  position: Position,
): Target | undefined {
  return symbolAt(index, file, file.lines.offsetAt(position))?.target;
}

function locationOf(occurrence: Occurrence): Location {
  return { uri: occurrence.file.uri, range: occurrence.file.lines.rangeOf(occurrence.range) };
}

/**
 * The declaration of the item or framework named at the position, in whichever file
 * defines it. On a declaration it answers the declaration itself, which editors take
 * as the cue to offer the references instead.
 */
export function findDefinition(
  index: WorkspaceIndex,
  file: IndexedFile,
  position: Position,
): Location[] {
  const target = targetAt(index, file, position);
  if (!target) return [];
  const range = target.kind === 'item' ? target.item.idRange : target.framework.idRange;
  return [{ uri: target.file.uri, range: target.file.lines.rangeOf(range) }];
}

/** Every place in the workspace that names the same thing as the position. */
export function findReferences(
  index: WorkspaceIndex,
  file: IndexedFile,
  position: Position,
  includeDeclaration: boolean,
): Location[] {
  const target = targetAt(index, file, position);
  if (!target) return [];
  return findOccurrences(index, target)
    .filter((occurrence) => includeDeclaration || !occurrence.isDeclaration)
    .map(locationOf);
}

/**
 * The occurrences in this file alone: the declaration is where the name is written
 * (Write), every reference is where it is read (Read).
 */
export function findDocumentHighlights(
  index: WorkspaceIndex,
  file: IndexedFile,
  position: Position,
): DocumentHighlight[] {
  const target = targetAt(index, file, position);
  if (!target) return [];
  return findOccurrences(index, target)
    .filter((occurrence) => occurrence.file.uri === file.uri)
    .map((occurrence) => ({
      range: file.lines.rangeOf(occurrence.range),
      kind: occurrence.isDeclaration ? DocumentHighlightKind.Write : DocumentHighlightKind.Read,
    }));
}
