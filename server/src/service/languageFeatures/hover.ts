/**
 * Hover: what the name under the cursor stands for, or what the key under the
 * cursor means.
 *
 * On an ID or a reference the hover answers the questions a reader of a framework
 * asks: what is this item, where does it sit in the hierarchy, where is it defined
 * and how much depends on it. On a key it shows the schema's description, so the
 * format documents itself where it is written.
 */
import { MarkupKind } from 'vscode-languageserver-types';
import type { Hover, Position } from 'vscode-languageserver-types';
import { resolveSchema } from '../format';
import type { Framework, FrameworkItem, ItemKind, OffsetRange } from '../model';
import type { IndexedFile, WorkspaceIndex } from '../workspaceIndex';
import { cursorContext, lineStartAt } from './context';
import { ancestorsOf, findOccurrences, qualifiedId, symbolAt } from './navigation';
import type { FrameworkTarget, ItemTarget, SymbolAtPosition } from './navigation';
import type { LineageStep, LineageSummary } from '../../protocol';
import { lineageBetween, successorsOf } from './lineage';
import { itemLineage, retirementOf } from './views';

export function computeHover(
  index: WorkspaceIndex,
  file: IndexedFile,
  position: Position,
): Hover | undefined {
  const offset = file.lines.offsetAt(position);
  const symbol = symbolAt(index, file, offset);
  if (symbol) {
    const target = symbol.target;
    const value = !target
      ? unresolvedMarkdown(index, symbol)
      : target.kind === 'item'
        ? itemMarkdown(index, target)
        : frameworkMarkdown(index, target);
    return hover(file, value, symbol.occurrence.range);
  }
  return keyHover(file, offset);
}

function hover(file: IndexedFile, value: string, range: OffsetRange): Hover {
  return { contents: { kind: MarkupKind.Markdown, value }, range: file.lines.rangeOf(range) };
}

const kindLabels: Record<ItemKind, string> = {
  category: 'Category',
  value: 'Value',
  goal: 'Goal',
  objective: 'Objective',
  indicator: 'Indicator',
  programme: 'Programme',
};

/** `Goal 3 — Title`: how an item is named in a hover. */
function itemLabel(item: FrameworkItem): string {
  const name = `${kindLabels[item.kind]} ${escapeMarkdown(item.id)}`;
  return item.title === undefined ? name : `${name} — ${escapeMarkdown(item.title)}`;
}

function itemMarkdown(index: WorkspaceIndex, target: ItemTarget): string {
  const { item, framework, file } = target;
  const heading = `**${kindLabels[item.kind]} ${escapeMarkdown(item.id)}**`;
  const paragraphs = [
    item.title === undefined ? heading : `${heading} — ${escapeMarkdown(item.title)}`,
  ];
  if (item.description !== undefined) paragraphs.push(escapeMarkdown(item.description.trim()));
  // Root first, the way one reads down the framework: goal, then objective.
  const ancestors = ancestorsOf(framework, item).reverse();
  if (ancestors.length > 0) paragraphs.push(ancestors.map(itemLabel).join(' › '));
  const chain = lineageMarkdown(index, target);
  if (chain) paragraphs.push(chain);
  const retirement = retirementOf(index, target);
  if (retirement) {
    const where = retirement.successor ? ` (in \`${retirement.successor.framework.id}\`)` : '';
    paragraphs.push(
      `Retired${where}: ${escapeMarkdown(retirement.reason.trim()) || 'no reason given'}`,
    );
  }
  paragraphs.push(footer(index, target, qualifiedId(framework, item), file));
  return paragraphs.join('\n\n');
}

function frameworkMarkdown(index: WorkspaceIndex, target: FrameworkTarget): string {
  const { framework, file } = target;
  const heading = `**Framework ${escapeMarkdown(framework.id)}**`;
  const paragraphs = [
    framework.title === undefined ? heading : `${heading} — ${escapeMarkdown(framework.title)}`,
  ];
  const facts: string[] = [];
  if (framework.period) facts.push(`${framework.period.start}–${framework.period.end}`);
  facts.push(`${count(framework, 'goal')}, ${count(framework, 'objective')}`);
  paragraphs.push(facts.join(' · '));
  const lineage: string[] = [];
  if (framework.supersedes) {
    const predecessor = index.getFramework(framework.supersedes.frameworkId);
    const summary = predecessor && lineageBetween(index, predecessor, target);
    lineage.push(
      `Supersedes \`${framework.supersedes.frameworkId}\`${summary ? `: ${lineageCounts(summary)}` : ''}`,
    );
  }
  const successors = supersedingFrameworks(index, framework);
  const summaries = successorsOf(index, target).map((successor) =>
    lineageBetween(index, target, successor),
  );
  for (const id of successors) {
    const summary = summaries.find((candidate) => candidate?.successor === id);
    lineage.push(`Superseded by \`${id}\`${summary ? `: ${lineageCounts(summary)}` : ''}`);
  }
  if (lineage.length > 0) paragraphs.push(lineage.join('\n\n'));
  paragraphs.push(footer(index, target, framework.id, file));
  return paragraphs.join('\n\n');
}

/** `1 continued, 4 merged (12 into 4), 0 split, 0 retired, 17 unaccounted, 0 new`. */
function lineageCounts(summary: LineageSummary): string {
  const merged = summary.merged.reduce((sum, merge) => sum + merge.from.length, 0);
  const split = summary.split.reduce((sum, one) => sum + one.to.length, 0);
  return [
    `${summary.continued.length} continued`,
    `${summary.merged.length} merged${merged > 0 ? ` (${merged} into ${summary.merged.length})` : ''}`,
    `${summary.split.length} split${split > 0 ? ` (${summary.split.length} into ${split})` : ''}`,
    `${summary.retired.length} retired`,
    `${summary.unaccounted.length} unaccounted`,
    `${summary.new.length} new`,
  ].join(', ');
}

/** Steps of a lineage shown in a hover, per direction; the rest are counted. */
const maxLineageSteps = 8;

/**
 * The item's lineage as one chain read from oldest to newest: the older items it
 * continues (farthest first), the item itself, then the newer items that continue it,
 * each with how many periods away it is.
 */
function lineageMarkdown(index: WorkspaceIndex, target: ItemTarget): string | undefined {
  // One step more than is shown tells whether there are more.
  const { supersedes, supersededBy } = itemLineage(index, target, maxLineageSteps + 1);
  if (supersedes.length === 0 && supersededBy.length === 0) return undefined;
  const line = (step: LineageStep, direction: 'back' | 'on'): string => {
    const { item, distance } = step;
    const title = item.title === undefined ? '' : ` — ${escapeMarkdown(item.title)}`;
    const away =
      distance === 1
        ? direction === 'back'
          ? 'previous period'
          : 'next period'
        : `${distance} periods ${direction}`;
    const missing = item.location ? '' : ', does not resolve';
    return `- \`${item.qualifiedId}\`${title} *(${away}${missing})*`;
  };
  // Farthest first, keeping document order among items as far back (the sort is stable).
  const older = supersedes.slice(0, maxLineageSteps).sort((a, b) => b.distance - a.distance);
  const newer = supersededBy.slice(0, maxLineageSteps);
  const lines = ['**Lineage**', ''];
  if (supersedes.length > older.length) lines.push('- … and older items');
  lines.push(...older.map((step) => line(step, 'back')));
  lines.push(`- **this ${target.item.kind}**`);
  lines.push(...newer.map((step) => line(step, 'on')));
  if (supersededBy.length > newer.length) lines.push('- … and newer items');
  return lines.join('\n');
}

/** The qualified name, the file and the reference count: where the thing lives. */
function footer(
  index: WorkspaceIndex,
  target: ItemTarget | FrameworkTarget,
  name: string,
  file: IndexedFile,
): string {
  // Every occurrence but the declaration is a reference.
  const references = findOccurrences(index, target).length - 1;
  const referenced =
    references === 0
      ? 'Not referenced'
      : references === 1
        ? 'Referenced once'
        : `Referenced ${references} times`;
  return `\`${name}\` in \`${fileName(file.uri)}\` · ${referenced}`;
}

function count(framework: Framework, kind: 'goal' | 'objective'): string {
  const total = framework.items.filter((item) => item.kind === kind).length;
  return `${total === 0 ? 'no' : total} ${kind}${total === 1 ? '' : 's'}`;
}

/** The frameworks whose `supersedes` names this one and resolves to it. */
function supersedingFrameworks(index: WorkspaceIndex, framework: Framework): string[] {
  // Only the definition that wins resolution is superseded by anything.
  if (index.getFramework(framework.id)?.framework !== framework) return [];
  const ids: string[] = [];
  for (const file of index.allFiles()) {
    for (const other of file.parsed.frameworks) {
      if (other !== framework && other.supersedes?.frameworkId === framework.id) {
        ids.push(other.id);
      }
    }
  }
  return ids.sort();
}

/** A short explanation of why the name under the cursor does not resolve. */
function unresolvedMarkdown(index: WorkspaceIndex, symbol: SymbolAtPosition): string {
  const { reference, framework, range, file } = symbol.occurrence;
  if (!reference) {
    // Only a framework-level `supersedes` is a name without a reference that can fail.
    const name = file.text.slice(range.start, range.end);
    return `\`${name}\` does not resolve: no framework \`${name}\` is defined in the workspace.`;
  }
  const external = reference.frameworkId !== undefined && reference.frameworkId !== framework.id;
  if (external && !index.getFramework(reference.frameworkId ?? '')) {
    return `\`${reference.text}\` does not resolve: no framework \`${reference.frameworkId ?? ''}\` is defined in the workspace.`;
  }
  if (!external && index.getFramework(reference.itemId)) {
    // The common slip of naming a framework where an item of it is meant.
    return `\`${reference.text}\` does not resolve: it is a framework, not an item; write \`${reference.itemId}:ID\`.`;
  }
  const where = external ? `framework \`${reference.frameworkId ?? ''}\`` : 'this framework';
  return `\`${reference.text}\` does not resolve: there is no item \`${reference.itemId}\` in ${where}.`;
}

/** The schema's documentation of the key under the cursor. */
function keyHover(file: IndexedFile, offset: number): Hover | undefined {
  const context = cursorContext(file.text, offset);
  const { wordRange } = context;
  if (context.slot.kind !== 'key' || wordRange.start === wordRange.end) return undefined;
  const key = context.slot.key;
  const property = context.mapSchema?.properties?.[key];
  if (!property || !isKeyPosition(file.text, wordRange)) return undefined;
  const description = resolveSchema(property).description;
  const value = description === undefined ? `**${key}**` : `**${key}**\n\n${description}`;
  return hover(file, value, wordRange);
}

/**
 * Whether the word is written as a key (followed by `:`) and not inside a comment:
 * the cursor context reads lines loosely, because it serves text being typed, so
 * `# title: …` would otherwise document `title`.
 */
function isKeyPosition(text: string, word: OffsetRange): boolean {
  if (!/^["']?\s*:(\s|$)/.test(text.slice(word.end, word.end + 3))) return false;
  const lineStart = lineStartAt(text, word.start);
  let quote: string | undefined;
  for (let at = lineStart; at < word.start; at++) {
    const character = text[at];
    if (quote) {
      if (character === quote) quote = undefined;
    } else if (character === '"' || character === "'") {
      quote = character;
    } else if (character === '#' && (at === lineStart || /\s/.test(text[at - 1]))) {
      return false;
    }
  }
  return true;
}

/** The last segment of a URI, decoded: the service knows no workspace folders. */
export function fileName(uri: string): string {
  const segment = uri.slice(uri.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * Escapes the characters that would turn a title or description into Markdown
 * markup (emphasis, links, HTML), so that it shows exactly as written.
 */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>#|~]/g, (character) => `\\${character}`);
}
