/**
 * Maps for the layout, SVG and report tests: the two INTERPOL examples, and generated
 * workspaces of chained frameworks of any size.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { StrategyMap } from '../../server/src/protocol';
import { createLanguageService, InMemoryWorkspace } from '../../server/src/service';
import type { FrameworkLanguageService } from '../../server/src/service';

export const repositoryRoot = path.resolve(__dirname, '..', '..', '..');

export const exampleNames = ['interpol-2014-2016', 'interpol-2017-2020'] as const;

export function exampleText(name: string): string {
  return fs.readFileSync(path.join(repositoryRoot, 'examples', `${name}.framework.yaml`), 'utf8');
}

/** A service over the given files (name to text), named `file:///w/NAME.framework.yaml`. */
export function serviceOf(files: Record<string, string>): FrameworkLanguageService {
  const workspace = new InMemoryWorkspace(
    Object.entries(files).map(
      ([name, text]) => [`file:///w/${name}.framework.yaml`, text] as const,
    ),
  );
  return createLanguageService({ workspace, logger: { log: () => undefined } });
}

/**
 * The goal IDs written in an example file, read from its text independently of the
 * service: the entries indented two spaces between `goals:` and `programmes:` (or the end).
 */
export function goalIdsIn(text: string): string[] {
  const start = text.indexOf('\ngoals:');
  const end = text.indexOf('\nprogrammes:');
  const goals = text.slice(start, end < 0 ? text.length : end);
  return [...goals.matchAll(/^ {2}- id: "([^"]+)"/gm)].map((match) => match[1]);
}

/** Every goal of the examples, as `FRAMEWORK:ID`, read from the files' text. */
export function exampleGoals(): string[] {
  return exampleNames.flatMap((name) =>
    goalIdsIn(exampleText(name)).map((goal) => `${name}:${goal}`),
  );
}

export function examplesService(): FrameworkLanguageService {
  return serviceOf(Object.fromEntries(exampleNames.map((name) => [name, exampleText(name)])));
}

export function examplesMap(): StrategyMap {
  return examplesService().getStrategyMap();
}

export interface GeneratedShape {
  readonly frameworks: number;
  readonly goals: number;
  readonly objectives: number;
  readonly indicators: number;
}

/**
 * Framework files `g1`...`gN`, each superseding the one before, with goals, objectives
 * and indicators; each goal continues the same goal of the framework before, each
 * objective supports the next goal, one programme supports goal 1, and each framework
 * has one reference that names nothing.
 */
export function generatedFiles(shape: GeneratedShape): Record<string, string> {
  const files: Record<string, string> = {};
  for (let f = 1; f <= shape.frameworks; f++) {
    const lines = [
      `framework: g${f}`,
      `title: Generated framework ${f}`,
      `period: { start: ${2000 + 3 * f}, end: ${2002 + 3 * f} }`,
    ];
    if (f > 1) lines.push(`supersedes: g${f - 1}`);
    lines.push('goals:');
    for (let g = 1; g <= shape.goals; g++) {
      lines.push(`  - id: "${g}"`, `    title: Goal ${g} of framework ${f}`);
      if (f > 1) lines.push(`    supersedes: ["g${f - 1}:${g}"]`);
      if (shape.objectives > 0) lines.push('    objectives:');
      for (let o = 1; o <= shape.objectives; o++) {
        lines.push(`      - id: "${g}.${o}"`, `        title: Objective ${g}.${o}`);
        const next = (g % shape.goals) + 1;
        if (next !== g) lines.push(`        supports: ["${next}"]`);
        if (shape.indicators > 0) lines.push('        indicators:');
        for (let i = 1; i <= shape.indicators; i++) {
          lines.push(
            `          - { id: "${g}.${o}.${i}", title: Indicator ${g}.${o}.${i}, target: ${i * 10} }`,
          );
        }
      }
    }
    lines.push(
      'programmes:',
      '  - id: p',
      `    title: Programme of framework ${f}`,
      '    supports: ["1", "999"]',
      '',
    );
    files[`g${f}`] = lines.join('\n');
  }
  return files;
}

export function generatedMap(shape: GeneratedShape): StrategyMap {
  return serviceOf(generatedFiles(shape)).getStrategyMap();
}
