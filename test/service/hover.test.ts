import * as assert from 'node:assert/strict';
import type { Hover, Position } from 'vscode-languageserver-types';
import { createTestWorkspace, openWithCursor, uriOf } from './helpers';

/**
 * The hover at the `|` cursor one of the given files holds (see `openWithCursor`),
 * with that file's text, cursor removed, and the cursor's position.
 */
function open(files: Record<string, string>): {
  hoverText(): string | undefined;
  hover(): Hover | undefined;
  text: string;
  position: Position;
} {
  const { service, uri, position, files: texts, name } = openWithCursor(files);
  const hover = (): Hover | undefined => service.getHover(uri, position);
  return {
    text: texts[name],
    position,
    hover,
    hoverText() {
      const contents = hover()?.contents;
      if (contents === undefined) return undefined;
      assert.ok(typeof contents === 'object' && 'kind' in contents, 'Hover content is markup.');
      assert.equal(contents.kind, 'markdown');
      return contents.value;
    },
  };
}

/** The text a hover's range covers. */
function hoveredText(text: string, hover: Hover | undefined): string {
  assert.ok(hover?.range, 'The hover has a range.');
  const { start, end } = hover.range;
  assert.equal(start.line, end.line);
  return text.split('\n')[start.line].slice(start.character, end.character);
}

const older = `framework: a
title: Framework A
period: { start: 2020, end: 2023 }
goals:
  - id: "3"
    title: Innovation, capacity building and research
    objectives:
      - id: "3.4"
        title: Provide training
        description: Courses for *police* officers.
        indicators:
          - { id: "3.4.1", title: Officers trained, target: 90 }
      - id: "3.5"
        title: Research
        supports: ["3.4"]
  - id: "4"
    title: Goal four
`;

const newer = `framework: b
title: Framework B
supersedes: a
goals:
  - id: "1"
    title: Goal one of B
    supersedes: ["a:3.4", "a:3"]
    supports: ["3.4"]
  - id: "3.4"
    title: Not the same 3.4
`;

describe('hover', () => {
  it('describes an item on its ID: kind, title, description, parents, file and references', () => {
    const fixture = open({ main: older.replace('"3.4"\n', '"3|.4"\n'), other: newer });
    const value = fixture.hoverText() ?? '';
    assert.match(value, /^\*\*Objective 3\.4\*\* — Provide training/);
    assert.match(value, /Courses for \\\*police\\\* officers\./);
    assert.match(value, /Goal 3 — Innovation, capacity building and research/);
    assert.match(value, /`a:3\.4` in `main\.framework\.yaml`/);
    // `3.5` supports it locally and B names it as `a:3.4`; B's own `3.4` and the
    // unqualified `3.4` that resolves to it in B do not count.
    assert.match(value, /Referenced 2 times/);
    assert.equal(hoveredText(fixture.text, fixture.hover()), '3.4');
  });

  it('shows the whole chain of parents, root first', () => {
    const fixture = open({ main: older.replace('"3.4.1"', '"3.4.|1"') });
    assert.match(
      fixture.hoverText() ?? '',
      /Goal 3 — Innovation, capacity building and research › Objective 3\.4 — Provide training/,
    );
  });

  it('says when an item is referenced once or not at all', () => {
    assert.match(
      open({ main: older.replace('"3.5"', '"3.|5"') }).hoverText() ?? '',
      /Not referenced/,
    );
    assert.match(
      open({ main: older.replace('"3.4"\n', '"3.|4"\n') }).hoverText() ?? '',
      /Referenced once/,
    );
  });

  it('describes the item a reference names, from another file, on the item part', () => {
    const fixture = open({ main: older, other: newer.replace('"a:3.4"', '"a:3.|4"') });
    const value = fixture.hoverText() ?? '';
    assert.match(value, /^\*\*Objective 3\.4\*\* — Provide training/);
    assert.match(value, /`a:3\.4` in `main\.framework\.yaml`/);
    assert.equal(hoveredText(fixture.text, fixture.hover()), '3.4');
  });

  it('resolves an unqualified reference in its own framework, not in another', () => {
    const fixture = open({
      main: older,
      other: newer.replace('supports: ["3.4"]', 'supports: ["3|.4"]'),
    });
    const value = fixture.hoverText() ?? '';
    assert.match(value, /Goal 3\.4\*\* — Not the same 3\.4/);
    assert.match(value, /`b:3\.4` in `other\.framework\.yaml`/);
  });

  it('describes the framework on the framework part of a reference', () => {
    const fixture = open({ main: older, other: newer.replace('"a:3.4"', '"|a:3.4"') });
    const value = fixture.hoverText() ?? '';
    assert.match(value, /^\*\*Framework a\*\* — Framework A/);
    assert.equal(hoveredText(fixture.text, fixture.hover()), 'a');
  });

  it('describes a framework: title, period, counts and what it supersedes or is superseded by', () => {
    const onOlder = open({ main: older.replace('framework: a', 'framework: |a'), other: newer });
    const value = onOlder.hoverText() ?? '';
    assert.match(value, /^\*\*Framework a\*\* — Framework A/);
    assert.match(value, /2020–2023/);
    assert.match(value, /2 goals, 2 objectives/);
    assert.match(value, /Superseded by `b`/);
    // B's `supersedes: a` and its two `a:` references.
    assert.match(value, /Referenced 3 times/);
    assert.equal(hoveredText(onOlder.text, onOlder.hover()), 'a');

    const onNewer = open({ main: older, other: newer.replace('framework: b', 'framework: b|') });
    const newerValue = onNewer.hoverText() ?? '';
    assert.match(newerValue, /Supersedes `a`/);
    assert.match(newerValue, /2 goals, no objectives/);
    assert.doesNotMatch(newerValue, /Superseded by/);
  });

  it('describes the superseded framework on a framework-level supersedes', () => {
    const fixture = open({ main: older, other: newer.replace('supersedes: a', 'supersedes: |a') });
    assert.match(fixture.hoverText() ?? '', /^\*\*Framework a\*\* — Framework A/);
  });

  it('says briefly that an unresolved reference does not resolve', () => {
    const missingItem = open({ main: older.replace('supports: ["3.4"]', 'supports: ["3.|9"]') });
    assert.equal(
      missingItem.hoverText(),
      '`3.9` does not resolve: there is no item `3.9` in this framework.',
    );
    assert.equal(hoveredText(missingItem.text, missingItem.hover()), '3.9');

    const missingFramework = open({
      main: older.replace('supports: ["3.4"]', 'supports: ["zz:3|.4"]'),
    });
    assert.equal(
      missingFramework.hoverText(),
      '`zz:3.4` does not resolve: no framework `zz` is defined in the workspace.',
    );
    const onFrameworkPart = open({
      main: older.replace('supports: ["3.4"]', 'supports: ["z|z:3.4"]'),
    });
    assert.match(onFrameworkPart.hoverText() ?? '', /does not resolve: no framework `zz`/);

    const namesFramework = open({
      main: older,
      other: newer.replace('supersedes: ["a:3.4", "a:3"]', 'supersedes: [|a]'),
    });
    assert.equal(
      namesFramework.hoverText(),
      '`a` does not resolve: it is a framework, not an item; write `a:ID`.',
    );

    const missingSuperseded = open({ main: newer.replace('supersedes: a', 'supersedes: |a') });
    assert.equal(
      missingSuperseded.hoverText(),
      '`a` does not resolve: no framework `a` is defined in the workspace.',
    );
  });

  it('documents a key from the schema, in block and flow mappings', () => {
    const title = open({ main: older.replace('title: Framework A', 'ti|tle: Framework A') });
    assert.equal(
      title.hoverText(),
      "**title**\n\nThe framework's full title, for example INTERPOL Strategic Framework 2014-2016.",
    );
    assert.equal(hoveredText(title.text, title.hover()), 'title');

    const objectiveId = open({ main: older.replace('- id: "3.5"', '- i|d: "3.5"') });
    assert.match(objectiveId.hoverText() ?? '', /^\*\*id\*\*\n\nThe objective's ID/);

    const target = open({ main: older.replace('target: 90', 'tar|get: 90') });
    assert.match(target.hoverText() ?? '', /^\*\*target\*\*/);
    assert.equal(hoveredText(target.text, target.hover()), 'target');
  });

  it('shows nothing on values, comments, unknown keys or blank space', () => {
    assert.equal(open({ main: older.replace('Goal four', 'Goal |four') }).hover(), undefined);
    assert.equal(open({ main: `# ti|tle: not a key\n${older}` }).hover(), undefined);
    assert.equal(
      open({ main: older.replace('    title: Goal four', '    tilte|: Goal four') }).hover(),
      undefined,
    );
    assert.equal(open({ main: older.replace('goals:\n', 'goals:\n|\n') }).hover(), undefined);
  });

  it('answers nothing for a file the workspace does not hold', () => {
    const { service } = createTestWorkspace({ main: older });
    assert.equal(service.getHover(uriOf('missing'), { line: 0, character: 11 }), undefined);
  });
});
