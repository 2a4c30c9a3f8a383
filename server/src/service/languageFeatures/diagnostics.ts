/**
 * Diagnostics of one file: the problems the file has on its own (found when it was
 * parsed) plus those that depend on other files (references, duplicate frameworks,
 * supersedes cycles), with the user's severities applied.
 */
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Diagnostic, DiagnosticRelatedInformation } from 'vscode-languageserver-types';
import { diagnosticSource, isEnabled, severityOf } from '../codes';
import { limits } from '../limits';
import { perShape, shapeOf } from '../shape';
import type { ShapeToken } from '../shape';
import type { Framework, FrameworkItem, ItemKind, LocalDiagnostic, Reference } from '../model';
import { closestMatches, editDistance } from '../util/editDistance';
import type { DiagnosticCode, FrameworkSettings, SeveritySetting } from '../types';
import type { IndexedFile, WorkspaceIndex } from '../workspaceIndex';
import { anyCoverageRule, checkCoverage } from './coverage';
import { accountFor, unaccountedItems } from './lineage';

const severities: Record<Exclude<SeveritySetting, 'off'>, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The kinds of item each reference field may name; an item-level `supersedes` may name any. */
const acceptedKinds: Record<'category' | 'supports' | 'retired', readonly ItemKind[]> = {
  category: ['category'],
  supports: ['goal', 'objective'],
  retired: ['goal', 'objective', 'programme'],
};

const article = (kind: ItemKind): string =>
  kind === 'objective' || kind === 'indicator' ? 'an' : 'a';

export function computeDiagnostics(
  index: WorkspaceIndex,
  file: IndexedFile,
  settings: FrameworkSettings,
): Diagnostic[] {
  const found: LocalDiagnosticWithUri[] = [...file.parsed.diagnostics];
  // Checks whose codes are off are skipped, not filtered afterwards: the coverage
  // rules are off by default and must cost nothing then.
  const lineage = isEnabled('unaccounted-predecessor', settings.severity);
  const coverage = anyCoverageRule(settings);
  for (const framework of file.parsed.frameworks) {
    checkDuplicateFramework(index, file, framework, found);
    checkFrameworkSupersedes(index, framework, found);
    for (const reference of framework.references) {
      checkReference(index, framework, reference, found);
    }
    if (lineage) checkPredecessor(index, file, framework, found);
    if (coverage) checkCoverage(index, file, framework, settings, found);
  }
  const shown: { problem: LocalDiagnosticWithUri; severity: DiagnosticSeverity }[] = [];
  for (const problem of found) {
    const setting = severityOf(problem.code, settings.severity);
    if (setting !== 'off') shown.push({ problem, severity: severities[setting] });
  }
  // In the file's order; only those shown become LSP diagnostics (a file can have
  // hundreds of thousands of problems and show a thousand).
  shown.sort((a, b) => a.problem.range.start - b.problem.range.start);
  let hidden = Math.max(0, shown.length - limits.maxDiagnosticsPerFile);
  for (const [code, count] of Object.entries(file.parsed.hiddenDiagnostics ?? {})) {
    if (isEnabled(code as DiagnosticCode, settings.severity)) hidden += count;
  }
  const diagnostics = shown
    .slice(0, limits.maxDiagnosticsPerFile)
    .map(({ problem, severity }) => toDiagnostic(file, problem, severity));
  if (hidden > 0) {
    diagnostics.push({
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      severity: DiagnosticSeverity.Information,
      source: diagnosticSource,
      message:
        hidden === 1
          ? '1 more problem in this file is not shown; fix the ones above first.'
          : `${hidden} more problems in this file are not shown; fix the ones above first.`,
    });
  }
  return diagnostics;
}

/** A local diagnostic whose related locations may lie in other files. */
export interface LocalDiagnosticWithUri extends Omit<LocalDiagnostic, 'related'> {
  readonly related?: readonly {
    readonly file?: IndexedFile;
    readonly range: LocalDiagnostic['range'];
    readonly message: string;
  }[];
}

function toDiagnostic(
  file: IndexedFile,
  problem: LocalDiagnosticWithUri,
  severity: DiagnosticSeverity,
): Diagnostic {
  const diagnostic: Diagnostic = {
    range: file.lines.rangeOf(problem.range),
    severity,
    code: problem.code,
    source: diagnosticSource,
    message: problem.message,
  };
  if (problem.related && problem.related.length > 0) {
    diagnostic.relatedInformation = problem.related.map((related): DiagnosticRelatedInformation => {
      const relatedFile = related.file ?? file;
      return {
        location: { uri: relatedFile.uri, range: relatedFile.lines.rangeOf(related.range) },
        message: related.message,
      };
    });
  }
  if (problem.data) diagnostic.data = problem.data;
  return diagnostic;
}

function checkDuplicateFramework(
  index: WorkspaceIndex,
  file: IndexedFile,
  framework: Framework,
  found: LocalDiagnosticWithUri[],
): void {
  const definitions = index.getDefinitions(framework.id);
  if (definitions.length < 2) return;
  const others = definitions.filter((location) => location.framework !== framework);
  found.push({
    code: 'duplicate-framework',
    range: framework.idRange,
    message: `The framework ID '${framework.id}' is defined ${definitions.length} times in the workspace; references to it cannot tell them apart. Give each framework its own ID.`,
    related: others.map((location) => ({
      file: location.file,
      range: location.framework.idRange,
      message:
        location.file === file ? 'Also defined here.' : 'Also defined here, in another file.',
    })),
  });
}

/**
 * The problems of a framework's own `supersedes`, as `computeDiagnostics` reports
 * them: a quick fix answers only a problem the text has now, not one a client
 * remembers from an earlier text.
 */
export function supersedesProblems(
  index: WorkspaceIndex,
  framework: Framework,
): LocalDiagnosticWithUri[] {
  const found: LocalDiagnosticWithUri[] = [];
  checkFrameworkSupersedes(index, framework, found);
  return found;
}

/** The problems of one reference, as `computeDiagnostics` reports them (see above). */
export function referenceProblems(
  index: WorkspaceIndex,
  framework: Framework,
  reference: Reference,
): LocalDiagnosticWithUri[] {
  const found: LocalDiagnosticWithUri[] = [];
  checkReference(index, framework, reference, found);
  return found;
}

function checkFrameworkSupersedes(
  index: WorkspaceIndex,
  framework: Framework,
  found: LocalDiagnosticWithUri[],
): void {
  const supersedes = framework.supersedes;
  if (!supersedes) return;
  if (supersedes.frameworkId === framework.id) {
    found.push({
      code: 'supersedes-cycle',
      range: supersedes.range,
      message: `The framework '${framework.id}' supersedes itself. Name the framework it replaces, or remove \`supersedes\`.`,
    });
    return;
  }
  const target = index.getFramework(supersedes.frameworkId);
  if (!target) {
    // Only frameworks it can supersede: not itself, nor one that supersedes it, which
    // would trade this problem for a loop.
    const candidates = closestMatches(
      supersedes.frameworkId,
      [...index.frameworkIds()].filter((id) => !supersedesInChain(index, id, framework.id)),
      limits.maxCandidates,
    );
    found.push({
      code: 'unknown-framework',
      range: supersedes.range,
      message: `No framework '${supersedes.frameworkId}' is defined in the workspace.${didYouMean(candidates)}`,
      data: { candidates },
    });
    return;
  }
  // Follow the chain; a loop that comes back here is this framework's problem, a loop
  // elsewhere is reported on the frameworks in it.
  const chain = [framework.id, supersedes.frameworkId];
  const visited = new Set(chain);
  let next = target.framework.supersedes?.frameworkId;
  while (next !== undefined) {
    chain.push(next);
    if (next === framework.id) {
      found.push({
        code: 'supersedes-cycle',
        range: supersedes.range,
        message: `Frameworks supersede each other in a loop: ${chain.join(' → ')}. A framework can only supersede an older one; remove one of these \`supersedes\`.`,
      });
      return;
    }
    if (visited.has(next)) return;
    visited.add(next);
    next = index.getFramework(next)?.framework.supersedes?.frameworkId;
  }
}

/**
 * Whether `frameworkId` is `start` or found by following framework-level `supersedes`
 * from `start`: then `frameworkId` superseding `start` would close a loop.
 */
function supersedesInChain(index: WorkspaceIndex, start: string, frameworkId: string): boolean {
  const visited = new Set<string>();
  let next: string | undefined = start;
  while (next !== undefined && !visited.has(next)) {
    if (next === frameworkId) return true;
    visited.add(next);
    next = index.getFramework(next)?.framework.supersedes?.frameworkId;
  }
  return false;
}

function checkReference(
  index: WorkspaceIndex,
  framework: Framework,
  reference: Reference,
  found: LocalDiagnosticWithUri[],
): void {
  const external = reference.frameworkId !== undefined && reference.frameworkId !== framework.id;
  let target = framework;
  if (external) {
    const frameworkId = reference.frameworkId;
    const location = index.getFramework(frameworkId);
    if (!location) {
      const candidates = closestMatches(frameworkId, index.frameworkIds(), limits.maxCandidates);
      found.push({
        code: 'unknown-framework',
        range: reference.frameworkRange ?? reference.range,
        message: `No framework '${frameworkId}' is defined in the workspace, so '${reference.text}' cannot be found.${didYouMean(candidates)}`,
        data: { candidates: candidates.map((id) => `${id}:${reference.itemId}`) },
      });
      return;
    }
    target = location.framework;
  }
  if (reference.field === 'retired' && !external) {
    found.push({
      code: 'wrong-reference-kind',
      range: reference.range,
      message: `\`retired\` lists items of the framework this one supersedes, as FRAMEWORK:ID; '${reference.text}' is in this framework. Write \`retired:\` with the reason on the item itself, or name an item of the older framework.`,
    });
    return;
  }
  if (reference.field === 'retired' && framework.supersedes?.frameworkId !== target.id) {
    const predecessor = framework.supersedes?.frameworkId;
    found.push({
      code: 'wrong-reference-kind',
      range: reference.frameworkRange ?? reference.range,
      message:
        predecessor === undefined
          ? `\`retired\` lists items of the framework this one supersedes, but this framework has no \`supersedes\`. Add \`supersedes: ${target.id}\`, or record the retirement in a framework that supersedes '${target.id}'.`
          : `\`retired\` lists items of '${predecessor}', the framework this one supersedes; '${reference.text}' is in '${target.id}'. Name an item of '${predecessor}', or record the retirement in a framework that supersedes '${target.id}'.`,
    });
    return;
  }
  if (reference.field === 'supersedes' && !external) {
    found.push({
      code: 'wrong-reference-kind',
      range: reference.range,
      message: `\`supersedes\` names an item of an older framework, as FRAMEWORK:ID; '${reference.text}' is in this framework. Use \`supports\` for links inside a framework.`,
    });
    return;
  }
  if (reference.field === 'category' && external) {
    found.push({
      code: 'wrong-reference-kind',
      range: reference.range,
      message: `\`category\` must name a category of this framework; '${reference.text}' is in another framework.`,
    });
    return;
  }
  const item = index.itemsById(target).get(reference.itemId);
  const accepted = reference.field === 'supersedes' ? undefined : acceptedKinds[reference.field];
  const key = reference.field === 'retired' ? 'retired` `item' : reference.field;
  if (!item) {
    const candidates = cachedSuggestions(reference.itemId, target, accepted).map((id) =>
      reference.frameworkId !== undefined ? `${reference.frameworkId}:${id}` : id,
    );
    const where = external ? `framework '${target.id}'` : 'this framework';
    const namesFramework =
      !external && reference.field === 'supersedes' && index.getFramework(reference.itemId);
    found.push({
      code: 'unresolved-reference',
      range: reference.itemRange,
      message: namesFramework
        ? `'${reference.itemId}' is a framework, not an item.`
        : `No item '${reference.itemId}' in ${where}.${didYouMean(candidates) || ' Check the ID, or add the item it names.'}`,
      data: { candidates },
    });
    return;
  }
  if (accepted && !accepted.includes(item.kind)) {
    const wanted = accepted.map((kind) => `${article(kind)} ${kind}`).join(' or ');
    found.push({
      code: 'wrong-reference-kind',
      range: reference.itemRange,
      message: `'${reference.text}' is ${article(item.kind)} ${item.kind}, but \`${key}\` must name ${wanted}.`,
    });
  }
}

/**
 * Reports each goal and objective of a superseded framework that no successor
 * continues or retires, at its ID, pointing at the successors' items most likely to
 * continue it.
 */
function checkPredecessor(
  index: WorkspaceIndex,
  file: IndexedFile,
  framework: Framework,
  found: LocalDiagnosticWithUri[],
): void {
  const account = accountFor(index, { file, framework });
  if (!account) return;
  const names = [...new Set(account.successors.map((successor) => successor.framework.id))];
  const successors =
    names.length === 1
      ? `'${names[0]}', which supersedes it`
      : `${names
          .slice(0, -1)
          .map((name) => `'${name}'`)
          .join(', ')} or '${names[names.length - 1]}', which supersede it`;
  // The likely successors are offered by the quick fixes, worked out when asked for:
  // ranking them here would make these diagnostics depend on every title of the
  // successors, and typing a title there would re-check this file.
  for (const item of unaccountedItems(account)) {
    found.push({
      code: 'unaccounted-predecessor',
      range: item.idRange,
      message: `${capitalise(item.kind)} ${item.id} of '${framework.id}' is neither continued nor retired by ${successors}. Add '${framework.id}:${item.id}' to the \`supersedes\` of the item that continues it, or give this ${item.kind} \`retired:\` with the reason it ends.`,
    });
  }
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/**
 * Per shape, the candidates already worked out for a missing ID: a framework that
 * keeps its shape while someone types keeps its broken references, and ranking
 * every item against each of them on every keystroke would cost the most of all.
 */
const suggestionsByShape = new WeakMap<ShapeToken, Map<string, readonly string[]>>();

function cachedSuggestions(
  missing: string,
  framework: Framework,
  accepted: readonly ItemKind[] | undefined,
): readonly string[] {
  const cache = perShape(
    suggestionsByShape,
    shapeOf(framework),
    () => new Map<string, readonly string[]>(),
  );
  const key = `${accepted?.join(' ') ?? '*'}:${missing}`;
  let candidates = cache.get(key);
  if (!candidates) {
    candidates = suggestItems(missing, framework, accepted);
    cache.set(key, candidates);
  }
  return candidates;
}

function didYouMean(candidates: readonly string[]): string {
  if (candidates.length === 0) return '';
  return ` Did you mean ${candidates.map((candidate) => `'${candidate}'`).join(', ')}?`;
}

/**
 * Did-you-mean candidates for a missing ID, nearest in the hierarchy first:
 * 1. the item whose children are numbered under the missing ID (goal 3 was
 *    renumbered 7, but its objectives are still 3.1, 3.2: suggest 7);
 * 2. look-alikes that share the most leading number segments (3.5 for a missing 3.6,
 *    before 2.6), then the fewest edits.
 */
export function suggestItems(
  missing: string,
  framework: Framework,
  accepted: readonly ItemKind[] | undefined,
): string[] {
  const acceptable = (item: FrameworkItem): boolean => !accepted || accepted.includes(item.kind);
  const bound = Math.max(1, Math.floor(missing.length / 3));
  const missingSegments = missing.split('.');
  const scored = new Map<
    string,
    { tier: number; shared: number; distance: number; order: number }
  >();
  const childPrefix = `${missing}.`;
  for (const item of framework.items) {
    if (item.id.startsWith(childPrefix) && item.parent >= 0) {
      const parent = framework.items[item.parent];
      if (acceptable(parent) && parent.id !== missing && !scored.has(parent.id)) {
        scored.set(parent.id, { tier: 0, shared: 0, distance: 0, order: parent.index });
      }
    }
  }
  for (const item of framework.items) {
    if (!acceptable(item) || scored.has(item.id)) continue;
    const distance = editDistance(missing.toLowerCase(), item.id.toLowerCase(), bound);
    if (distance > bound) continue;
    const segments = item.id.split('.');
    let shared = 0;
    while (
      shared < segments.length - 1 &&
      shared < missingSegments.length - 1 &&
      segments[shared] === missingSegments[shared]
    ) {
      shared++;
    }
    scored.set(item.id, { tier: 1, shared, distance, order: item.index });
  }
  return [...scored.entries()]
    .sort(
      ([, a], [, b]) =>
        a.tier - b.tier || b.shared - a.shared || a.distance - b.distance || a.order - b.order,
    )
    .slice(0, limits.maxCandidates)
    .map(([id]) => id);
}
