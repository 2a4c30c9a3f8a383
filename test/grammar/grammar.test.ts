import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadWASM, OnigScanner, OnigString } from 'vscode-oniguruma';
import { INITIAL, parseRawGrammar, Registry } from 'vscode-textmate';
import type { IGrammar } from 'vscode-textmate';

const root = path.resolve(__dirname, '../../..');

/**
 * A stand-in for VS Code's YAML grammar, which the framework grammar includes: just
 * enough YAML (comments, keys, block scalars) to check that our marks are injected
 * around it and kept out of comments and block scalars.
 */
const standInYaml = {
  scopeName: 'source.yaml',
  patterns: [
    { match: '#.*$', name: 'comment.line.number-sign.yaml' },
    {
      begin: '^(\\s*)([A-Za-z]+)(:)\\s*[>|]-?\\s*$',
      end: '^(?!\\1\\s+\\S|\\s*$)',
      contentName: 'string.unquoted.block.yaml',
    },
    { match: '[A-Za-z]+(?=:)', name: 'entity.name.tag.yaml' },
  ],
};

let grammar: IGrammar;

before(async () => {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new OnigScanner(patterns),
      createOnigString: (text: string) => new OnigString(text),
    }),
    loadGrammar: (scopeName: string) => {
      if (scopeName === 'source.yaml') {
        return Promise.resolve(parseRawGrammar(JSON.stringify(standInYaml), 'yaml.json'));
      }
      const file = path.join(root, 'syntaxes', 'framework-yaml.tmLanguage.json');
      return Promise.resolve(parseRawGrammar(fs.readFileSync(file, 'utf8'), file));
    },
  });
  const loaded = await registry.loadGrammar('source.framework-yaml');
  assert.ok(loaded);
  grammar = loaded;
});

/** Every token of the text, as `text → last scope`, skipping whitespace. */
function tokens(text: string): string[] {
  let state = INITIAL;
  const result: string[] = [];
  for (const line of text.split('\n')) {
    const tokenized = grammar.tokenizeLine(line, state);
    for (const token of tokenized.tokens) {
      const value = line.slice(token.startIndex, token.endIndex);
      if (value.trim() === '') continue;
      result.push(`${value.trim()} → ${token.scopes[token.scopes.length - 1]}`);
    }
    state = tokenized.ruleStack;
  }
  return result;
}

describe('the TextMate grammar', () => {
  it('marks framework IDs and item IDs, quoted or plain, block or flow', () => {
    const found = tokens(
      'framework: interpol-2014-2016\ngoals:\n  - id: "1"\n    objectives:\n      - { id: 1.1, title: T }',
    );
    assert.ok(
      found.includes('interpol-2014-2016 → entity.name.namespace.framework-id.framework-yaml'),
    );
    assert.ok(found.includes('1 → entity.name.type.id.framework-yaml'));
    assert.ok(found.includes('1.1 → entity.name.type.id.framework-yaml'));
  });

  it('marks references in flow lists, block lists and single values, with their framework part', () => {
    const found = tokens(
      'goals:\n  - id: "1"\n    category: strategic\n    supports: ["4.1", interpol-2014-2016:3.4]\n    supersedes:\n      - "old:1"\n      - old:2 # a comment\n    title: After',
    );
    for (const reference of ['strategic', '4.1', '3.4', '1', '2']) {
      assert.ok(
        found.includes(`${reference} → variable.other.constant.reference.framework-yaml`),
        reference,
      );
    }
    assert.ok(
      found.includes('interpol-2014-2016 → entity.name.namespace.framework-id.framework-yaml'),
    );
    assert.ok(found.includes('old → entity.name.namespace.framework-id.framework-yaml'));
    assert.ok(found.includes('# a comment → comment.line.number-sign.yaml'));
    // The block list ends where the next key starts.
    assert.ok(found.includes('title → entity.name.tag.yaml'));
    assert.ok(!found.some((token) => token.startsWith('After → variable')));
  });

  it('leaves comments and block scalars alone', () => {
    const found = tokens(
      '# id: "1" supports: [x]\ndescription: >-\n  the id: 5 and supports: [y]\n',
    );
    const marked = found.filter(
      (token) => /\.framework-yaml$/.test(token) && !token.endsWith('source.framework-yaml'),
    );
    assert.deepEqual(marked, []);
  });
});
