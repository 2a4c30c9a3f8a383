import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CancellationTokenSource, ResponseError } from 'vscode-languageserver-protocol';
import type { CompletionList } from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import { LspTestClient } from './lspClient';

const framework = (goal: string): string =>
  `framework: a\ntitle: A\ngoals:\n  - id: "${goal}"\n    title: Goal\n    objectives:\n      - id: "1.1"\n        title: Objective\n        supports: ["1"]\n`;

/** LSP's code for a request the client cancelled. */
const requestCancelled = -32800;

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

  it('after 50 rapid edits answers only the latest completion and publishes only the latest version', async function () {
    // The server is paused (SIGSTOP) while the edits arrive, as when it is busy; Windows
    // cannot pause a process.
    if (process.platform === 'win32') this.skip();
    await client.diagnosticsFor(uri);
    // The opened text differs from the disk's, so it is published; that publication
    // comes first, so that no debounce is pending when the server is paused.
    await client.open(uri, framework('1').replace('Goal', 'Goal opened'));
    await client.diagnosticsFor(uri, () => client.diagnostics.get(uri)?.version === 1);
    const publishedBefore = client.published.length;
    const completionAt = { textDocument: { uri }, position: { line: 8, character: 20 } };

    // As an editor does while someone types: every keystroke asks for completions, and
    // the next keystroke cancels the request it made stale. The server is paused, so
    // all of it waits for the server at once: requests, cancellations and edits.
    const stale: Promise<unknown>[] = [];
    let pending: CancellationTokenSource | undefined;
    let latest: Promise<CompletionList | null> | undefined;
    let last = 1;
    assert.ok(client.process.kill('SIGSTOP'));
    try {
      for (let edit = 0; edit < 50; edit++) {
        if (pending && latest) {
          pending.cancel();
          stale.push(latest.catch((error: unknown) => error));
        }
        // Odd edits rename goal 1 to 2, breaking the reference; the last edit is odd.
        last = await client.change(
          uri,
          framework(edit % 2 === 1 ? '2' : '1').replace('Goal', `Goal ${edit}`),
        );
        pending = new CancellationTokenSource();
        latest = client.connection.sendRequest<CompletionList | null>(
          'textDocument/completion',
          completionAt,
          pending.token,
        );
      }
    } finally {
      client.process.kill('SIGCONT');
    }
    assert.equal(stale.length, 49);

    // Each stale request is cancelled or answered empty: none is computed.
    for (const [index, outcome] of (await Promise.all(stale)).entries()) {
      const cancelled = outcome instanceof ResponseError && outcome.code === requestCancelled;
      assert.ok(
        outcome === null || cancelled,
        `stale request ${index} was answered ${JSON.stringify(outcome)}`,
      );
    }
    const completion = await latest;
    assert.ok(
      completion?.items.some((item) => item.label === '2'),
      `the latest request is answered for the latest text: ${JSON.stringify(completion)}`,
    );

    const diagnostics = await client.diagnosticsFor(
      uri,
      () => client.diagnostics.get(uri)?.version === last,
    );
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      ['id-numbering', 'unresolved-reference'],
    );
    // Only the latest version's diagnostics were published: the debounce skipped every
    // version that an edit replaced.
    const versions = client.published.slice(publishedBefore).filter((p) => p.uri === uri);
    assert.deepEqual(
      versions.map((p) => p.version),
      [last],
    );
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
