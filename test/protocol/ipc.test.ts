import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CompletionList } from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import { LspTestClient } from './lspClient';

const framework = (goal: string): string =>
  `framework: a\ntitle: A\ngoals:\n  - id: "${goal}"\n    title: Goal\n    objectives:\n      - id: "1.1"\n        title: Objective\n        supports: ["1"]\n`;

describe('the language server over IPC, under rapid edits', function () {
  this.timeout(30_000);
  let folder: string;
  let client: LspTestClient;
  let uri: string;

  beforeEach(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'framework-ipc-'));
    const file = path.join(folder, 'a.framework.yaml');
    fs.writeFileSync(file, framework('1'));
    uri = URI.file(file).toString();
    client = new LspTestClient('ipc');
    await client.initialize(folder);
  });

  afterEach(async () => {
    await client.shutdown();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('starts over Node IPC, as the extension runs it, and publishes diagnostics', async () => {
    assert.deepEqual(await client.diagnosticsFor(uri), []);
  });

  it('after 50 rapid edits answers a completion and publishes only the latest version', async () => {
    await client.diagnosticsFor(uri);
    await client.open(uri, framework('1'));
    let last = 1;
    for (let edit = 0; edit < 50; edit++) {
      // Odd edits rename goal 1 to 2, breaking the reference; the last edit is odd.
      last = await client.change(
        uri,
        framework(edit % 2 === 1 ? '2' : '1').replace('Goal', `Goal ${edit}`),
      );
    }
    const completion = await client.request<CompletionList>('textDocument/completion', {
      textDocument: { uri },
      position: { line: 8, character: 20 },
    });
    assert.ok(
      completion.items.some((item) => item.label === '2'),
      'answered for the latest text',
    );
    const diagnostics = await client.diagnosticsFor(
      uri,
      () => client.diagnostics.get(uri)?.version === last,
    );
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      ['id-numbering', 'unresolved-reference'],
    );
    // Every publication after the edits began is for a version at least as new as the
    // one before it, and none is for a version older than the last edit once it came.
    const versions = client.published
      .filter((p) => p.uri === uri && p.version !== undefined)
      .map((p) => p.version as number);
    assert.deepEqual(
      versions,
      [...versions].sort((a, b) => a - b),
    );
    assert.equal(versions[versions.length - 1], last);
  });

  it('applies changed settings: severities, and the files that belong to the workspace', async () => {
    fs.writeFileSync(
      path.join(folder, 'b.framework.yaml'),
      framework('2').replace('framework: a', 'framework: b'),
    );
    const other = URI.file(path.join(folder, 'b.framework.yaml')).toString();
    await client.filesChanged([{ uri: other, type: 1 }]);
    const codes = (await client.diagnosticsFor(other, (d) => d.length > 0)).map((d) => d.code);
    assert.deepEqual(codes, ['id-numbering', 'unresolved-reference']);
    client.configuration = {
      strategicFrameworks: {
        diagnostics: { severity: { 'unresolved-reference': 'off' } },
        files: { exclude: ['a.*'] },
      },
    };
    await client.connection.sendNotification('workspace/didChangeConfiguration', {
      settings: null,
    });
    const after = await client.diagnosticsFor(other, (d) => d.length === 1);
    assert.deepEqual(
      after.map((d) => d.code),
      ['id-numbering'],
    );
    // The excluded file leaves the workspace, and the views are told.
    await client.waitFor(
      () =>
        client.notifications.find(
          (n) => (n.params as { counts: { files: number } }).counts.files === 1,
        ),
      10_000,
      () => `an index change to one file: ${JSON.stringify(client.notifications)}`,
    );
    const counts = await client.request<{ files: number }>('framework/counts', {});
    assert.equal(counts.files, 1);
  });
});
