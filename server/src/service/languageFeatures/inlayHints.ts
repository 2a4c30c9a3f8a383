/**
 * Inlay hints: after each reference that resolves, the title of what it names, so
 * that `supports: ["2.3"]` reads as what it means without a hover. Unresolved
 * references get no hint; their diagnostic says what is wrong.
 */
import type { InlayHint, Range } from 'vscode-languageserver-types';
import type { OffsetRange } from '../model';
import { isBetweenQuotes } from '../util/yamlText';
import type { IndexedFile, WorkspaceIndex } from '../workspaceIndex';
import { qualifiedId, resolveReference } from './navigation';
import { oneLine } from './symbols';

/** Longer titles are cut to this many characters, ending in `…`, to keep lines short. */
export const maxHintLength = 40;

export function inlayHints(index: WorkspaceIndex, file: IndexedFile, range: Range): InlayHint[] {
  const { start, end } = file.lines.offsetRangeOf(range);
  const hints: InlayHint[] = [];
  const add = (valueRange: OffsetRange, title: string | undefined, name: string): void => {
    if (title === undefined) return;
    const offset = afterScalar(file.text, valueRange);
    if (offset < start || offset > end) return;
    const full = oneLine(title);
    if (full === '') return;
    hints.push({
      position: file.lines.positionAt(offset),
      label: truncate(full),
      tooltip: `${full} (${name})`,
      paddingLeft: true,
    });
  };
  for (const framework of file.parsed.frameworks) {
    const supersedes = framework.supersedes;
    // The framework-level `supersedes` is a reference too: to a whole framework.
    if (supersedes && supersedes.frameworkId !== framework.id) {
      const target = index.getFramework(supersedes.frameworkId);
      if (target) add(supersedes.range, target.framework.title, target.framework.id);
    }
    for (const reference of framework.references) {
      const target = resolveReference(index, file, framework, reference);
      if (target) {
        add(reference.range, target.item.title, qualifiedId(target.framework, target.item));
      }
    }
  }
  // The framework's `supersedes` comes before its items' references in the text as a
  // rule, but not necessarily; editors expect hints in document order.
  return hints.sort(
    (a, b) => a.position.line - b.position.line || a.position.character - b.position.character,
  );
}

/**
 * The offset just after a scalar's closing quote, if it has one, so that the hint
 * follows `"2.3"` rather than sitting inside the quotes.
 */
function afterScalar(text: string, range: OffsetRange): number {
  return isBetweenQuotes(text, range) ? range.end + 1 : range.end;
}

/** Cuts by code point, so that an emoji or accented letter is never split in half. */
function truncate(title: string): string {
  const characters = [...title];
  if (characters.length <= maxHintLength) return title;
  return `${characters
    .slice(0, maxHintLength - 1)
    .join('')
    .trimEnd()}…`;
}
