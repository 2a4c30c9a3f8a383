import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Diagnostic } from 'vscode-languageserver-types';
import {
  allDiagnosticCodes,
  diagnosticCodes,
  readSettings,
  sectionFromFlatSettings,
} from '../../server/src/service';
import { codes, coveredText, createTestWorkspace, messageOf, uriOf } from './helpers';

const coverageCodes = [
  'goal-without-objectives',
  'objective-without-indicators',
  'indicator-without-target',
  'programme-without-support',
  'orphan-item',
] as const;
type CoverageCode = (typeof coverageCodes)[number];

/** A framework with one case of every coverage rule, and one item that passes each. */
const framework = `framework: a
title: Framework A
goals:
  - id: "1"
    title: Goal with objectives
    objectives:
      - id: "1.1"
        title: Measured objective
        indicators:
          - { id: "1.1.1", title: With a target, target: 90 }
          - { id: "1.1.2", title: Without a target, unit: "%" }
      - id: "1.2"
        title: Unmeasured objective
        supports: ["2"]
  - id: "2"
    title: Goal without objectives
  - id: "3"
    title: Goal standing alone
    objectives:
      - id: "3.1"
        title: Supports its own goal only
        supports: ["3"]
        indicators:
          - { id: "3.1.1", title: Text target, target: all regions }
programmes:
  - { id: linked, title: Linked programme, supports: ["1.1"] }
  - { id: idle, title: Idle programme }
`;

/** The settings section that turns the given codes on, at warning. */
function turnedOn(...on: readonly string[]): Record<string, unknown> {
  return { diagnostics: { severity: Object.fromEntries(on.map((code) => [code, 'warning'])) } };
}

/** What each coverage code reports in `text`, as the IDs it points at. */
function reported(
  text: string,
  section: unknown,
  others: Record<string, string> = {},
): Record<string, string[]> {
  const { service } = createTestWorkspace({ a: text, ...others }, section);
  const found: Record<string, string[]> = {};
  for (const diagnostic of service.getDiagnostics(uriOf('a'))) {
    const code = String(diagnostic.code);
    (found[code] ??= []).push(coveredText(text, diagnostic));
  }
  return found;
}

describe('coverage rules', () => {
  it('are off by default, in the code table and in the checks', () => {
    for (const code of coverageCodes) assert.equal(diagnosticCodes[code], 'off');
    assert.deepEqual(reported(framework, undefined), {});
  });

  const expected: Record<CoverageCode, string[]> = {
    'goal-without-objectives': ['2'],
    'objective-without-indicators': ['1.2'],
    'indicator-without-target': ['1.1.2'],
    'programme-without-support': ['idle'],
    'orphan-item': ['3', 'idle'],
  };
  for (const code of coverageCodes) {
    it(`${code}: reports exactly its cases, at the ID, with the severity set, when turned on`, () => {
      assert.deepEqual(reported(framework, turnedOn(code)), { [code]: expected[code] });
      const { service } = createTestWorkspace({ a: framework }, turnedOn(code));
      for (const diagnostic of service.getDiagnostics(uriOf('a'))) {
        assert.equal(diagnostic.severity, DiagnosticSeverity.Warning);
      }
    });
  }

  it('say what is wrong, where, and how to fix it', () => {
    const { service } = createTestWorkspace({ a: framework }, turnedOn(...coverageCodes));
    const messages = new Map<string, string>();
    for (const diagnostic of service.getDiagnostics(uriOf('a'))) {
      messages.set(
        `${diagnostic.code} ${coveredText(framework, diagnostic)}`,
        messageOf(diagnostic),
      );
    }
    assert.equal(
      messages.get('goal-without-objectives 2'),
      'Goal 2 has no objectives, so nothing says how it will be reached. Add `objectives:` under it with at least one objective (2.1).',
    );
    assert.equal(
      messages.get('objective-without-indicators 1.2'),
      'Objective 1.2 has no indicators, so nothing says how it is evaluated; each objective should have at least one (`strategicFrameworks.coverage.minIndicators`). Add `indicators:` under it (1.2.1).',
    );
    assert.match(
      messages.get('indicator-without-target 1.1.2') ?? '',
      /^Indicator 1\.1\.2 has no target.*Add `target:`/,
    );
    assert.match(
      messages.get('programme-without-support idle') ?? '',
      /^Programme idle supports nothing\. Add `supports:`/,
    );
    assert.match(
      messages.get('orphan-item 3') ?? '',
      /^Goal 3 is an orphan: no item or programme refers to it or to its objectives/,
    );
    assert.match(messages.get('orphan-item idle') ?? '', /^Programme idle is an orphan/);
  });

  describe('objective-without-indicators', () => {
    it('counts against strategicFrameworks.coverage.minIndicators', () => {
      const two = { ...turnedOn('objective-without-indicators'), coverage: { minIndicators: 2 } };
      assert.deepEqual(reported(framework, two), {
        'objective-without-indicators': ['1.2', '3.1'],
      });
      const { service } = createTestWorkspace({ a: framework }, two);
      const one = service
        .getDiagnostics(uriOf('a'))
        .find((diagnostic) => coveredText(framework, diagnostic) === '3.1');
      assert.equal(
        one && messageOf(one),
        'Objective 3.1 has 1 indicator, fewer than the 2 each objective should have (`strategicFrameworks.coverage.minIndicators`). Add 1 more under `indicators:`.',
      );
    });

    it('reads the setting the same way from the editor and from a settings file, and reports bad values', () => {
      assert.equal(readSettings({}).settings.minIndicators, 1);
      const flat = sectionFromFlatSettings({ 'strategicFrameworks.coverage.minIndicators': 3 });
      assert.equal(readSettings(flat).settings.minIndicators, 3);
      assert.equal(readSettings({ coverage: { minIndicators: 3 } }).settings.minIndicators, 3);
      for (const bad of [0, -1, 1.5, 101, '2', null, true]) {
        const reading = readSettings({ coverage: { minIndicators: bad } });
        assert.equal(reading.settings.minIndicators, 1, String(bad));
        assert.deepEqual(
          reading.problems.map((problem) => problem.setting),
          ['strategicFrameworks.coverage.minIndicators'],
        );
        assert.match(
          reading.problems[0].message,
          /^must be a whole number from 1 to 100, the fewest indicators each objective should have; .+ is not\. To stop the check, set "objective-without-indicators" to "off"/,
        );
      }
    });
  });

  describe('orphan-item', () => {
    const on = turnedOn('orphan-item');

    it('counts a link to or from a goal’s objectives for the goal, and none among them', () => {
      // Goal 3's objective supports goal 3 itself: a link inside the goal, not to it.
      assert.deepEqual(reported(framework, on)['orphan-item'], ['3', 'idle']);
      const linked = framework.replace('supports: ["3"]', 'supports: ["1"]');
      assert.deepEqual(reported(linked, on)['orphan-item'], ['idle']);
    });

    it('counts links from and to other frameworks, but not a category', () => {
      const other = `framework: b
title: B
categories:
  - { id: c, title: C }
goals:
  - id: "1"
    title: B's goal
    category: c
programmes:
  - { id: q, title: Q, supports: ["a:3.1"] }
`;
      assert.deepEqual(reported(framework, on, { b: other })['orphan-item'], ['idle']);
      const { service } = createTestWorkspace({ a: framework, b: other }, on);
      // B's goal 1 has a category and nothing else; q supports an item of A.
      assert.deepEqual(
        service
          .getDiagnostics(uriOf('b'))
          .map((diagnostic: Diagnostic) => [diagnostic.code, coveredText(other, diagnostic)]),
        [['orphan-item', '1']],
      );
      const outward = framework.replace(
        '{ id: idle, title: Idle programme }',
        '{ id: idle, title: Idle programme, supersedes: ["b:q"] }',
      );
      assert.deepEqual(reported(outward, on, { b: other })['orphan-item'], undefined);
    });

    it('re-checks a file when a reference to it from another file appears or goes, only while on', () => {
      const other = (supports: string): string =>
        `framework: b\ntitle: B\ngoals:\n  - { id: "1", title: One, supports: [${supports}] }\n`;
      for (const setting of [on, undefined]) {
        const { workspace, service } = createTestWorkspace(
          { a: framework, b: other('"a:3"') },
          setting,
        );
        service.synchronize();
        workspace.set(uriOf('b'), other('"a:2"'));
        const affected = service.synchronize();
        assert.equal(affected.includes(uriOf('a')), setting !== undefined);
        if (setting) {
          assert.deepEqual(
            service
              .getDiagnostics(uriOf('a'))
              .map((diagnostic) => coveredText(framework, diagnostic)),
            ['3', 'idle'],
          );
        }
      }
    });
  });

  it('cost nothing when off: an edit elsewhere leaves the files they would read alone', () => {
    // With orphan-item and lineage off, a file is re-checked only for what other
    // checks read from the files it names.
    const other =
      'framework: b\ntitle: B\nsupersedes: a\ngoals:\n  - { id: "1", title: One, supersedes: ["a:1"] }\n';
    const off = { diagnostics: { severity: { 'unaccounted-predecessor': 'off' } } };
    const { workspace, service } = createTestWorkspace({ a: framework, b: other }, off);
    service.synchronize();
    workspace.set(uriOf('b'), other.replace('["a:1"]', '["a:2"]'));
    assert.deepEqual(service.synchronize(), [uriOf('b')]);
    assert.deepEqual(codes(service.getDiagnostics(uriOf('a'))), []);
  });

  it('are contributed to the editor settings, documented, and read by both hosts', () => {
    const root = path.resolve(__dirname, '../../..');
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      contributes: { configuration: { properties: Record<string, Record<string, unknown>> } };
    };
    const properties = manifest.contributes.configuration.properties;
    const severity = properties['strategicFrameworks.diagnostics.severity'] as {
      properties: Record<string, { enum: string[] }>;
      markdownDescription: string;
    };
    assert.deepEqual(Object.keys(severity.properties), allDiagnosticCodes);
    for (const code of coverageCodes) assert.ok(severity.markdownDescription.includes(code), code);
    const minimum = properties['strategicFrameworks.coverage.minIndicators'];
    assert.deepEqual(
      [minimum.type, minimum.default, minimum.minimum, minimum.maximum],
      ['integer', 1, 1, 100],
    );
    const documentation = fs.readFileSync(path.join(root, 'docs', 'diagnostics.md'), 'utf8');
    assert.ok(documentation.includes('strategicFrameworks.coverage.minIndicators'));
  });
});
