import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { LspTestClient } from './lspClient';

const broken = 'framework: a\ntitle: A\ngoals:\n  - id: "1"\n    title: One\n    supports: ["9"]\n';

describe('the diagnostics cache between sessions', function () {
  this.timeout(30_000);
  let folder: string;
  let cacheDirectory: string;
  let uri: string;
  const clients: LspTestClient[] = [];

  async function start(): Promise<LspTestClient> {
    const client = new LspTestClient();
    clients.push(client);
    await client.initialize(folder, undefined, { cacheDirectory });
    return client;
  }

  const fromCache = (client: LspTestClient): boolean =>
    client.logs.some((line) => /from the cache/.test(line));

  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'framework-cache-'));
    cacheDirectory = path.join(folder, '.cache');
    const file = path.join(folder, 'a.framework.yaml');
    fs.writeFileSync(file, broken);
    uri = URI.file(file).toString();
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.shutdown()));
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('publishes the last session’s diagnostics at once when nothing changed, and not otherwise', async () => {
    const first = await start();
    await first.diagnosticsFor(uri, (d) => d.length === 1);
    const cacheFile = path.join(cacheDirectory, 'diagnostics-cache.json');
    await first.waitFor(
      () => (fs.existsSync(cacheFile) ? true : undefined),
      10_000,
      () => cacheFile,
    );
    assert.ok(!fromCache(first), 'the first session has no cache to use');
    await first.shutdown();

    const second = await start();
    const diagnostics = await second.diagnosticsFor(uri);
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      ['unresolved-reference'],
    );
    await second.waitFor(
      () => (fromCache(second) ? true : undefined),
      10_000,
      () => second.logs.join(),
    );
    await second.shutdown();

    // A change on disk while no server ran: the cache no longer applies.
    fs.writeFileSync(path.join(folder, 'a.framework.yaml'), broken.replace('"9"', '"1"'));
    const third = await start();
    await third.diagnosticsFor(uri, (d) => d.length === 0);
    assert.ok(!fromCache(third), 'a changed file invalidates the cache');
  });
});
