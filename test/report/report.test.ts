/**
 * The report's content, HTML and Markdown: what `framework-check --report` writes for
 * the examples and for small fixtures, run in-process.
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { escapeMarkdown } from '../../server/src/report/markdown';
import {
  makeTemporaryFolder,
  removeTemporaryFolders,
  repositoryRoot,
  runCli,
  writeFiles,
} from '../cli/helpers';
import { exampleGoals, exampleNames, exampleText, examplesService } from '../map/helpers';

/** A top-level scalar of an example file, read from its text. */
function topLevel(text: string, key: string): string {
  const match = new RegExp(`^${key}: (.+)$`, 'm').exec(text);
  assert.ok(match, `the example has ${key}`);
  return match[1];
}

async function reportOf(format: 'html' | 'markdown', folder: string, ...more: string[]) {
  const run = await runCli(['--report', format, ...more], folder);
  assert.equal(run.stderr, '');
  return run;
}

const examples = path.join(repositoryRoot, 'examples');

/** HTML text escaped as the report escapes it. */
function html(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const withIndicatorsAndProblems = `framework: acme
title: ACME Strategic Framework
vision: Every child reads by the age of eight
mission: We train teachers
values:
  - { id: openness, title: Openness, description: We publish what we spend }
goals:
  - id: "1"
    title: Improve early reading
    objectives:
      - id: "1.1"
        title: Train teachers
        supports: ["2"]
        indicators:
          - { id: "1.1.1", title: Teachers trained, baseline: 120, target: 600, unit: teachers }
          - { id: "1.1.2", title: Share of schools, target: "1.10", unit: "%" }
      - id: "1.2"
        title: Open libraries
        supports: ["9"]
  - id: "2"
    title: Run a sustainable organisation
programmes:
  - id: champions
    title: Reading Champions
    supports: ["1.1", "2"]
`;

describe('the report', () => {
  afterEach(removeTemporaryFolders);

  describe('HTML', () => {
    it("holds both examples' texts, every goal as a section and as a map node", async () => {
      const run = await reportOf('html', examples);
      assert.equal(run.code, 0);
      const page = run.stdout;
      assert.ok(page.startsWith('<!DOCTYPE html>'));
      for (const name of exampleNames) {
        const text = exampleText(name);
        assert.ok(page.includes(html(topLevel(text, 'title'))), `${name}'s title`);
        assert.ok(page.includes(html(topLevel(text, 'vision'))), `${name}'s vision`);
        assert.ok(page.includes(html(topLevel(text, 'mission'))), `${name}'s mission`);
      }
      for (const goal of exampleGoals()) {
        assert.ok(page.includes(`id="item:${goal}"`), `${goal} has a section`);
        assert.ok(page.includes(`data-node="${goal}"`), `${goal} is a node of the map`);
      }
      // The 2017-2020 goals say which 2014-2016 items they continue, and those say by what.
      assert.match(
        page,
        /Continues: <a href="#item:interpol-2014-2016:1">interpol-2014-2016:1 Secure global police information system<\/a>/,
      );
      assert.match(page, /Continued by: <a href="#item:interpol-2017-2020:1">/);
    });

    it('summarises the lineage of the examples as the service does', async () => {
      const page = (await reportOf('html', examples)).stdout;
      const [summary] = examplesService().getLineage();
      assert.ok(summary, 'the examples have a lineage summary');
      const section = page.slice(page.indexOf('<section id="lineage">'));
      assert.ok(section.includes(`<h3>${summary.predecessor} → ${summary.successor}</h3>`));
      assert.ok(summary.unaccounted.length > 0, 'some 2014-2016 items are continued by nothing');
      const unaccounted = section.slice(section.indexOf('Not accounted for'));
      for (const item of summary.unaccounted) {
        assert.ok(
          unaccounted.includes(`href="#item:${item.framework}:${item.id}"`),
          `${item.framework}:${item.id} is listed as not accounted for`,
        );
      }
      assert.match(section, new RegExp(`${summary.merged.length} merged`));
    });

    it('draws the traceability matrix: objectives against goals and programmes', async () => {
      const folder = makeTemporaryFolder();
      writeFiles(folder, { 'acme.framework.yaml': withIndicatorsAndProblems });
      const page = (await reportOf('html', folder)).stdout;
      const matrix = page.slice(page.indexOf('<section id="traceability">'));
      const header =
        /<thead><tr><th>Goal or objective<\/th>(.*?)<th>Other links<\/th><\/tr><\/thead>/.exec(
          matrix,
        );
      assert.ok(header);
      assert.deepEqual(
        [...header[1].matchAll(/<\/span> ([^<]+)<\/th>/g)].map((match) => match[1]),
        ['1', '2', 'champions'],
      );
      const row = (label: string): string[] => {
        const match = new RegExp(`<th scope="row" class="depth-\\d">${label}</th>(.*?)</tr>`).exec(
          matrix,
        );
        assert.ok(match, label);
        return [...match[1].matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((cell) => cell[1]);
      };
      // Objective 1.1 belongs to goal 1, supports goal 2, and the programme supports it.
      assert.deepEqual(row('1.1 Train teachers'), ['●', '→', '✓', '']);
      // Objective 1.2's reference names nothing: it is listed beside the matrix.
      assert.deepEqual(row('1.2 Open libraries'), ['●', '', '', 'supports acme:9 (not found)']);
      assert.deepEqual(row('2 Run a sustainable organisation'), ['', '', '✓', '']);
    });

    it('lists indicators with baseline, target and unit, values, and the problems found', async () => {
      const folder = makeTemporaryFolder();
      writeFiles(folder, { 'acme.framework.yaml': withIndicatorsAndProblems });
      const run = await reportOf('html', folder);
      assert.equal(run.code, 1, 'the unresolved reference is an error');
      const page = run.stdout;
      assert.ok(
        page.includes(
          '<td class="id">1.1.1</td><td>Teachers trained</td><td>120</td><td>600</td><td>teachers</td>',
        ),
      );
      // A target is shown as written: 1.10 stays 1.10.
      assert.ok(page.includes('<td>Share of schools</td><td></td><td>1.10</td><td>%</td>'));
      assert.ok(page.includes('<strong>Openness</strong>'));
      const line = withIndicatorsAndProblems.split('\n').findIndex((text) => text.includes('"9"'));
      const column = withIndicatorsAndProblems.split('\n')[line].indexOf('9') + 1;
      assert.match(
        page,
        new RegExp(
          `<td class="location">acme\\.framework\\.yaml:${line + 1}:${column}</td><td>error</td><td><code>unresolved-reference</code></td><td>[^<]*9`,
        ),
      );
    });

    it('escapes hostile titles and descriptions, so the only script is its own', async () => {
      const folder = makeTemporaryFolder();
      writeFiles(folder, {
        'h.framework.yaml': [
          'framework: h',
          'title: "<script>alert(1)</script>"',
          'vision: "</style><script src=http://evil.example/x.js></script>"',
          'goals:',
          '  - id: "1"',
          '    title: "<img src=x onerror=alert(2)>"',
          '    description: "A & B <b>bold</b>"',
          '',
        ].join('\n'),
      });
      const page = (await reportOf('html', folder)).stdout;
      assert.equal(page.match(/<script/g)?.length, 1, 'one script element');
      assert.ok(page.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
      assert.ok(page.includes('&lt;/style&gt;&lt;script src=http://evil.example/x.js&gt;'));
      assert.ok(page.includes('&lt;img src=x onerror=alert(2)&gt;'));
      assert.ok(page.includes('A &amp; B &lt;b&gt;bold&lt;/b&gt;'));
      assert.ok(!/<img|<b>/.test(page));
    });

    it('loads nothing: one inline style and one inline script, allowed by their hashes', async () => {
      const page = (await reportOf('html', examples)).stdout;
      const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(page);
      assert.ok(meta);
      // The attribute is escaped like every other; the browser reads it unescaped.
      const policy = [meta[0], meta[1].replace(/&#39;/g, "'")];
      const style = /<style>([\s\S]*?)<\/style>/.exec(page);
      const script = /<script>([\s\S]*?)<\/script>/.exec(page);
      assert.ok(style && script);
      const hash = (text: string): string =>
        `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
      assert.ok(policy[1].startsWith("default-src 'none'"));
      assert.ok(policy[1].includes(`style-src ${hash(style[1])}`));
      assert.ok(policy[1].includes(`script-src ${hash(script[1])}`));
      // The inline script is the extension's map viewer, the very file the webview runs.
      assert.equal(
        script[1],
        fs.readFileSync(path.join(repositoryRoot, 'media', 'strategyMap.js'), 'utf8'),
      );
      // Nothing points outside the page.
      assert.ok(!/\ssrc=/.test(page.replace(/&lt;[^&]*&gt;/g, '')));
      for (const match of page.matchAll(/href="([^"]*)"/g))
        assert.ok(match[1].startsWith('#'), match[1]);
    });
  });

  describe('Markdown', () => {
    it('holds the same content as the HTML report, without the map', async () => {
      const run = await reportOf('markdown', examples);
      assert.equal(run.code, 0);
      const text = run.stdout;
      assert.ok(!text.includes('<svg'));
      assert.match(text, /## Strategy map\n\nThe strategy map is drawn in the HTML report/);
      for (const name of exampleNames) {
        const source = exampleText(name);
        assert.ok(text.includes(`## ${escapeMarkdown(topLevel(source, 'title'))} (${name})`));
        assert.ok(text.includes(`**Vision:** ${escapeMarkdown(topLevel(source, 'vision'))}`));
      }
      for (const goal of exampleGoals()) {
        const id = goal.slice(goal.lastIndexOf(':') + 1);
        assert.match(text, new RegExp(`#### Goal ${id.replace('.', '\\.')}: `), goal);
      }
      for (const heading of ['## Traceability matrix', '## Lineage', '## Problems']) {
        assert.ok(text.includes(`\n${heading}\n`), heading);
      }
      assert.match(
        text,
        /### interpol-2014-2016 → interpol-2017-2020\n\n\d+ continued, \d+ merged/,
      );
      assert.match(text, /\*\*Not accounted for \(neither continued nor retired\)\*\*/);
    });

    it('has indicator tables and a matrix row per objective', async () => {
      const folder = makeTemporaryFolder();
      writeFiles(folder, { 'acme.framework.yaml': withIndicatorsAndProblems });
      const text = (await reportOf('markdown', folder)).stdout;
      assert.ok(text.includes('| 1.1.1 | Teachers trained | 120 | 600 | teachers |'));
      assert.ok(
        text.includes(
          '| Goal or objective | Goal 1 | Goal 2 | Programme champions | Other links |',
        ),
      );
      assert.ok(text.includes('| \u20031.1 Train teachers | ● | → | ✓ |   |'));
      assert.match(text, /\| acme\.framework\.yaml:\d+:\d+ \| error \| unresolved-reference \| /);
    });

    it('escapes markup in titles and descriptions', async () => {
      const folder = makeTemporaryFolder();
      writeFiles(folder, {
        'm.framework.yaml': [
          'framework: m',
          'title: "<script>x</script> *bold* [link](http://example.com) | pipe"',
          'goals:',
          '  - id: "1"',
          '    title: "`code` _under_ ~strike~ #tag"',
          '    description: "- not a list item"',
          '',
        ].join('\n'),
      });
      const text = (await reportOf('markdown', folder)).stdout;
      assert.ok(
        text.includes(
          '\\<script\\>x\\</script\\> \\*bold\\* \\[link\\](http://example.com) \\| pipe',
        ),
      );
      assert.ok(text.includes('#### Goal 1: \\`code\\` \\_under\\_ \\~strike\\~ \\#tag'));
      assert.ok(text.includes('\n\\- not a list item\n'));
      assert.ok(!text.includes('<script>'));
    });
  });

  it('with --quiet, lists errors only among the problems', async () => {
    const folder = makeTemporaryFolder();
    writeFiles(folder, {
      'acme.framework.yaml': withIndicatorsAndProblems.replace('id: "1.2"', 'id: "3.2"'),
    });
    const all = (await reportOf('markdown', folder)).stdout;
    const quiet = (await reportOf('markdown', folder, '--quiet')).stdout;
    const problems = (text: string): string[] =>
      text
        .slice(text.indexOf('## Problems'))
        .split('\n')
        .filter((line) => /^\| acme/.test(line));
    assert.ok(problems(all).some((line) => line.includes('| warning | id-numbering |')));
    assert.deepEqual(
      problems(quiet),
      problems(all).filter((line) => line.includes('| error |')),
    );
  });
});
