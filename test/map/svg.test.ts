import * as assert from 'node:assert/strict';
import { layoutStrategyMap } from '../../server/src/map/layout';
import {
  escapeXml,
  renderLegendSvg,
  renderMapSvg,
  replaceInvalidXmlCharacters,
} from '../../server/src/map/svg';
import { examplesMap, serviceOf } from './helpers';

/** The `data-node` IDs of an SVG, unescaped. */
function drawnNodeIds(svg: string): string[] {
  return [...svg.matchAll(/<g class="map-node [^"]*" data-node="([^"]*)"/g)].map((match) =>
    match[1]
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&'),
  );
}

/**
 * The elements and attribute names of an SVG, read with a scanner that accepts only
 * well-formed tags whose attributes are all `name="value"`; `rest` is the text left
 * once every tag is taken out.
 */
function markupOf(svg: string): { elements: Set<string>; attributes: Set<string>; rest: string } {
  const elements = new Set<string>();
  const attributes = new Set<string>();
  const tag = /<\/([a-zA-Z][\w:-]*)>|<([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*\/?>/g;
  const rest = svg.replace(
    tag,
    (_tag, closing: string | undefined, name: string | undefined, attrs: string) => {
      if (name) {
        elements.add(name);
        for (const match of (attrs ?? '').matchAll(/([\w:-]+)="/g)) attributes.add(match[1]);
      } else if (closing) {
        elements.add(closing);
      }
      return '';
    },
  );
  return { elements, attributes, rest };
}

const hostile = `framework: h
title: <script>alert("framework")</script>
goals:
  - id: "1"
    title: "<script>alert('goal')</script> & <img src=x onerror=alert(1)>"
    objectives:
      - id: "1.1"
        title: "Nul \\0 and a lone surrogate \\uD800 in a title"
        supports: ["9"]
`;

describe('strategy map SVG', () => {
  it('draws every node of the examples, each with its kind and a tooltip', () => {
    const map = examplesMap();
    const svg = renderMapSvg(layoutStrategyMap(map));
    assert.ok(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'));
    assert.ok(svg.endsWith('</svg>'));
    assert.deepEqual(drawnNodeIds(svg).sort(), map.nodes.map((node) => node.id).sort());
    for (const node of map.nodes) {
      assert.ok(svg.includes(`<g class="map-node ${node.kind}`), `${node.kind} ${node.id}`);
    }
    assert.match(svg, /<title>Goal interpol-2017-2020:1\nServe as the worldwide information hub/);
    // Edges of each kind are drawn, supersedes dashed with an arrow.
    assert.match(
      svg,
      /class="map-edge supersedes" data-from="interpol-2017-2020:1" data-to="interpol-2014-2016:1"[^>]*stroke-dasharray="7 4" marker-end="url\(#sfmap-arrow-supersedes\)"/,
    );
    assert.match(
      svg,
      /class="map-edge contains" data-from="interpol-2014-2016" data-to="interpol-2014-2016:1"/,
    );
    assert.match(svg, /class="map-edge supports" data-from="interpol-2017-2020:cybercrime"/);
  });

  it('escapes every text, so hostile titles stay text', () => {
    const service = serviceOf({ h: hostile });
    const map = service.getStrategyMap();
    const svg = renderMapSvg(layoutStrategyMap(map));
    const { elements, attributes, rest } = markupOf(svg);
    // Only the renderer's own elements, none with an event handler, and no stray `<`.
    assert.deepEqual([...elements].sort(), [
      'defs',
      'g',
      'marker',
      'path',
      'rect',
      'svg',
      'text',
      'title',
    ]);
    assert.ok(![...attributes].some((name) => /^on/i.test(name)), [...attributes].join());
    assert.ok(!rest.includes('<'), "every < opens one of the renderer's tags");
    assert.ok(svg.includes('&lt;script&gt;alert(&quot;framework&quot;)&lt;/script&gt;'));
    assert.ok(svg.includes('&lt;script&gt;alert(&#39;goal&#39;)&lt;/script&gt; &amp; &lt;img'));
    // Every node is drawn, the missing one that the broken reference names too.
    assert.deepEqual(drawnNodeIds(svg).sort(), map.nodes.map((node) => node.id).sort());
    assert.ok(drawnNodeIds(svg).includes('?h:9'));
    // Characters XML forbids become U+FFFD, so the SVG still parses.
    assert.ok(!svg.includes('\u0000'));
    assert.ok(!/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(svg));
    assert.ok(svg.includes('Nul \uFFFD and a lone surrogate \uFFFD'));
  });

  it('marks problems and orphans on the nodes that have them', () => {
    const text = `framework: p
title: Problems
goals:
  - id: "1"
    title: Has a broken reference
    supports: ["9"]
  - id: "2"
    title: Alone
  - id: "3"
    title: Links to 1
    supports: ["1"]
`;
    const svg = renderMapSvg(layoutStrategyMap(serviceOf({ p: text }).getStrategyMap()));
    assert.match(svg, /<g class="map-node goal problem-error" data-node="p:1"/);
    assert.match(svg, /<g class="map-node goal orphan" data-node="p:2"/);
    assert.match(svg, /<g class="map-node goal" data-node="p:3"/);
    assert.match(svg, /<g class="map-node missing" data-node="\?p:9"/);
    assert.match(svg, /class="map-edge supports broken" data-from="p:1" data-to="\?p:9"/);
    assert.match(svg, /error unresolved-reference: /);
  });

  it('draws the legend: every kind of node and edge, problems and orphans', () => {
    const legend = renderLegendSvg();
    for (const entry of [
      'Framework',
      'Goal',
      'Objective',
      'Indicator',
      'Programme',
      'Not found (broken reference)',
      'Contains',
      'Supports',
      'Supersedes (continues)',
      'Broken reference',
      'Has an error',
      'Has a warning',
      'Orphan (no links in or out)',
    ]) {
      assert.ok(legend.includes(`>${entry}</text>`), entry);
    }
  });

  it('uses no style attribute or element, which a strict Content-Security-Policy would block', () => {
    const svg = renderMapSvg(layoutStrategyMap(examplesMap())) + renderLegendSvg();
    assert.ok(!/\sstyle=/.test(svg));
    assert.ok(!/<style/.test(svg));
  });

  it('escapes the five XML characters and replaces what XML forbids', () => {
    assert.equal(
      escapeXml(`<a href="x">'&'</a>`),
      '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;',
    );
    assert.equal(replaceInvalidXmlCharacters('a\u0001b\tc\nd\uFFFFe'), 'a\uFFFDb\tc\nd\uFFFDe');
    assert.equal(replaceInvalidXmlCharacters('\uD83D\uDE00 \uDE00'), '\uD83D\uDE00 \uFFFD');
  });
});
