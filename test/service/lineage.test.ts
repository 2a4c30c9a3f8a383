import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CompletionItemKind, DiagnosticSeverity } from 'vscode-languageserver-types';
import type { CodeAction, Diagnostic, Hover } from 'vscode-languageserver-types';
import { parse } from 'yaml';
import type { LineageItemRef, LineageSummary } from '../../server/src/protocol';
import type { FrameworkLanguageService } from '../../server/src/service';
import {
  applyTestWorkspaceEdit,
  codes,
  coveredText,
  createTestWorkspace,
  messageOf,
  uriOf,
  withCursor,
} from './helpers';

const old = `framework: old
title: Old framework
period: { start: 2014, end: 2016 }
goals:
  - id: "1"
    title: Secure police information
    objectives:
      - id: "1.1"
        title: Operate the information network
  - id: "2"
    title: Support police forces
  - id: "3"
    title: Train police officers
  - id: "4"
    title: Research and innovation
  - id: "5"
    title: Organisational health
    retired: Folded into the new governance goal.
  - id: "6"
    title: Institutional framework
programmes:
  - id: p
    title: Old programme
`;

const successor = `framework: new
title: New framework
period: { start: 2017, end: 2020 }
supersedes: old
retired:
  - item: old:6
    reason: The institutional reform is complete.
goals:
  - id: "1"
    title: Information hub
    supersedes: ["old:1"]
  - id: "2"
    title: Police capabilities
    supersedes: ["old:2", "old:3"]
  - id: "3"
    title: Innovation
    supersedes: ["old:4"]
  - id: "4"
    title: Research
    supersedes: ["old:4"]
  - id: "5"
    title: Brand new goal
`;

/** How a summary names an item, for comparing summaries compactly. */
const name = (item: LineageItemRef): string => `${item.framework}:${item.id}`;

/** A summary with every item reduced to its qualified ID. */
function compact(summary: LineageSummary): Record<string, unknown> {
  return {
    pair: `${summary.predecessor} → ${summary.successor}`,
    continued: summary.continued.map(({ from, to }) => `${name(from)} → ${name(to)}`),
    merged: summary.merged.map(({ from, to }) => `${from.map(name).join(' + ')} → ${name(to)}`),
    split: summary.split.map(({ from, to }) => `${name(from)} → ${to.map(name).join(' + ')}`),
    retired: summary.retired.map(({ item, reason }) => `${name(item)}: ${reason}`),
    unaccounted: summary.unaccounted.map(name),
    new: summary.new.map(name),
  };
}

function unaccounted(service: FrameworkLanguageService, file: string): Diagnostic[] {
  return service
    .getDiagnostics(uriOf(file))
    .filter((diagnostic) => diagnostic.code === 'unaccounted-predecessor');
}

function hoverValue(hover: Hover | undefined): string {
  const contents = hover?.contents;
  assert.ok(contents && typeof contents === 'object' && 'value' in contents);
  return contents.value;
}

describe('lineage', () => {
  describe('the summary of a pair of frameworks', () => {
    it('classifies continued, merged, split, retired (on the item and in the successor), unaccounted and new items', () => {
      const { service } = createTestWorkspace({ old, new: successor });
      assert.deepEqual(service.getLineage().map(compact), [
        {
          pair: 'old → new',
          continued: ['old:1 → new:1'],
          merged: ['old:2 + old:3 → new:2'],
          split: ['old:4 → new:3 + new:4'],
          retired: [
            'old:5: Folded into the new governance goal.',
            'old:6: The institutional reform is complete.',
          ],
          unaccounted: ['old:1.1'],
          new: ['new:5'],
        },
      ]);
      const [summary] = service.getLineage();
      assert.deepEqual(summary.continued[0].from, {
        framework: 'old',
        id: '1',
        kind: 'goal',
        title: 'Secure police information',
      });
    });

    it('lists a link inside a many-to-many tangle from both ends', () => {
      const tangled = successor
        .replace('supersedes: ["old:1"]', 'supersedes: ["old:1", "old:2"]')
        .replace('supersedes: ["old:2", "old:3"]', 'supersedes: ["old:2"]');
      const summary = compact(createTestWorkspace({ old, new: tangled }).service.getLineage()[0]);
      // new:1 merges old:1 and old:2; old:2 is split into new:1 and new:2; old:3 is left.
      assert.deepEqual(summary.continued, []);
      assert.deepEqual(summary.merged, ['old:1 + old:2 → new:1']);
      assert.deepEqual(summary.split, ['old:2 → new:1 + new:2', 'old:4 → new:3 + new:4']);
      assert.deepEqual(summary.unaccounted, ['old:1.1', 'old:3']);
    });

    it('gives one summary per successor when two frameworks supersede one, and accounts across both', () => {
      const other = `framework: alt
title: Alternative framework
supersedes: old
retired:
  - { item: "old:1.1", reason: Done. }
goals:
  - id: "1"
    title: Training
    supersedes: ["old:3"]
`;
      const { service } = createTestWorkspace({
        old,
        new: successor.replace('supersedes: ["old:2", "old:3"]', 'supersedes: ["old:2"]'),
        alt: other,
      });
      const summaries = service.getLineage().map(compact);
      assert.deepEqual(
        summaries.map((summary) => summary.pair),
        ['old → alt', 'old → new'],
      );
      // old:3 is continued by alt only, and old:1.1 retired by alt only: neither is
      // unaccounted in either pair, and each pair lists what its successor says.
      assert.deepEqual(summaries[0].continued, ['old:3 → alt:1']);
      assert.deepEqual(summaries[0].retired, [
        'old:1.1: Done.',
        'old:5: Folded into the new governance goal.',
      ]);
      assert.deepEqual(summaries[1].retired, [
        'old:5: Folded into the new governance goal.',
        'old:6: The institutional reform is complete.',
      ]);
      for (const summary of summaries) assert.deepEqual(summary.unaccounted, []);
      assert.deepEqual(unaccounted(service, 'old'), []);
    });

    it('follows a chain over three periods one pair at a time', () => {
      const files = chainOfThree();
      const { service } = createTestWorkspace(files);
      assert.deepEqual(service.getLineage().map(compact), [
        {
          pair: 'f2011 → f2014',
          continued: ['f2011:1 → f2014:1'],
          merged: [],
          split: [],
          retired: [],
          unaccounted: ['f2011:2'],
          new: ['f2014:2'],
        },
        {
          pair: 'f2014 → f2017',
          continued: ['f2014:1 → f2017:1', 'f2014:2 → f2017:2'],
          merged: [],
          split: [],
          retired: [],
          unaccounted: [],
          new: [],
        },
      ]);
      // Only a direct successor accounts for an item: f2017 naming f2011:2 does not.
      assert.deepEqual(
        unaccounted(service, 'f2011').map((diagnostic) => coveredText(files.f2011, diagnostic)),
        ['2'],
      );
    });

    it('does not hang on frameworks or items that supersede each other in a loop', () => {
      const a = `framework: a
title: A
supersedes: b
goals:
  - id: "1"
    title: One
    supersedes: ["b:1"]
`;
      const b = a.replace(/\bb\b/g, 'x').replace(/\ba\b/g, 'b').replace(/\bx\b/g, 'a');
      const { service } = createTestWorkspace({ a, b });
      assert.deepEqual(
        service.getLineage().map((summary) => `${summary.predecessor} → ${summary.successor}`),
        ['a → b', 'b → a'],
      );
      assert.deepEqual(codes(service.getDiagnostics(uriOf('a'))), ['supersedes-cycle']);
      const trace = service.getTraceability({ qualifiedId: 'a:1' });
      assert.deepEqual(
        trace?.supersedes.map((step) => step.item.qualifiedId),
        ['b:1'],
      );
      const position = { line: 4, character: 9 };
      assert.match(hoverValue(service.getHover(uriOf('a'), position)), /\*\*Lineage\*\*/);
    });

    it('is what the INTERPOL example files say', () => {
      const examples = path.join(__dirname, '..', '..', '..', 'examples');
      const read = (name: string): string =>
        fs.readFileSync(path.join(examples, `${name}.framework.yaml`), 'utf8');
      interface Item {
        id: string;
        title: string;
        supersedes?: string[];
        retired?: string;
        objectives?: Item[];
      }
      interface Document {
        framework: string;
        supersedes?: string;
        goals: Item[];
        programmes?: Item[];
      }
      const early = parse(read('interpol-2014-2016')) as Document;
      const late = parse(read('interpol-2017-2020')) as Document;
      assert.equal(late.supersedes, early.framework);

      // The links as the files write them, old ID to new ID, in the files' order.
      const earlyItems = early.goals.flatMap((goal) => [goal, ...(goal.objectives ?? [])]);
      const lateItems = [...late.goals, ...(late.programmes ?? [])].flatMap((item) => [
        item,
        ...(item.objectives ?? []),
      ]);
      const earlyOrder = earlyItems.map((item) => item.id);
      const links = lateItems.flatMap((item) =>
        (item.supersedes ?? [])
          .filter((reference) => reference.startsWith(`${early.framework}:`))
          .map((reference) => ({ from: reference.split(':')[1], to: item.id })),
      );
      const newsOf = (id: string): string[] => links.filter((l) => l.from === id).map((l) => l.to);
      const oldsOf = (id: string): string[] =>
        links
          .filter((l) => l.to === id)
          .map((l) => l.from)
          .sort((x, y) => earlyOrder.indexOf(x) - earlyOrder.indexOf(y));
      const linkedOld = earlyOrder.filter((id) => newsOf(id).length > 0);
      const linkedNew = [...new Set(links.map((l) => l.to))];
      const q = (framework: string, id: string): string => `${framework}:${id}`;

      const expected = {
        pair: `${early.framework} → ${late.framework}`,
        continued: linkedOld
          .filter((id) => newsOf(id).length === 1 && oldsOf(newsOf(id)[0]).length === 1)
          .map((id) => `${q(early.framework, id)} → ${q(late.framework, newsOf(id)[0])}`),
        merged: linkedNew
          .filter((id) => oldsOf(id).length > 1)
          .map(
            (id) =>
              `${oldsOf(id)
                .map((from) => q(early.framework, from))
                .join(' + ')} → ${q(late.framework, id)}`,
          ),
        split: linkedOld
          .filter((id) => newsOf(id).length > 1)
          .map(
            (id) =>
              `${q(early.framework, id)} → ${newsOf(id)
                .map((to) => q(late.framework, to))
                .join(' + ')}`,
          ),
        retired: earlyItems
          .filter((item) => item.retired)
          .map((item) => `${q(early.framework, item.id)}: ${item.retired}`),
        unaccounted: earlyItems
          .filter((item) => newsOf(item.id).length === 0 && !item.retired)
          .map((item) => q(early.framework, item.id)),
        new: late.goals
          .flatMap((goal) => [goal, ...(goal.objectives ?? [])])
          .filter((item) => oldsOf(item.id).length === 0)
          .map((item) => q(late.framework, item.id)),
      };
      assert.ok(expected.merged.length > 0 && expected.unaccounted.length > 0);

      const { service } = createTestWorkspace({
        early: read('interpol-2014-2016'),
        late: read('interpol-2017-2020'),
      });
      assert.deepEqual(service.getLineage().map(compact), [expected]);
      // The diagnostics report exactly the unaccounted items, as information.
      const reported = unaccounted(service, 'early');
      assert.deepEqual(
        reported.map(
          (diagnostic) =>
            `${early.framework}:${coveredText(read('interpol-2014-2016'), diagnostic)}`,
        ),
        expected.unaccounted,
      );
      assert.ok(reported.every((d) => d.severity === DiagnosticSeverity.Information));
    });
  });

  describe('unaccounted-predecessor', () => {
    it('reports each goal and objective neither continued nor retired, on its ID, naming the successor', () => {
      const { service } = createTestWorkspace({ old, new: successor });
      const [diagnostic, ...more] = unaccounted(service, 'old');
      assert.deepEqual(more, []);
      assert.equal(coveredText(old, diagnostic), '1.1');
      assert.equal(diagnostic.severity, DiagnosticSeverity.Information);
      assert.equal(
        messageOf(diagnostic),
        "Objective 1.1 of 'old' is neither continued nor retired by 'new', which supersedes it. Add 'old:1.1' to the `supersedes` of the item that continues it, or give this objective `retired:` with the reason it ends.",
      );
      assert.deepEqual(unaccounted(service, 'new'), []);
    });

    it('does not depend on the successors’ titles, so typing one there re-checks only that file', () => {
      const { workspace, service } = createTestWorkspace({ old, new: successor });
      const [diagnostic] = unaccounted(service, 'old');
      // The likely successors come with the quick fixes, not with the diagnostic.
      assert.equal(diagnostic.relatedInformation, undefined);
      workspace.set(uriOf('new'), successor.replace('Information hub', 'Information hubs'));
      assert.deepEqual(service.synchronize(), [uriOf('new')]);
      // A link that accounts for the item re-checks the old file.
      workspace.set(
        uriOf('new'),
        successor.replace('supersedes: ["old:1"]', 'supersedes: ["old:1", "old:1.1"]'),
      );
      assert.deepEqual(service.synchronize().sort(), [uriOf('new'), uriOf('old')].sort());
      assert.deepEqual(unaccounted(service, 'old'), []);
    });

    it('counts a continuation by any kind of item, and names every successor', () => {
      const continuedByProgramme = `${successor}programmes:\n  - { id: q, title: Q, supersedes: ["old:1.1"] }\n`;
      const first = createTestWorkspace({ old, new: continuedByProgramme }).service;
      assert.deepEqual(unaccounted(first, 'old'), []);

      const alt =
        'framework: alt\ntitle: Alt\nsupersedes: old\ngoals:\n  - { id: "1", title: One }\n';
      const second = createTestWorkspace({ old, new: successor, alt }).service;
      assert.match(
        messageOf(unaccounted(second, 'old')[0]),
        /neither continued nor retired by 'alt' or 'new', which supersede it/,
      );
    });

    it('reports nothing while no framework supersedes the old one, and nothing when turned off', () => {
      const alone = createTestWorkspace({
        old,
        new: successor.replace('supersedes: old\n', ''),
      }).service;
      assert.deepEqual(unaccounted(alone, 'old'), []);
      const off = createTestWorkspace(
        { old, new: successor },
        { diagnostics: { severity: { 'unaccounted-predecessor': 'off' } } },
      ).service;
      assert.deepEqual(off.getDiagnostics(uriOf('old')), []);
      const warning = createTestWorkspace(
        { old, new: successor },
        { diagnostics: { severity: { 'unaccounted-predecessor': 'warning' } } },
      ).service;
      assert.equal(unaccounted(warning, 'old')[0].severity, DiagnosticSeverity.Warning);
    });

    it('leaves the second definition of a duplicated framework alone', () => {
      // `old` comes first in URI order, so references resolve to it.
      const { service } = createTestWorkspace({ old, old2: old, new: successor });
      assert.equal(unaccounted(service, 'old').length, 1);
      assert.deepEqual(unaccounted(service, 'old2'), []);
    });
  });

  describe('the retired keys', () => {
    it('checks the entries of a framework-level retired list like other references', () => {
      const entries = (lines: string): string =>
        successor.replace(
          'retired:\n  - item: old:6\n    reason: The institutional reform is complete.\n',
          `retired:\n${lines}`,
        );
      const cases: Record<string, [string, string]> = {
        'an unknown framework': ['  - { item: "olde:6", reason: R }\n', 'unknown-framework'],
        'a missing item': ['  - { item: "old:9", reason: R }\n', 'unresolved-reference'],
        'an item of this framework': ['  - { item: "5", reason: R }\n', 'wrong-reference-kind'],
        'a category': ['  - { item: "old:c", reason: R }\n', 'wrong-reference-kind'],
        'a framework it does not supersede': [
          '  - { item: "other:1", reason: R }\n',
          'wrong-reference-kind',
        ],
        'no reason': ['  - { item: "old:6" }\n', 'missing-key'],
      };
      const other = 'framework: other\ntitle: Other\ngoals:\n  - { id: "1", title: One }\n';
      const withCategory = old.replace(
        'goals:\n',
        'categories:\n  - { id: c, title: C }\ngoals:\n',
      );
      for (const [what, [lines, code]] of Object.entries(cases)) {
        const text = entries(lines);
        const { service } = createTestWorkspace({ old: withCategory, new: text, other });
        assert.deepEqual(codes(service.getDiagnostics(uriOf('new'))), [code], what);
      }
      const noSupersedes = entries('  - { item: "old:6", reason: R }\n').replace(
        'supersedes: old\n',
        '',
      );
      const { service } = createTestWorkspace({ old, new: noSupersedes });
      const [problem] = service.getDiagnostics(uriOf('new'));
      assert.equal(problem.code, 'wrong-reference-kind');
      assert.match(messageOf(problem), /this framework has no `supersedes`/);
      assert.equal(coveredText(noSupersedes, problem), 'old');
    });

    it('reports an item-level retired that is not text, and does not count it', () => {
      const text = old.replace(
        'retired: Folded into the new governance goal.',
        'retired: [Folded]',
      );
      const { service } = createTestWorkspace({ old: text, new: successor });
      assert.deepEqual(codes(service.getDiagnostics(uriOf('old'))), [
        'unaccounted-predecessor',
        'unaccounted-predecessor',
        'invalid-value',
      ]);
    });

    it('renames, finds and completes the item of a retired entry', () => {
      const { service } = createTestWorkspace({ old, new: successor });
      const onSix = withCursor(old.replace('id: "6"', 'id: "|6"')).position;
      const references = service.getReferences(uriOf('old'), onSix, false);
      assert.ok(references.some((location) => location.uri === uriOf('new')));
      const rename = service.getRenameEdits(uriOf('old'), onSix, '7');
      assert.ok('edit' in rename);
      const renamed = applyTestWorkspaceEdit({ old, new: successor }, rename.edit);
      assert.match(renamed.new, /item: old:7/);
      assert.deepEqual(
        createTestWorkspace(renamed).service.getDiagnostics(uriOf('new')),
        [],
        renamed.new,
      );

      const typing = withCursor(
        successor.replace('  - item: old:6\n', '  - item: old:6\n  - item: |\n'),
      );
      const completions = createTestWorkspace({ old, new: typing.text }).service.getCompletions(
        uriOf('new'),
        typing.position,
      );
      const labels = completions.items
        .filter((item) => item.kind !== CompletionItemKind.Module)
        .map((item) => item.label);
      // Goals, objectives and programmes of the superseded framework only.
      assert.deepEqual(labels, [
        'old:1',
        'old:1.1',
        'old:2',
        'old:3',
        'old:4',
        'old:5',
        'old:6',
        'old:p',
      ]);
    });
  });

  describe('quick fixes', () => {
    /** The fixes for the `unaccounted-predecessor` on old:1.1, with every file's text. */
    function fixesFor(files: Record<string, string>): CodeAction[] {
      const { service } = createTestWorkspace(files);
      const [diagnostic] = unaccounted(service, 'old');
      assert.ok(diagnostic, 'old:1.1 is reported');
      return service.getCodeActions(uriOf('old'), diagnostic.range, [diagnostic]);
    }

    /** Applies a fix and checks that every file is clean afterwards, in a fresh workspace. */
    function applyClean(files: Record<string, string>, action: CodeAction): Record<string, string> {
      const fixed = applyTestWorkspaceEdit(files, action.edit);
      const { service } = createTestWorkspace(fixed);
      for (const file of Object.keys(fixed)) {
        assert.deepEqual(service.getDiagnostics(uriOf(file)), [], `${file}:\n${fixed[file]}`);
      }
      return fixed;
    }

    it('offers one fix per likely successor and one to retire the item', () => {
      const actions = fixesFor({ old, new: successor });
      assert.deepEqual(
        actions.map((action) => [action.title, action.isPreferred]),
        [
          ['Continue old:1.1 in new as goal 1 (Information hub)', true],
          ['Continue old:1.1 in new as goal 2 (Police capabilities)', false],
          ['Continue old:1.1 in new as goal 3 (Innovation)', false],
          ['Mark old:1.1 as retired', false],
        ],
      );
    });

    const layouts: Record<string, [string, string, string]> = {
      'a flow list': [
        'supersedes: ["old:1"]',
        'supersedes: ["old:1"]',
        'supersedes: ["old:1", "old:1.1"]',
      ],
      'a flow list in single quotes': [
        'supersedes: ["old:1"]',
        "supersedes: ['old:1']",
        "supersedes: ['old:1', 'old:1.1']",
      ],
      'a block list': [
        'supersedes: ["old:1"]',
        'supersedes:\n      - "old:1"',
        'supersedes:\n      - "old:1"\n      - "old:1.1"',
      ],
      'an empty list': ['supersedes: ["old:1"]', 'supersedes: []', 'supersedes: ["old:1.1"]'],
      'no supersedes key': [
        '    title: Information hub\n    supersedes: ["old:1"]\n',
        '    title: Information hub\n',
        '  - id: "1"\n    supersedes: ["old:1.1"]\n    title: Information hub\n',
      ],
      'a flow mapping': [
        '  - id: "1"\n    title: Information hub\n    supersedes: ["old:1"]\n',
        '  - { id: "1", title: Information hub }\n',
        '  - { id: "1", title: Information hub, supersedes: ["old:1.1"] }\n',
      ],
    };
    for (const [layout, [from, to, expected]] of Object.entries(layouts)) {
      it(`continues the old item in the successor written with ${layout}, leaving every file clean`, () => {
        // Goal 1 of the old framework is retired where the successor stops continuing it.
        const oldText = /old:1["']/.test(to)
          ? old
          : old.replace(
              '    title: Secure police information\n',
              '    title: Secure police information\n    retired: Merged.\n',
            );
        const files = { old: oldText, new: successor.replace(from, to) };
        const [first] = fixesFor(files);
        assert.equal(first.title, 'Continue old:1.1 in new as goal 1 (Information hub)');
        const fixed = applyClean(files, first);
        assert.ok(fixed.new.includes(expected), fixed.new);
      });
    }

    it('keeps the line ends of a file written with CRLF', () => {
      const files = { old, new: successor.replace(/\n/g, '\r\n') };
      const block = files.new.replace('supersedes: ["old:1"]', 'supersedes:\r\n      - "old:1"');
      const fixed = applyClean({ old, new: block }, fixesFor({ old, new: block })[0]);
      assert.ok(fixed.new.includes('      - "old:1"\r\n      - "old:1.1"\r\n'), fixed.new);
      assert.ok(!/[^\r]\n/.test(fixed.new), 'no bare line feed');
    });

    it('marks the old item as retired, in a block or a flow mapping', () => {
      const files = { old, new: successor };
      const retire = fixesFor(files).find((action) => action.title.startsWith('Mark'));
      assert.ok(retire);
      const fixed = applyClean(files, retire);
      assert.ok(
        fixed.old.includes(
          '      - id: "1.1"\n        retired: Not continued in new; replace this with the reason.\n',
        ),
        fixed.old,
      );

      const flow = old.replace(
        '      - id: "1.1"\n        title: Operate the information network\n',
        '      - { id: "1.1", title: Operate the information network }\n',
      );
      const flowFiles = { old: flow, new: successor };
      const flowRetire = fixesFor(flowFiles).find((action) => action.title.startsWith('Mark'));
      assert.ok(flowRetire);
      const flowFixed = applyClean(flowFiles, flowRetire);
      assert.ok(
        flowFixed.old.includes(
          '{ id: "1.1", title: Operate the information network, retired: Not continued in new; replace this with the reason. }',
        ),
        flowFixed.old,
      );
    });

    describe('never alters a line the user wrote, however the item is written', () => {
      const objective = '      - id: "1.1"\n        title: Operate the information network\n';
      const reason = 'Not continued in new; replace this with the reason.';
      const retiredLine = `        retired: ${reason}`;
      /** A text's lines, each with its line end. */
      const linesOf = (text: string): string[] => text.split(/(?<=\n)/);
      /** A line without its line end. */
      const bare = (line: string): string => line.replace(/\r?\n$/, '');

      /** The `Mark old:1.1 as retired` fix for the old framework written as `oldText`, if offered. */
      function retireFix(oldText: string): CodeAction | undefined {
        return fixesFor({ old: oldText, new: successor }).find(
          (action) => action.title === 'Mark old:1.1 as retired',
        );
      }

      /**
       * Checks that `fixed` is `before` with exactly one line added, `added`: every line
       * of `before`, with its line end, is still there, unchanged and in order.
       */
      function assertOneLineAdded(before: string, fixed: string, added: string): void {
        const after = linesOf(fixed);
        const at = after.findIndex((line) => bare(line) === added);
        assert.ok(at >= 0, `the line ${JSON.stringify(added)} is added:\n${fixed}`);
        assert.deepEqual([...after.slice(0, at), ...after.slice(at + 1)], linesOf(before));
      }

      /** Checks that old:1.1 reads back retired, with its title and description as before. */
      function assertRetired(oldText: string, description?: string): void {
        const { service } = createTestWorkspace({ old: oldText, new: successor });
        assert.deepEqual(unaccounted(service, 'old'), [], oldText);
        const trace = service.getTraceability({ qualifiedId: 'old:1.1' });
        assert.ok(trace, 'old:1.1 is found');
        assert.equal(trace.retired?.reason, reason, oldText);
        assert.equal(trace.item.title, 'Operate the information network');
        assert.equal(trace.item.description, description);
      }

      // Shapes where the key has a certain place: right after the ID line.
      const placed: Record<string, [string, string | undefined]> = {
        'a block scalar after the ID': [
          '      - id: "1.1"\n        description: |\n          Runs the network.\n          retired: not a key\n        title: Operate the information network\n',
          'Runs the network.\nretired: not a key\n',
        ],
        'a comment, a blank line and a deeper comment after the ID': [
          '      - id: "1.1"   # the network\n\n            # more about it\n        title: Operate the information network\n',
          undefined,
        ],
        'the ID as the last key': [
          '      - title: Operate the information network\n        id: "1.1"\n',
          undefined,
        ],
      };
      for (const [shape, [written, description]] of Object.entries(placed)) {
        for (const lineEnd of ['\n', '\r\n']) {
          it(`adds the key after the ID with ${shape} (${JSON.stringify(lineEnd)} line ends)`, () => {
            const oldText = old.replace(objective, written).replace(/\n/g, lineEnd);
            const retire = retireFix(oldText);
            assert.ok(retire, 'the fix is offered');
            const fixed = applyClean({ old: oldText, new: successor }, retire);
            assertOneLineAdded(oldText, fixed.old, retiredLine);
            // Right after the ID line, and written with the file's line ends.
            const idLine = linesOf(oldText).findIndex((line) => line.includes('id: "1.1"'));
            assert.equal(linesOf(fixed.old)[idLine + 1], `${retiredLine}${lineEnd}`, fixed.old);
            assertRetired(fixed.old, description);
          });
        }
      }

      it('adds the entry before the closing brace of a flow mapping written without spaces', () => {
        const oldText = old.replace(
          objective,
          '      - {id: "1.1", title: Operate the information network}\n',
        );
        const retire = retireFix(oldText);
        assert.ok(retire, 'the fix is offered');
        const fixed = applyClean({ old: oldText, new: successor }, retire);
        assert.equal(
          fixed.old,
          oldText.replace('network}', `network, retired: ${reason}}`),
          'only the entry is inserted',
        );
        assertRetired(fixed.old);
      });

      // Shapes where the text around the item does not say where a key goes: a line
      // the new key would take over (it hung off the ID line, and would hang off the
      // new one), or a comment the new entry would end up in.
      const refused: Record<string, string> = {
        'a line indented deeper than the keys right after the ID':
          '      - id: "1.1"\n          title: Operate the information network\n',
        // The shape the safe-edit property test found (seed 3512712852): the inserted
        // key took the title over as its own value, and the item lost it.
        'a deeper title after a single-quoted ID, then keys at their column':
          "      - id: '1.1'\n          title: Operate the information network\n        indicators:\n          - { id: '1.1.1', title: Share, target: 90 }\n",
        'a line indented between the dash and the keys right after the ID':
          '      - id: "1.1"\n       title: Operate the information network\n',
        'a blank line, then a line indented deeper than the keys':
          '      - id: "1.1"\n\n          title: Operate the information network\n',
        'a flow mapping whose last entry ends in a comment before the closing brace':
          '      - { id: "1.1",\n          title: Operate the information network # the network\n        }\n',
      };
      for (const [shape, written] of Object.entries(refused)) {
        for (const lineEnd of ['\n', '\r\n']) {
          it(`offers no retired key with ${shape} (${JSON.stringify(lineEnd)} line ends)`, () => {
            const oldText = old.replace(objective, written).replace(/\n/g, lineEnd);
            const { service } = createTestWorkspace({ old: oldText, new: successor });
            const reported = unaccounted(service, 'old');
            assert.equal(reported.length, 1, 'the item is still reported');
            const actions = service.getCodeActions(uriOf('old'), reported[0].range, reported);
            assert.ok(actions.length > 0, 'the fixes in the successor are still offered');
            assert.deepEqual(
              actions.filter((action) => action.title.startsWith('Mark')),
              [],
              'no fix that cannot be placed safely',
            );
          });
        }
      }

      it('offers no continuation in a successor item whose next line the new key would take over', () => {
        const oldText = old.replace(
          '    title: Secure police information\n',
          '    title: Secure police information\n    retired: Merged.\n',
        );
        const shapes = {
          // No `supersedes` yet: the new key would go right after the over-indented ID.
          key: [
            '    title: Information hub\n    supersedes: ["old:1"]\n',
            '      title: Information hub\n',
          ],
          // A block list whose last entry is followed by a line indented deeper.
          entry: [
            '    supersedes: ["old:1"]\n',
            '    supersedes:\n      - "old:9"\n          also this\n',
          ],
        };
        for (const [shape, [from, to]] of Object.entries(shapes)) {
          const files = { old: oldText, new: successor.replace(from, to) };
          assert.deepEqual(
            fixesFor(files).map((action) => action.title),
            [
              'Continue old:1.1 in new as goal 2 (Police capabilities)',
              'Continue old:1.1 in new as goal 3 (Innovation)',
              'Mark old:1.1 as retired',
            ],
            shape,
          );
        }
      });
    });
  });

  describe('hover and traceability', () => {
    it('show the whole chain of an item across three periods, both ways', () => {
      const files = chainOfThree();
      const { service } = createTestWorkspace(files);
      const middle = withCursor(files.f2014.replace('  - id: "1"', '  - id: "|1"'));
      const value = hoverValue(service.getHover(uriOf('f2014'), middle.position));
      assert.match(
        value,
        /\*\*Lineage\*\*\n\n- `f2011:1` — Founding goal \*\(previous period\)\*\n- \*\*this goal\*\*\n- `f2017:1` — Renewed goal \*\(next period\)\*/,
      );
      const newest = withCursor(files.f2017.replace('  - id: "1"', '  - id: "|1"'));
      assert.match(
        hoverValue(service.getHover(uriOf('f2017'), newest.position)),
        /- `f2011:1` — Founding goal \*\(2 periods back\)\*\n- `f2014:1` — Continued goal \*\(previous period\)\*\n- \*\*this goal\*\*/,
      );
      const trace = service.getTraceability({ qualifiedId: 'f2011:1' });
      assert.deepEqual(
        trace?.supersededBy.map((step) => [step.item.qualifiedId, step.distance]),
        [
          ['f2014:1', 1],
          ['f2017:1', 2],
        ],
      );
    });

    it('shows the nearest eight periods of a long chain in hover, and says there are more', () => {
      const files: Record<string, string> = {};
      for (let period = 0; period < 12; period++) {
        const supersedes = period === 0 ? '' : `supersedes: p${period - 1}\n`;
        const continues = period === 0 ? '' : `\n    supersedes: ["p${period - 1}:1"]`;
        files[`p${period}`] =
          `framework: p${period}\ntitle: Period ${period}\n${supersedes}goals:\n  - id: "1"\n    title: Goal of period ${period}${continues}\n`;
      }
      const { service } = createTestWorkspace(files);
      const newest = withCursor(files.p11.replace('  - id: "1"', '  - id: "|1"'));
      const value = hoverValue(service.getHover(uriOf('p11'), newest.position));
      assert.match(
        value,
        /- … and older items\n- `p3:1` — Goal of period 3 \*\(8 periods back\)\*/,
      );
      assert.doesNotMatch(value, /p2:1/);
      // The Traceability view still follows the whole chain.
      const trace = service.getTraceability({ qualifiedId: 'p11:1' });
      assert.equal(trace?.supersedes.length, 11);
    });

    it('shows why an item is retired, in hover and traceability', () => {
      const { service } = createTestWorkspace({ old, new: successor });
      const onSix = withCursor(old.replace('id: "6"', 'id: "|6"')).position;
      assert.match(
        hoverValue(service.getHover(uriOf('old'), onSix)),
        /Retired \(in `new`\): The institutional reform is complete\./,
      );
      const trace = service.getTraceability({ qualifiedId: 'old:6' });
      assert.equal(trace?.retired?.reason, 'The institutional reform is complete.');
      assert.equal(trace?.retired?.via.uri, uriOf('new'));
      const five = service.getTraceability({ qualifiedId: 'old:5' });
      assert.equal(five?.retired?.reason, 'Folded into the new governance goal.');
      assert.equal(
        coveredText(old, { ...diagnosticAt(five?.retired?.via.range) }),
        'Folded into the new governance goal.',
      );
      assert.equal(service.getTraceability({ qualifiedId: 'old:1' })?.retired, undefined);
    });

    it('shows the lineage counts on a framework ID, on both sides of the pair', () => {
      const { service } = createTestWorkspace({ old, new: successor });
      const counts =
        '1 continued, 1 merged (2 into 1), 1 split (1 into 2), 2 retired, 1 unaccounted, 1 new';
      const onOld = withCursor(old.replace('framework: old', 'framework: o|ld')).position;
      assert.match(
        hoverValue(service.getHover(uriOf('old'), onOld)),
        new RegExp(`Superseded by \`new\`: ${escape(counts)}`),
      );
      const onNew = withCursor(successor.replace('framework: new', 'framework: n|ew')).position;
      assert.match(
        hoverValue(service.getHover(uriOf('new'), onNew)),
        new RegExp(`Supersedes \`old\`: ${escape(counts)}`),
      );
    });
  });
});

/** Three periods: f2014 continues f2011's goal 1, f2017 continues f2014's goal 1. */
function chainOfThree(): Record<string, string> {
  return {
    f2011: `framework: f2011
title: F 2011-2013
goals:
  - id: "1"
    title: Founding goal
  - id: "2"
    title: Dropped goal
`,
    f2014: `framework: f2014
title: F 2014-2016
supersedes: f2011
goals:
  - id: "1"
    title: Continued goal
    supersedes: ["f2011:1"]
  - id: "2"
    title: Goal of its own
`,
    f2017: `framework: f2017
title: F 2017-2020
supersedes: f2014
goals:
  - id: "1"
    title: Renewed goal
    supersedes: ["f2014:1"]
  - id: "2"
    title: Revived goal
    supersedes: ["f2011:2", "f2014:2"]
`,
  };
}

/** A diagnostic-shaped value around a range, for `coveredText`. */
function diagnosticAt(range: Diagnostic['range'] | undefined): Diagnostic {
  assert.ok(range);
  return { range, message: '' };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
