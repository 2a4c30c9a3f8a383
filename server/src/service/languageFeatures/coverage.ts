/**
 * Coverage rules: what a team expects every framework to have, beyond what the format
 * requires. Every goal has an objective, every objective enough indicators, every
 * indicator a target, every programme something it supports, and no goal or
 * programme stands alone. Each rule is a diagnostic code that is `off` until a team
 * turns it on in `strategicFrameworks.diagnostics.severity`, and a rule that is off is
 * never computed.
 */
import { isEnabled } from '../codes';
import type { Framework, FrameworkItem, LocalDiagnostic } from '../model';
import type { FrameworkSettings } from '../types';
import type { IndexedFile, WorkspaceIndex } from '../workspaceIndex';
import { resolveReference } from './navigation';

/** Whether any coverage rule is on, so that a file with all of them off costs nothing. */
export function anyCoverageRule(settings: FrameworkSettings): boolean {
  return (
    isEnabled('goal-without-objectives', settings.severity) ||
    isEnabled('objective-without-indicators', settings.severity) ||
    isEnabled('indicator-without-target', settings.severity) ||
    isEnabled('programme-without-support', settings.severity) ||
    isEnabled('orphan-item', settings.severity)
  );
}

export function checkCoverage(
  index: WorkspaceIndex,
  file: IndexedFile,
  framework: Framework,
  settings: FrameworkSettings,
  found: LocalDiagnostic[],
): void {
  const severity = settings.severity;
  const goals = isEnabled('goal-without-objectives', severity);
  const objectives = isEnabled('objective-without-indicators', severity);
  const indicators = isEnabled('indicator-without-target', severity);
  const programmes = isEnabled('programme-without-support', severity);
  if (goals || objectives) {
    const children = countChildren(framework);
    for (const item of framework.items) {
      const count = children[item.index];
      if (goals && item.kind === 'goal' && count === 0) {
        found.push({
          code: 'goal-without-objectives',
          range: item.idRange,
          message: `Goal ${item.id} has no objectives, so nothing says how it will be reached. Add \`objectives:\` under it with at least one objective (${childId(item)}).`,
        });
      }
      if (objectives && item.kind === 'objective' && count < settings.minIndicators) {
        found.push({
          code: 'objective-without-indicators',
          range: item.idRange,
          message: indicatorsMessage(item, count, settings.minIndicators),
        });
      }
    }
  }
  if (indicators) {
    for (const item of framework.items) {
      if (item.kind !== 'indicator' || item.target !== undefined) continue;
      found.push({
        code: 'indicator-without-target',
        range: item.idRange,
        message: `Indicator ${item.id} has no target, so nobody can tell whether it was met. Add \`target:\` with the value to reach by the end of the period (a number or text).`,
      });
    }
  }
  if (programmes) {
    const supporting = new Set<number>();
    for (const reference of framework.references) {
      if (reference.field === 'supports') supporting.add(reference.source);
    }
    for (const item of framework.items) {
      if (item.kind !== 'programme' || supporting.has(item.index)) continue;
      found.push({
        code: 'programme-without-support',
        range: item.idRange,
        message: `Programme ${item.id} supports nothing. Add \`supports:\` with the goals or objectives it contributes to, such as \`supports: ["1"]\`.`,
      });
    }
  }
  if (isEnabled('orphan-item', severity)) checkOrphans(index, file, framework, found);
}

/** How many children each item has: objectives under a goal, indicators under an objective. */
function countChildren(framework: Framework): number[] {
  const children = new Array<number>(framework.items.length).fill(0);
  for (const item of framework.items) if (item.parent >= 0) children[item.parent]++;
  return children;
}

/** An example ID for a first child: `3.1` under `3`, `crime.1` under `crime`. */
function childId(parent: FrameworkItem): string {
  return `${parent.id}.1`;
}

function indicatorsMessage(item: FrameworkItem, count: number, minimum: number): string {
  const setting = '(`strategicFrameworks.coverage.minIndicators`)';
  if (count === 0) {
    const needed = minimum === 1 ? 'at least one' : `at least ${minimum}`;
    return `Objective ${item.id} has no indicators, so nothing says how it is evaluated; each objective should have ${needed} ${setting}. Add \`indicators:\` under it (${childId(item)}).`;
  }
  const has = count === 1 ? '1 indicator' : `${count} indicators`;
  return `Objective ${item.id} has ${has}, fewer than the ${minimum} each objective should have ${setting}. Add ${minimum - count} more under \`indicators:\`.`;
}

/**
 * An orphan is a goal or a programme that no link reaches and that links to nothing:
 * no `supports`, item-level `supersedes` or `retired` entry names it from outside it,
 * and it names nothing outside itself in `supports` or `supersedes`. A goal's
 * objectives and indicators belong to it: a link to or from any of them links the goal
 * (a goal whose objective a programme supports is not an orphan), and links between
 * them do not count. `category` is a label, not a link. Values and categories are
 * never orphans; objectives and indicators are never reported on their own. Only
 * references that resolve count.
 */
function checkOrphans(
  index: WorkspaceIndex,
  file: IndexedFile,
  framework: Framework,
  found: LocalDiagnostic[],
): void {
  const roots = rootsOf(framework);
  const linked = new Set<number>();
  // Links written in this framework, in and out of each tree.
  for (const reference of framework.references) {
    if (reference.field === 'category') continue;
    const target = resolveReference(index, file, framework, reference);
    if (!target) continue;
    const sourceRoot = reference.source >= 0 ? roots[reference.source] : -1;
    if (target.framework !== framework) {
      if (sourceRoot >= 0) linked.add(sourceRoot);
      continue;
    }
    const targetRoot = roots[target.item.index];
    if (sourceRoot === targetRoot) continue;
    linked.add(targetRoot);
    if (sourceRoot >= 0) linked.add(sourceRoot);
  }
  // Links from other frameworks reach only the definition references resolve against.
  if (index.getFramework(framework.id)?.framework === framework) {
    const items = index.itemsById(framework);
    for (const uri of index.filesReferringTo(framework.id)) {
      const other = index.getFile(uri);
      for (const source of other?.parsed.frameworks ?? []) {
        if (source.id === framework.id) continue;
        for (const reference of source.references) {
          if (reference.frameworkId !== framework.id || reference.field === 'category') continue;
          const item = items.get(reference.itemId);
          if (item) linked.add(roots[item.index]);
        }
      }
    }
  }
  for (const item of framework.items) {
    if (item.parent >= 0 || linked.has(item.index)) continue;
    if (item.kind !== 'goal' && item.kind !== 'programme') continue;
    const what =
      item.kind === 'goal'
        ? `Goal ${item.id} is an orphan: no item or programme refers to it or to its objectives, and they refer to nothing outside it.`
        : `Programme ${item.id} is an orphan: nothing refers to it, and it supports and continues nothing.`;
    found.push({
      code: 'orphan-item',
      range: item.idRange,
      message: `${what} Link it with \`supports\` (a programme or another item supporting it, or it supporting one) or \`supersedes\`, or remove it.`,
    });
  }
}

/** The index of each item's top-level ancestor (itself for a top-level item). */
function rootsOf(framework: Framework): number[] {
  const roots = new Array<number>(framework.items.length);
  // Parents come before their children, so each parent's root is known in time.
  for (const item of framework.items) {
    roots[item.index] = item.parent >= 0 ? roots[item.parent] : item.index;
  }
  return roots;
}
