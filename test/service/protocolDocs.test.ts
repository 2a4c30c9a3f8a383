import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../../..');

describe('docs/protocol.md', () => {
  it('documents exactly the custom messages that server/src/protocol.ts declares', () => {
    const source = fs.readFileSync(path.join(root, 'server', 'src', 'protocol.ts'), 'utf8');
    const declared = [
      ...source.matchAll(/new (?:Request|Notification)Type[^(]*\(\s*'([^']+)'/g),
    ].map((match) => match[1]);
    const documentation = fs.readFileSync(path.join(root, 'docs', 'protocol.md'), 'utf8');
    const documented = [...documentation.matchAll(/^## (\S+)$/gm)].map((match) => match[1]);
    assert.ok(declared.length >= 4);
    assert.deepEqual([...documented].sort(), [...declared].sort());
    for (const method of declared) assert.match(method, /^framework\//);
  });
});
