import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type {
  CodeAction,
  CodeLens,
  CompletionList,
  Diagnostic,
  DocumentHighlight,
  DocumentSymbol,
  Hover,
  InlayHint,
  Location,
  WorkspaceEdit,
  WorkspaceSymbol,
} from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import type {
  FrameworkTreeResult,
  LineageResult,
  NewItemResult,
  TraceabilityResult,
  WorkspaceCounts,
} from '../../server/src/protocol';
import { applyWorkspaceEdit } from '../edits';
import { LspTestClient } from './lspClient';

const repository = path.resolve(__dirname, '../../..');
const exampleText = (name: string): string =>
  fs.readFileSync(path.join(repository, 'examples', `${name}.framework.yaml`), 'utf8');

/** The position of the first occurrence of `needle` (plus `offset` characters) in `text`. */
function positionOf(text: string, needle: string, offset = 0): { line: number; character: number } {
  const index = text.indexOf(needle);
  assert.ok(index >= 0, `${needle} is in the text`);
  const before = text.slice(0, index + offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

const codesOf = (diagnostics: Diagnostic[]): string[] => diagnostics.map((d) => String(d.code));

/**
 * The 2014-2016 example's diagnostics as shipped: information on the goals and
 * objectives 2017-2020 neither continues nor retires, and nothing else.
 */
function assertOnlyUnaccounted(diagnostics: Diagnostic[]): void {
  assert.ok(diagnostics.length > 0, 'the 2014-2016 items nothing continues are reported');
  for (const diagnostic of diagnostics) {
    assert.equal(diagnostic.code, 'unaccounted-predecessor');
    assert.equal(diagnostic.severity, 3, 'information');
  }
}

describe('the language server over stdio', function () {
  this.timeout(30_000);
  let folder: string;
  let client: LspTestClient;
  const file = (name: string): string => path.join(folder, `${name}.framework.yaml`);
  const uri = (name: string): string => URI.file(file(name)).toString();

  beforeEach(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'framework-lsp-'));
    fs.writeFileSync(file('early'), exampleText('interpol-2014-2016'));
    fs.writeFileSync(file('late'), exampleText('interpol-2017-2020'));
    fs.mkdirSync(path.join(folder, 'node_modules', 'x'), { recursive: true });
    fs.writeFileSync(
      path.join(folder, 'node_modules', 'x', 'ignored.framework.yaml'),
      'framework: [',
    );
    client = new LspTestClient();
    await client.initialize(folder);
  });

  afterEach(async () => {
    await client.shutdown();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('indexes every framework file on disk and publishes diagnostics without opening them', async () => {
    assertOnlyUnaccounted(await client.diagnosticsFor(uri('early')));
    assert.deepEqual(await client.diagnosticsFor(uri('late')), []);
    const counts = await client.request<WorkspaceCounts>('framework/counts', {});
    assert.deepEqual(counts, {
      files: 2,
      frameworks: 2,
      goals: 11,
      objectives: 24,
      errors: 0,
      warnings: 0,
    });
    assert.ok(client.registrations.some((r) => r.method === 'workspace/didChangeWatchedFiles'));
  });

  it('reports broken references in other files as an edit renames a goal, and clears them when fixed', async () => {
    await client.diagnosticsFor(uri('late'));
    const early = exampleText('interpol-2014-2016');
    await client.open(uri('early'), early);
    await client.change(uri('early'), early.replace('  - id: "1"\n', '  - id: "9"\n'));
    const broken = await client.diagnosticsFor(uri('late'), (d) => d.length > 0);
    assert.ok(codesOf(broken).every((code) => code === 'unresolved-reference'));
    assert.ok(broken.length >= 1);
    await client.change(uri('early'), early);
    await client.diagnosticsFor(uri('late'), (d) => d.length === 0);
  });

  it('follows files created, changed and deleted on disk behind its back', async () => {
    await client.diagnosticsFor(uri('late'));
    const extra =
      'framework: extra\ntitle: Extra\ngoals:\n  - id: "1"\n    title: One\n    supports: ["interpol-2014-2016:7"]\n';
    fs.writeFileSync(file('extra'), extra);
    await client.filesChanged([{ uri: uri('extra'), type: 1 }]);
    assert.deepEqual(codesOf(await client.diagnosticsFor(uri('extra'))), ['unresolved-reference']);

    fs.writeFileSync(file('extra'), extra.replace(':7', ':6'));
    await client.filesChanged([{ uri: uri('extra'), type: 2 }]);
    await client.diagnosticsFor(uri('extra'), (d) => d.length === 0);

    fs.rmSync(file('early'));
    await client.filesChanged([{ uri: uri('early'), type: 3 }]);
    await client.diagnosticsFor(uri('early'), (d) => d.length === 0);
    const late = await client.diagnosticsFor(uri('late'), (d) => d.length > 0);
    assert.ok(codesOf(late).includes('unknown-framework'));
  });

  it('answers the views: the framework tree and traceability', async () => {
    await client.diagnosticsFor(uri('late'));
    const tree = await client.request<FrameworkTreeResult>('framework/tree', {});
    assert.deepEqual(
      tree.frameworks.map((framework) => framework.id),
      ['interpol-2014-2016', 'interpol-2017-2020'],
    );
    const trace = await client.request<TraceabilityResult>('framework/traceability', {
      qualifiedId: 'interpol-2014-2016:1',
    });
    assert.ok(trace.supersededBy.some((step) => step.item.qualifiedId === 'interpol-2017-2020:1'));
    const lineage = await client.request<LineageResult>('framework/lineage', {});
    assert.deepEqual(
      lineage.summaries.map((summary) => [summary.predecessor, summary.successor]),
      [['interpol-2014-2016', 'interpol-2017-2020']],
    );
    const [summary] = lineage.summaries;
    assert.ok(summary.continued.length + summary.merged.length > 0);
    assert.ok(summary.unaccounted.length > 0);

    // Add Objective: the edit for an open document carries its editor version.
    await client.open(uri('early'), exampleText('interpol-2014-2016'));
    const added = await client.request<NewItemResult>('framework/newItem', {
      parent: 'interpol-2014-2016:3',
      kind: 'objective',
    });
    assert.equal(added.id, '3.6');
    const [change] = added.edit.documentChanges ?? [];
    assert.ok(change && 'textDocument' in change);
    assert.equal(change.textDocument.version, 1);
  });

  it('answers hover, definition, references, highlights and rename across files', async () => {
    await client.diagnosticsFor(uri('late'));
    const late = exampleText('interpol-2017-2020');
    await client.open(uri('late'), late);
    const onReference = {
      textDocument: { uri: uri('late') },
      position: positionOf(late, 'interpol-2014-2016:1"', 19),
    };
    const hover = await client.request<Hover>('textDocument/hover', onReference);
    assert.match(JSON.stringify(hover.contents), /Secure global police information system/);
    const highlights = await client.request<DocumentHighlight[]>(
      'textDocument/documentHighlight',
      onReference,
    );
    assert.ok(highlights.length >= 1);
    const definition = await client.request<Location[]>('textDocument/definition', onReference);
    assert.equal(definition[0].uri, uri('early'));
    const references = await client.request<Location[]>('textDocument/references', {
      ...onReference,
      context: { includeDeclaration: true },
    });
    assert.ok(references.some((location) => location.uri === uri('early')));
    assert.ok(references.some((location) => location.uri === uri('late')));

    const rename = await client.request<WorkspaceEdit>('textDocument/rename', {
      ...onReference,
      newName: '10',
    });
    const texts = applyWorkspaceEdit(
      { [uri('early')]: exampleText('interpol-2014-2016'), [uri('late')]: late },
      rename,
      // The open document's edit carries its version; the file on disk's carries none.
      { versionOf: (target) => (target === uri('late') ? 1 : null) },
    );
    assert.match(texts[uri('early')], /id: "10"/);
    for (const [target, text] of Object.entries(texts))
      fs.writeFileSync(URI.parse(target).fsPath, text);
    await client.change(uri('late'), texts[uri('late')]);
    await client.filesChanged([{ uri: uri('early'), type: 2 }]);
    await client.save(uri('late'));
    await client.diagnosticsFor(uri('late'), (d) => d.length === 0);
    assertOnlyUnaccounted(await client.diagnosticsFor(uri('early')));
  });

  it('answers completion, symbols, code actions, code lens and inlay hints', async () => {
    await client.diagnosticsFor(uri('late'));
    const early = exampleText('interpol-2014-2016');
    const text = early
      .replace('      - id: "3.5"', '      - id: "3.5"\n        supports: ["4.|"]')
      .replace('|', '');
    await client.open(uri('early'), text);
    const completion = await client.request<CompletionList>('textDocument/completion', {
      textDocument: { uri: uri('early') },
      position: positionOf(text, 'supports: ["4.', 14),
    });
    const labels = (completion.items ?? []).map((item) => item.label);
    assert.ok(labels.includes('4.1'), labels.join());
    // The client reads shared edit ranges, so the list says the range once.
    const wordStart = positionOf(text, 'supports: ["4.', 12);
    assert.deepEqual(completion.itemDefaults?.editRange, {
      start: wordStart,
      end: positionOf(text, 'supports: ["4.', 14),
    });
    const item41 = completion.items.find((item) => item.label === '4.1');
    assert.equal(item41?.textEdit, undefined);
    assert.equal(item41?.textEditText, '4.1');

    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', {
      textDocument: { uri: uri('early') },
    });
    assert.equal(symbols.length, 1);
    const found = await client.request<WorkspaceSymbol[]>('workspace/symbol', {
      query: 'cybercrime',
    });
    assert.ok(found.length > 0);

    const broken = text.replace('supports: ["4.', 'supports: ["4.9');
    await client.change(uri('early'), broken);
    const diagnostics = await client.diagnosticsFor(uri('early'), (d) =>
      d.some((diagnostic) => diagnostic.code === 'unresolved-reference'),
    );
    const unresolved = diagnostics.filter((d) => d.code === 'unresolved-reference');
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: uri('early') },
      range: unresolved[0].range,
      context: { diagnostics: unresolved },
    });
    assert.ok(actions.some((action) => action.kind === 'quickfix'));

    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', {
      textDocument: { uri: uri('early') },
    });
    assert.ok(lenses.some((lens) => /superseded by/.test(lens.command?.title ?? '')));
    const hints = await client.request<InlayHint[]>('textDocument/inlayHint', {
      textDocument: { uri: uri('late') },
      range: { start: { line: 0, character: 0 }, end: { line: 500, character: 0 } },
    });
    assert.ok(hints.length > 0);
  });

  it('refuses a rename that cannot be done, with a message', async () => {
    await client.diagnosticsFor(uri('late'));
    const early = exampleText('interpol-2014-2016');
    await client.open(uri('early'), early);
    await assert.rejects(
      client.request('textDocument/rename', {
        textDocument: { uri: uri('early') },
        position: positionOf(early, 'id: "1.1"', 5),
        newName: '1.2',
      }),
      /1\.2/,
    );
  });
});
