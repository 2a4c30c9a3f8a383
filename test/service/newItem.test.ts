import * as assert from 'node:assert/strict';
import type { NewItemResult } from '../../server/src/protocol';
import {
  applyTestWorkspaceEdit,
  codes,
  createTestWorkspace,
  sampleFramework,
  uriOf,
} from './helpers';

/** Adds an item through the service, applies the edit, and returns the new text. */
function add(
  text: string,
  parent: string,
  kind: 'objective' | 'indicator',
): { text: string; result: NewItemResult } {
  const { service } = createTestWorkspace({ main: text });
  const result = service.getNewItem({ parent, kind });
  assert.ok(result && !('error' in result), JSON.stringify(result));
  const next = applyTestWorkspaceEdit({ main: text }, result.edit);
  return { text: next.main, result };
}

function titleAt(text: string, result: NewItemResult): string {
  const line = text.split('\n')[result.titleRange.start.line];
  return line.slice(result.titleRange.start.character, result.titleRange.end.character);
}

describe('new items (Add Objective, Add Indicator)', () => {
  it('adds the next objective after the last one, aligned, ready to type its title', () => {
    const { text, result } = add(sampleFramework(), 'a:1', 'objective');
    assert.equal(result.id, '1.3');
    assert.equal(result.uri, uriOf('main'));
    assert.match(
      text,
      /supports: \["2"\]\n {6}- id: "1\.3"\n {8}title: New objective\n {2}- id: "2"/,
    );
    assert.equal(titleAt(text, result), 'New objective');
    // The framework stays valid: the new item is where the format wants it.
    const { service } = createTestWorkspace({ main: text });
    assert.deepEqual(codes(service.getDiagnostics(uriOf('main'))), []);
  });

  it('adds the list key for a first indicator', () => {
    const { text, result } = add(sampleFramework(), 'a:1.2', 'indicator');
    assert.equal(result.id, '1.2.1');
    assert.match(
      text,
      /supports: \["2"\]\n {8}indicators:\n {10}- id: "1\.2\.1"\n {12}title: New indicator\n/,
    );
    assert.equal(titleAt(text, result), 'New indicator');
    const { service } = createTestWorkspace({ main: text });
    assert.deepEqual(codes(service.getDiagnostics(uriOf('main'))), []);
  });

  it('adds after a last objective whose description is a block scalar, keeping CRLF', () => {
    const source = sampleFramework()
      .replace(
        'title: Objective two one',
        'title: Objective two one\n        description: >-\n          Long text\n          on two lines',
      )
      .replace(/\n/g, '\r\n');
    const { text, result } = add(source, 'a:2', 'objective');
    assert.equal(result.id, '2.2');
    assert.match(text, /on two lines\r\n {6}- id: "2\.2"\r\n {8}title: New objective/);
    const { service } = createTestWorkspace({ main: text });
    assert.deepEqual(codes(service.getDiagnostics(uriOf('main'))), []);
  });

  it('refuses the wrong kind of parent and one-line parents, and answers nothing for unknown items', () => {
    const { service } = createTestWorkspace({ main: sampleFramework() });
    assert.match(
      JSON.stringify(service.getNewItem({ parent: 'a:1', kind: 'indicator' })),
      /under an objective/,
    );
    assert.match(
      JSON.stringify(service.getNewItem({ parent: 'a:1.1.1', kind: 'indicator' })),
      /under an objective/,
    );
    assert.equal(service.getNewItem({ parent: 'a:9', kind: 'objective' }), undefined);
    const flow = createTestWorkspace({
      main: 'framework: a\ntitle: A\ngoals:\n  - { id: "1", title: One }\n',
    });
    assert.match(
      JSON.stringify(flow.service.getNewItem({ parent: 'a:1', kind: 'objective' })),
      /block style/,
    );
  });
});
