/**
 * Diagnostics of one file: the problems the file has on its own (found when it was
 * parsed) plus those that depend on other files (references, duplicate frameworks,
 * supersedes cycles), with the user's severities applied.
 */
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Diagnostic, DiagnosticRelatedInformation } from 'vscode-languageserver-types';
import { diagnosticCodes, diagnosticSource } from '../codes';
import { limits } from '../limits';
import { perShape, shapeOf } from '../shape';
import type { ShapeToken } from '../shape';
import type { Framework, FrameworkItem, ItemKind, LocalDiagnostic, Reference } from '../model';
import { closestMatches, editDistance } from '../util/editDistance';
import type { FrameworkSettings, SeveritySetting } from '../types';
import type { IndexedFile, WorkspaceIndex } from '../workspaceIndex';

const severities: Record<Exclude<SeveritySetting, 'off'>, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The kinds of item each reference field may name. */
const acceptedKinds: Record<'category' | 'supports', readonly ItemKind[]> = {
  category: ['category'],
  supports: ['goal', 'objective'],
};

const article = (kind: ItemKind): string =>
  kind === 'objective' || kind === 'indicator' ? 'an' : 'a';

export function computeDiagnostics(
  index: WorkspaceIndex,
  file: IndexedFile,
  settings: FrameworkSettings,
): Diagnostic[] {
  const found: LocalDiagnosticWithUri[] = [...file.parsed.diagnostics];
  for (const framework of file.parsed.frameworks) {
    checkDuplicateFramework(index, file, framework, found);
    checkFrameworkSupersedes(index, framework, found);
    for (const reference of framework.references) {
      checkReference(index, framework, reference, found);
    }
  }
  const diagnostics: Diagnostic[] = [];
  for (const problem of found) {
    const setting = settings.severity[problem.code] ?? diagnosticCodes[problem.code];
    if (setting === 'off') continue;
    diagnostics.push(toDiagnostic(file, problem, severities[setting]));
  }
  diagnostics.sort(
    (a, b) =>
      a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
  if (diagnostics.length > limits.maxDiagnosticsPerFile) {
    const hidden = diagnostics.length - limits.maxDiagnosticsPerFile;
    diagnostics.length = limits.maxDiagnosticsPerFile;
    diagnostics.push({
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      severity: DiagnosticSeverity.Information,
      source: diagnosticSource,
      message: `${hidden} more problems in this file are not shown; fix the ones above first.`,
    });
  }
  return diagnostics;
}

/** A local diagnostic whose related locations may lie in other files. */
interface LocalDiagnosticWithUri extends Omit<LocalDiagnostic, 'related'> {
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
    const candidates = closestMatches(
      supersedes.frameworkId,
      index.frameworkIds(),
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
      message: `'${reference.text}' is ${article(item.kind)} ${item.kind}, but \`${reference.field}\` must name ${wanted}.`,
    });
  }
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
