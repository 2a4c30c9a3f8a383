import type { Range } from 'vscode-languageserver-types';

/** Whether two LSP ranges start and end at the same positions. */
export function sameLspRange(a: Range, b: Range): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}
