/**
 * Random framework workspaces for the property tests: several files whose frameworks
 * refer to each other (`supports` and item-level `supersedes` across files, a chain of
 * framework-level `supersedes`), written in the styles people use (quoted or plain
 * IDs, flow or block lists and mappings, lists at column 0 or indented, one or two
 * documents per file), with problems planted at a given rate: broken references,
 * unknown frameworks, references to the wrong kind of item, duplicated, misnumbered
 * and numeric IDs, and misspelt keys.
 */
import type { Random } from './random';

export interface WorkspaceShape {
  /** How many files the workspace has (each holds one framework, sometimes two). */
  readonly files: number;
  /** The chance of a problem at each place where one can be planted, from 0 to 1. */
  readonly problemRate: number;
}

/** Each file's text, by name (the file is `NAME.framework.yaml`). */
export type GeneratedFiles = Record<string, string>;

type Kind = 'category' | 'value' | 'goal' | 'objective' | 'indicator' | 'programme';

/** An item before it is written: its ID, and what it refers to once references are chosen. */
interface PlannedItem {
  readonly kind: Kind;
  readonly id: string;
  readonly children: PlannedItem[];
}

interface PlannedFramework {
  readonly id: string;
  readonly items: PlannedItem[];
  /** Every goal and objective, for references to name. */
  readonly targets: string[];
  /** Items that `supports` must not name (programmes, indicators, values). */
  readonly wrongKindTargets: string[];
}

/** Misspellings of keys the format has, so that `unknown-key` has candidates to offer. */
const misspelledKeys: Readonly<Record<string, string[]>> = {
  title: ['titel', 'tilte', 'Title'],
  description: ['descripton', 'desc'],
  supports: ['suports', 'support'],
  objectives: ['objectivs'],
  target: ['traget'],
};

/** A random workspace of cross-referencing frameworks, named `gen-0`, `gen-1`... */
export function generateWorkspace(random: Random, shape: WorkspaceShape): GeneratedFiles {
  const plans: PlannedFramework[][] = [];
  for (let file = 0; file < shape.files; file++) {
    const frameworks = [planFramework(random, `gen-${file}`, shape.problemRate)];
    if (random.chance(0.2)) {
      frameworks.push(planFramework(random, `gen-${file}-b`, shape.problemRate));
    }
    plans.push(frameworks);
  }
  const all = plans.flat();
  const files: GeneratedFiles = {};
  plans.forEach((frameworks, file) => {
    const documents = frameworks.map((framework) =>
      writeFramework(random, framework, all, shape.problemRate),
    );
    files[`file${file}`] = documents.join('---\n');
  });
  return files;
}

function planFramework(random: Random, id: string, problemRate: number): PlannedFramework {
  const planted = (): boolean => random.chance(problemRate);
  const items: PlannedItem[] = [];
  const targets: string[] = [];
  const wrongKindTargets: string[] = [];
  const leaf = (kind: Kind, itemId: string): PlannedItem => ({ kind, id: itemId, children: [] });
  for (const category of ['strategic', 'corporate'].slice(0, random.int(3))) {
    items.push(leaf('category', category));
  }
  for (const value of ['integrity', 'openness'].slice(0, random.int(3))) {
    items.push(leaf('value', value));
    wrongKindTargets.push(value);
  }
  const goalCount = random.between(1, 4);
  const namedGoals = ['crime', 'growth', 'reach', 'people'];
  for (let goal = 1; goal <= goalCount; goal++) {
    // Most goals are numbered; some are named, whose children may take any name.
    const named = random.chance(0.15);
    let goalId = named ? namedGoals[goal - 1] : String(goal);
    if (goal > 1 && planted()) goalId = String(goal - 1); // A duplicated goal ID.
    const goalItem: PlannedItem = { kind: 'goal', id: goalId, children: [] };
    items.push(goalItem);
    targets.push(goalId);
    const objectiveCount = random.int(4);
    for (let objective = 1; objective <= objectiveCount; objective++) {
      let number = objective;
      // An objective numbered 10 or 20, which YAML reads as 1 or 2 when left unquoted.
      if (planted()) number = objective * 10;
      let objectiveId = `${goalId}.${number}`;
      if (named && random.chance(0.3)) objectiveId = `${goalId}-part${objective}`;
      if (planted()) objectiveId = `${goal + 1}.${number}`; // Misnumbered.
      if (objective > 1 && planted()) objectiveId = goalItem.children[0].id; // Duplicated.
      const objectiveItem: PlannedItem = { kind: 'objective', id: objectiveId, children: [] };
      goalItem.children.push(objectiveItem);
      targets.push(objectiveId);
      for (let indicator = 1; indicator <= random.int(3); indicator++) {
        const indicatorId = planted() ? `9.${indicator}` : `${objectiveId}.${indicator}`;
        objectiveItem.children.push(leaf('indicator', indicatorId));
        wrongKindTargets.push(indicatorId);
      }
    }
  }
  for (let programme = 1; programme <= random.int(3); programme++) {
    items.push(leaf('programme', `p${programme}`));
    wrongKindTargets.push(`p${programme}`);
  }
  return { id, items, targets, wrongKindTargets };
}

/** How one framework is written: quoting, list layout and line ends. */
interface Style {
  readonly quote: '"' | "'" | '';
  /** The indentation of a list's dashes under its key: 0 or 2. */
  readonly dash: string;
  readonly flowLists: boolean;
}

function writeFramework(
  random: Random,
  framework: PlannedFramework,
  all: readonly PlannedFramework[],
  problemRate: number,
): string {
  const planted = (): boolean => random.chance(problemRate);
  const style: Style = {
    quote: random.pick(['"', "'", ''] as const),
    dash: random.chance(0.7) ? '  ' : '',
    flowLists: random.chance(0.5),
  };
  const others = all.filter((other) => other !== framework);
  const key = (name: string): string =>
    planted() && misspelledKeys[name] ? random.pick(misspelledKeys[name]) : name;

  /** A reference `supports` may name: mostly a goal or objective, local or qualified. */
  const supportTarget = (): string => {
    if (planted()) {
      return random.pick([
        `${random.pick(framework.targets)}9`,
        `${random.pick(others.length > 0 ? others : [framework]).id}:7.7`,
        `gen-${random.int(9)}x:1`,
        `gem-${random.int(3)}:1`,
        random.pick([...framework.wrongKindTargets, framework.targets[0]]),
      ]);
    }
    if (others.length > 0 && random.chance(0.5)) {
      const other = random.pick(others);
      return `${other.id}:${random.pick(other.targets)}`;
    }
    return random.pick(framework.targets);
  };

  const lines: string[] = [];
  if (random.chance(0.3)) lines.push(`# ${framework.id}, generated for the property tests.`);
  lines.push(`framework: ${framework.id}`, `${key('title')}: Framework ${framework.id}`);
  if (random.chance(0.5)) lines.push('period: { start: 2020, end: 2023 }');
  const position = all.indexOf(framework);
  const older = position > 0 ? all[position - 1] : undefined;
  if (older && random.chance(0.6)) {
    lines.push(`supersedes: ${planted() ? `${older.id}x` : older.id}`);
  }
  const byKind = (kind: Kind): PlannedItem[] => framework.items.filter((i) => i.kind === kind);
  for (const [listKey, kind] of [
    ['categories', 'category'],
    ['values', 'value'],
  ] as const) {
    const entries = byKind(kind);
    if (entries.length === 0) continue;
    lines.push(`${listKey}:`);
    for (const entry of entries) {
      lines.push(`${style.dash}- { id: ${entry.id}, title: ${capitalised(entry.id)} }`);
    }
  }
  lines.push('goals:');
  const categories = byKind('category');
  for (const goal of byKind('goal')) {
    const fields: string[] = [`title: Goal ${goal.id} of ${framework.id}`];
    if (categories.length > 0 && random.chance(0.5)) {
      fields.push(`category: ${planted() ? framework.targets[0] : random.pick(categories).id}`);
    }
    if (random.chance(0.3))
      fields.push(...referenceList(random, style, 'supports', [supportTarget()]));
    if (older && random.chance(0.4)) {
      const superseded = planted()
        ? random.pick(framework.targets)
        : `${older.id}:${random.pick(older.targets)}`;
      fields.push(...referenceList(random, style, 'supersedes', [superseded]));
    }
    lines.push(...entryLines(style, '', goal.id, fields, key));
    if (goal.children.length === 0) continue;
    lines.push(`${style.dash}  ${key('objectives')}:`);
    for (const objective of goal.children) {
      const objectiveFields = [`title: Objective ${objective.id}`];
      if (random.chance(0.5)) {
        const count = random.between(1, 2);
        const supported = Array.from({ length: count }, supportTarget);
        objectiveFields.push(...referenceList(random, style, 'supports', supported));
      }
      if (random.chance(0.2)) objectiveFields.push('description: Why it matters.');
      const indent = `${style.dash}  `;
      lines.push(...entryLines(style, indent, objective.id, objectiveFields, key));
      if (objective.children.length === 0) continue;
      const fieldIndent = `${indent}${style.dash}  `;
      lines.push(`${fieldIndent}indicators:`);
      for (const indicator of objective.children) {
        const id = writeId(style, indicator.id);
        lines.push(
          `${fieldIndent}${style.dash}- { id: ${id}, title: Share ${indicator.id}, target: 90, unit: "%" }`,
        );
      }
    }
  }
  const programmes = byKind('programme');
  if (programmes.length > 0) {
    lines.push('programmes:');
    for (const programme of programmes) {
      const fields = [`title: Programme ${programme.id}`];
      if (random.chance(0.7))
        fields.push(...referenceList(random, style, 'supports', [supportTarget()]));
      lines.push(...entryLines(style, '', programme.id, fields, key));
    }
  }
  return `${lines.join('\n')}\n`;
}

/** A list entry in block style: `- id: ...` and its other fields, each on its line. */
function entryLines(
  style: Style,
  indent: string,
  id: string,
  fields: readonly string[],
  key: (name: string) => string,
): string[] {
  const inner = `${indent}${style.dash}  `;
  const written = fields.map((field) => {
    // The first word of a field is its key, which may be misspelt.
    const colon = field.indexOf(':');
    return colon > 0 && !field.startsWith(' ')
      ? `${key(field.slice(0, colon))}${field.slice(colon)}`
      : field;
  });
  return [
    `${indent}${style.dash}- id: ${writeId(style, id)}`,
    ...written.map((field) => `${inner}${field}`),
  ];
}

/**
 * A reference list: flow (`supports: ["1", "gen-0:2"]`) or block (`- "1"` lines).
 * Its continuation lines start with two spaces, to be indented under the key's.
 */
function referenceList(
  random: Random,
  style: Style,
  key: string,
  references: readonly string[],
): string[] {
  if (style.flowLists || random.chance(0.3)) {
    return [
      `${key}: [${references.map((reference) => writeReference(style, reference, true)).join(', ')}]`,
    ];
  }
  return [
    `${key}:`,
    ...references.map((reference) => `  - ${writeReference(style, reference, false)}`),
  ];
}

/** An ID as the style writes it; numeric-looking IDs are left plain only in plain style. */
function writeId(style: Style, id: string): string {
  return style.quote === '' ? id : `${style.quote}${id}${style.quote}`;
}

function writeReference(style: Style, reference: string, inFlow: boolean): string {
  // A plain scalar with a colon is fine in a block list; in a flow list it is quoted.
  if (style.quote === '' && !(inFlow && reference.includes(':'))) return reference;
  return `${style.quote || '"'}${reference}${style.quote || '"'}`;
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
