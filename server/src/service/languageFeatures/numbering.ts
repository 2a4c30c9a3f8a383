/**
 * How new items are numbered: one more than the highest numbered sibling, never an
 * ID the framework already uses (IDs share one namespace). Completion offers the next
 * ID, Add Objective and Add Indicator insert it, and the renumbering quick fixes
 * choose it, all here.
 */
import { isNumberedId } from '../format';
import type { Framework, FrameworkItem } from '../model';

export interface NextId {
  readonly id: string;
  /** The highest numbered sibling, to explain the choice; undefined for the first. */
  readonly highest: string | undefined;
}

/** The kinds of item whose IDs are numbered. */
export type NumberedKind = 'goal' | 'objective' | 'indicator';

/**
 * `prefix + N` for the smallest N above every sibling numbered `prefix + number`,
 * skipping IDs already taken (a misfiled `3.6` elsewhere still takes `3.6`) and the
 * `reserved` ones.
 */
export function nextNumber(
  framework: Framework,
  siblings: readonly FrameworkItem[],
  prefix: string,
  reserved: ReadonlySet<string> = new Set(),
): NextId {
  let highest: FrameworkItem | undefined;
  let highestNumber = 0n;
  for (const sibling of siblings) {
    if (!sibling.id.startsWith(prefix)) continue;
    const rest = sibling.id.slice(prefix.length);
    if (!/^\d+$/.test(rest)) continue;
    const number = BigInt(rest);
    if (highest === undefined || number > highestNumber) {
      highest = sibling;
      highestNumber = number;
    }
  }
  const taken = new Set(framework.items.map((item) => item.id));
  let next = highest === undefined ? 1n : highestNumber + 1n;
  while (taken.has(`${prefix}${next}`) || reserved.has(`${prefix}${next}`)) next++;
  return { id: `${prefix}${next}`, highest: highest?.id };
}

/**
 * The ID a new item of `kind` should get: goals count on from the highest numeric
 * goal; objectives and indicators are numbered under their parent (`3.6` after `3.5`
 * under goal 3, `1.1.1` for the first indicator of objective 1.1).
 *
 * Undefined where numbering would only be a guess: goals that are all named
 * (`cybercrime`), or children of a named parent none of whose children follow
 * `parent.N`. Callers that must produce an ID anyway use `nextNumber` directly.
 */
export function nextIdFor(
  framework: Framework,
  kind: NumberedKind,
  parent: FrameworkItem | undefined,
): NextId | undefined {
  if (kind === 'goal') {
    const goals = framework.items.filter((item) => item.kind === 'goal');
    if (goals.length > 0 && !goals.some((goal) => /^\d+$/.test(goal.id))) return undefined;
    return nextNumber(framework, goals, '');
  }
  if (!parent) return undefined;
  const siblings = framework.items.filter(
    (item) => item.parent === parent.index && item.kind === kind,
  );
  const next = nextNumber(framework, siblings, `${parent.id}.`);
  if (!isNumberedId(parent.id) && next.highest === undefined) return undefined;
  return next;
}
