/**
 * The shape of completion lists on the wire. A list of references in a large
 * workspace holds hundreds of items that all replace the same word; LSP 3.17 lets
 * the list say that range once (`itemDefaults.editRange`) and each item give only its
 * text (`textEditText`), which halves what is sent and parsed for every keystroke
 * that asks for completions. Only clients that declare support get this form.
 */
import type { CompletionItem, CompletionList, Range } from 'vscode-languageserver/node';
import { sameLspRange } from './service/util/ranges';

/**
 * The list with the edit range its items share moved into `itemDefaults`, when the
 * client supports that and every item replaces the same range with a plain text edit;
 * otherwise the list as it is.
 */
export function withSharedEditRange(list: CompletionList, clientSupports: boolean): CompletionList {
  if (!clientSupports || list.items.length < 2 || list.itemDefaults?.editRange) return list;
  let shared: Range | undefined;
  for (const item of list.items) {
    const edit = item.textEdit;
    // An insert-and-replace edit has two ranges, and an item without an edit would
    // take the default range where it now inserts at the cursor: leave such lists be.
    if (!edit || !('range' in edit)) return list;
    if (!shared) shared = edit.range;
    else if (!sameLspRange(shared, edit.range)) return list;
  }
  if (!shared) return list;
  return {
    ...list,
    itemDefaults: { ...list.itemDefaults, editRange: shared },
    items: list.items.map((item): CompletionItem => {
      const { textEdit, ...rest } = item;
      return { ...rest, textEditText: textEdit?.newText };
    }),
  };
}
