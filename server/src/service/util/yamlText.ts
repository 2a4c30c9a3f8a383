/**
 * How YAML reads the text of a scalar. The editing features write IDs and references
 * into framework files, and these answers keep what they write reading back as the
 * text they meant, for the parser and for every other YAML tool.
 */
import { isScalar, parseDocument } from 'yaml';
import type { OffsetRange } from '../model';
import { yamlOptions } from '../parsing/parseFile';

/**
 * Whether YAML, read with the parser's own options (YAML 1.2, core schema), takes
 * this text written as a plain scalar for something other than this very string:
 * null, a boolean, a number (`1`, `1.10` read as 1.1, `0x1F`, `.inf`), a collection,
 * nothing at all, or text that is not valid YAML. Asking the `yaml` package rather
 * than mirroring its rules means the answer can never drift from what the parser does.
 */
export function needsQuotes(value: string): boolean {
  const document = parseDocument(value, yamlOptions);
  const contents = document.contents;
  return document.errors.length > 0 || !isScalar(contents) || contents.value !== value;
}

/**
 * Whether `range` is the text between the quotes of a quoted scalar: the same quote
 * stands just before and just after it. Such text is edited inside its quotes, and
 * what comes after it starts after the closing quote.
 */
export function isBetweenQuotes(text: string, range: OffsetRange): boolean {
  const opening = text.charAt(range.start - 1);
  return (opening === '"' || opening === "'") && text.charAt(range.end) === opening;
}
