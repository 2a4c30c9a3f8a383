import * as assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-types';
import { codes, createTestWorkspace, diagnose, messageOf, sampleFramework, uriOf } from './helpers';

/** Every range must lie inside the text it was computed for. */
function assertInside(text: string, diagnostics: Diagnostic[]): void {
  const lines = text.split(/\r\n|\r|\n/);
  for (const { range } of diagnostics) {
    for (const position of [range.start, range.end]) {
      assert.ok(position.line >= 0 && position.line < lines.length, `line ${position.line}`);
      assert.ok(
        position.character <= lines[position.line].length,
        `character ${position.character}`,
      );
    }
  }
}

describe('hostile input', () => {
  it('never expands an alias bomb', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let level = 1; level < 10; level++) {
      const previous = String.fromCharCode(96 + level);
      const name = String.fromCharCode(97 + level);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
    }
    const text = `framework: bomb\ntitle: Bomb\ngoals:\n  - id: "1"\n    title: *j\n${levels.map((l) => `# ${l}`).join('\n')}\nextra:\n  ${levels.join('\n  ')}\n`;
    const diagnostics = diagnose(text);
    assert.ok(codes(diagnostics).includes('invalid-value'), 'the alias is reported');
    assertInside(text, diagnostics);
  });

  it('refuses deep nesting in flow and block style, many times in one process', () => {
    const flow = `framework: a\ntitle: A\ngoals: ${'['.repeat(1000)}${']'.repeat(1000)}\n`;
    let block = 'framework: a\ntitle: A\ngoals:\n';
    for (let depth = 0; depth < 1000; depth++) block += `${' '.repeat(depth)}- \n`;
    const dashes = `framework: a\ntitle: A\ngoals:\n  ${'- '.repeat(1000)}x\n`;
    for (let round = 0; round < 5; round++) {
      for (const text of [flow, block, dashes]) {
        const diagnostics = diagnose(text);
        assert.deepEqual(codes(diagnostics), ['yaml-syntax']);
        assert.match(messageOf(diagnostics[0]), /nests more than 100 levels/);
        assertInside(text, diagnostics);
      }
    }
  });

  it('refuses deep nesting after a block scalar, a conflict marker or an unclosed flow mapping, in a plain scalar in flow, and by indentation', () => {
    const deepDashes = `${'- '.repeat(150)}x`;
    const texts = {
      'after a block scalar': `framework: a\ntitle: A\ndescription: >\n    Text\n  ${deepDashes}\ngoals: []\n`,
      'after a conflict marker': `framework: a\ntitle: A\ngoals:\n>>>>>>> theirs\n  ${deepDashes}\n`,
      // The `yaml` package ends a flow mapping at a line indented too little and reads
      // on in block style; both were found by the fuzzer's editing sessions, where the
      // stack overflow made an edited and a fresh service disagree.
      'after an unclosed flow mapping': `framework: a\ntitle: A\ngoals:\n  - { id: {\n${deepDashes}\n`,
      'in a plain scalar in a flow mapping': `framework: a\ntitle: A\ngoals:\n  - { id: "1", title: targ${'['.repeat(150)}\n`,
      'by indentation': `framework: a\ntitle: A\nperiod:\n${Array.from({ length: 150 }, (_, depth) => `${' '.repeat(2 * depth + 2)}k${depth}:`).join('\n')}\n`,
    };
    for (const [what, text] of Object.entries(texts)) {
      const diagnostics = diagnose(text);
      assert.ok(
        diagnostics.some((d) => /nests more than 100 levels/.test(messageOf(d))),
        `${what}: ${diagnostics.map(messageOf).join(' | ')}`,
      );
      assert.ok(!diagnostics.some((d) => /call stack/.test(messageOf(d))), what);
      assertInside(text, diagnostics);
    }
  });

  it('does not mistake apostrophes and brackets in text for nesting', () => {
    const text = sampleFramework().replace(
      'title: Goal two',
      `title: INTERPOL's [very] {nested} 'quoted' text ${'['.repeat(150)}`,
    );
    // Unbalanced brackets inside a plain scalar are text; the scan must not refuse it.
    assert.deepEqual(diagnose(text), []);
    const block = sampleFramework().replace(
      'title: Goal two',
      `title: Goal two
    description: |
${Array.from({ length: 150 }, (_, i) => `      ${'  '.repeat(i % 3)}[${'{'.repeat(i)}`).join('\n')}
`,
    );
    assert.deepEqual(diagnose(block), [], 'brackets in a block scalar are text');
  });

  it('checks duplicate keys in linear time on a huge mapping', () => {
    const keys = Array.from({ length: 100_000 }, (_, i) => `  k${i}: v`).join('\n');
    const text = `framework: a\ntitle: A\ngoals:\n  - id: "1"\n    title: One\nperiod:\n${keys}\n  k5: again\n`;
    // Unknown keys are turned off so that the 100,000 of them do not hide the duplicate.
    const { service } = createTestWorkspace(
      { main: text },
      { diagnostics: { severity: { 'unknown-key': 'off' } } },
    );
    const diagnostics = service.getDiagnostics(uriOf('main'));
    const duplicates = diagnostics.filter((d) => messageOf(d).includes("'k5' appears twice"));
    assert.equal(duplicates.length, 1);
  });

  it('never executes tags and reads them as text', () => {
    const text = sampleFramework().replace(
      'title: Goal two',
      'title: !!js/function "function () { throw new Error(1) }"',
    );
    const diagnostics = diagnose(text);
    assert.ok(codes(diagnostics).includes('yaml-syntax'));
    assertInside(text, diagnostics);
  });

  it('keeps YAML 1.2 meanings and no merge keys under a %YAML 1.1 directive', () => {
    const text = `%YAML 1.1\n---\n${sampleFramework().replace('id: strategic', 'id: no')}`
      .replace('category: strategic', 'category: no')
      .replace('title: Goal two', 'title: Goal two\n    <<: { description: merged }');
    const diagnostics = diagnose(text);
    // `no` stays the ID "no" (not false), and `<<` is an unknown key, never a merge.
    assert.ok(!codes(diagnostics).includes('unresolved-reference'));
    assert.ok(codes(diagnostics).includes('unknown-key'));
  });

  it('reports NUL bytes, binary data, UTF-16 and merge-conflict markers without crashing', () => {
    const inputs = [
      `framework: a\0b\ntitle: A\ngoals: []\n`,
      Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 7919) % 256)).toString('latin1'),
      Buffer.from(sampleFramework(), 'utf16le').toString('utf8'),
      sampleFramework().replace(
        '  - id: "2"\n',
        '<<<<<<< HEAD\n  - id: "2"\n=======\n  - id: "3"\n>>>>>>> other\n',
      ),
    ];
    for (const text of inputs) {
      const diagnostics = diagnose(text);
      assert.ok(diagnostics.length > 0, JSON.stringify(text.slice(0, 40)));
      assertInside(text, diagnostics);
    }
  });

  it('handles CRLF line ends with exact ranges', () => {
    const text = sampleFramework()
      .replace('supports: ["2"]', 'supports: ["9"]')
      .replace(/\n/g, '\r\n');
    const [diagnostic] = diagnose(text);
    assert.equal(diagnostic.code, 'unresolved-reference');
    const line = text.split('\r\n')[diagnostic.range.start.line];
    assert.equal(line.slice(diagnostic.range.start.character, diagnostic.range.end.character), '9');
  });
});
