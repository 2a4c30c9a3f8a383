/**
 * Add Objective and Add Indicator: where a new child of a goal or objective goes,
 * with which ID, and the edit that writes it. The new item is written in block style
 * after the parent's last child of that kind, aligned with it; a parent with no such
 * child gets the list key (`objectives:` or `indicators:`) after its own keys.
 */
import type { Range, TextDocumentEdit } from 'vscode-languageserver-types';
import type { NewItemParams, NewItemResult } from '../../protocol';
import type { FrameworkItem } from '../model';
import type { WorkspaceIndex } from '../workspaceIndex';
import { lineStartAt } from './context';
import { nextIdFor, nextNumber } from './numbering';
import { itemByQualifiedId } from './views';

const listKeys = { objective: 'objectives', indicator: 'indicators' } as const;
const parentKinds = { objective: 'goal', indicator: 'objective' } as const;

/** The placeholder title, selected after the edit so that typing replaces it. */
const placeholders = { objective: 'New objective', indicator: 'New indicator' } as const;

export type NewItemAnswer = NewItemResult | { readonly error: string } | undefined;

export function getNewItem(index: WorkspaceIndex, params: NewItemParams): NewItemAnswer {
  const target = itemByQualifiedId(index, params.parent);
  if (!target) return undefined;
  const { file, framework, item: parent } = target;
  if (parent.kind !== parentKinds[params.kind]) {
    return {
      error: `${params.kind === 'objective' ? 'Objectives' : 'Indicators'} belong under ${
        parentKinds[params.kind] === 'goal' ? 'a goal' : 'an objective'
      }; ${params.parent} is ${parent.kind === 'objective' || parent.kind === 'indicator' ? 'an' : 'a'} ${parent.kind}.`,
    };
  }
  const text = file.text;
  if (text[parent.range.start] === '{') {
    return {
      error: `${params.parent} is written on one line ({ ... }); write it in block style (one key per line) to add ${params.kind}s to it.`,
    };
  }
  const siblings = framework.items.filter(
    (item) => item.parent === parent.index && item.kind === params.kind,
  );
  const id = (
    nextIdFor(framework, params.kind, parent) ?? nextNumber(framework, siblings, `${parent.id}.`)
  ).id;
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const last: FrameworkItem | undefined = siblings[siblings.length - 1];
  const anchor = last ?? parent;
  // Insert at the end of the line where the anchor item ends.
  const end = file.lines.positionAt(anchor.range.end);
  // A block scalar's range ends after its last line break: that line is not the item's.
  const endLine =
    end.character === 0 && anchor.range.end > anchor.range.start ? end.line - 1 : end.line;
  const lineEnd = lineEndOffset(text, file.lines.offsetAt({ line: endLine, character: 0 }));
  const insertAt = file.lines.positionAt(lineEnd);
  const lines: string[] = [];
  let dashColumn: number;
  if (last) {
    dashColumn = dashColumnBefore(text, last.range.start);
  } else {
    const keyColumn = file.lines.positionAt(parent.range.start).character;
    lines.push(`${' '.repeat(keyColumn)}${listKeys[params.kind]}:`);
    dashColumn = keyColumn + 2;
  }
  const placeholder = placeholders[params.kind];
  lines.push(`${' '.repeat(dashColumn)}- id: "${id}"`);
  const titlePrefix = `${' '.repeat(dashColumn + 2)}title: `;
  lines.push(`${titlePrefix}${placeholder}`);
  const edit: TextDocumentEdit = {
    textDocument: { uri: file.uri, version: file.version },
    edits: [
      {
        range: { start: insertAt, end: insertAt },
        newText: lines.map((line) => `${newline}${line}`).join(''),
      },
    ],
  };
  const titleLine = insertAt.line + lines.length;
  const titleRange: Range = {
    start: { line: titleLine, character: titlePrefix.length },
    end: { line: titleLine, character: titlePrefix.length + placeholder.length },
  };
  return { id, uri: file.uri, edit: { documentChanges: [edit] }, titleRange };
}

function lineEndOffset(text: string, lineStart: number): number {
  const newline = text.indexOf('\n', lineStart);
  if (newline < 0) return text.length;
  return text[newline - 1] === '\r' ? newline - 1 : newline;
}

/** The column of the `- ` that introduces the list item starting at `offset`. */
function dashColumnBefore(text: string, offset: number): number {
  const lineStart = lineStartAt(text, offset);
  const dash = offset > 0 ? text.lastIndexOf('-', offset - 1) : -1;
  return dash >= lineStart ? dash - lineStart : offset - lineStart;
}
