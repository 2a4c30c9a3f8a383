/**
 * Safe edits through the real server: the quick fixes offered for every published
 * diagnostic, and renames across open and closed files, carry the editor's version
 * for open documents and none for files on disk, and apply cleanly to the texts the
 * editor has. One fix is then applied as an editor does (incremental changes to the
 * open document, the disk file rewritten and reported) and its problem disappears.
 * The properties themselves are checked over many workspaces in
 * test/service/safeEdits.test.ts; this checks the server's part.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type {
  CodeAction,
  Diagnostic,
  DocumentSymbol,
  Location,
  TextDocumentContentChangeEvent,
  TextDocumentEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import { applyWorkspaceEdit } from '../edits';
import { generateWorkspace } from '../generatedWorkspace';
import { Random } from '../random';
import { LspTestClient } from './lspClient';

describe('safe edits through the real server', function () {
  this.timeout(30_000);
  let folder: string;
  let client: LspTestClient;

  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'framework-safe-edits-'));
    client = new LspTestClient();
  });

  afterEach(async () => {
    await client.shutdown();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('versions every quick fix and rename with the editor’s versions, and a fix applied removes its problem', async () => {
    const generated = generateWorkspace(new Random(20261149), { files: 3, problemRate: 0.1 });
    /** The text each file has in the editor (open) or on disk (closed), by URI. */
    const texts: Record<string, string> = {};
    for (const [name, text] of Object.entries(generated)) {
      const file = path.join(folder, `${name}.framework.yaml`);
      fs.writeFileSync(file, text);
      texts[URI.file(file).toString()] = text;
    }
    const uris = Object.keys(texts);
    await client.initialize(folder);
    await client.waitFor(
      () => (uris.every((uri) => client.diagnostics.has(uri)) ? true : undefined),
      10_000,
      () => 'the first diagnostics',
    );
    // Two files are open and edited (a comment added at the end, twice): their edits
    // must carry versions 3; the third is on disk.
    const versions = new Map<string, number>();
    for (const uri of uris.slice(0, 2)) {
      await client.open(uri, texts[uri]);
      for (let edit = 0; edit < 2; edit++) {
        const end = positionAtEnd(texts[uri]);
        texts[uri] += `# edited ${edit}\n`;
        versions.set(
          uri,
          await client.sendChanges(uri, [
            { range: { start: end, end }, text: `# edited ${edit}\n` },
          ]),
        );
      }
    }
    const versionOf = (uri: string): number | null => versions.get(uri) ?? null;
    await client.waitFor(
      () =>
        [...versions].every(([uri, version]) => client.diagnostics.get(uri)?.version === version)
          ? true
          : undefined,
      10_000,
      () => 'the diagnostics of the edited versions',
    );
    await client.request('framework/counts', {});

    const offered: { uri: string; diagnostic: Diagnostic; action: CodeAction }[] = [];
    for (const uri of uris) {
      for (const diagnostic of client.diagnostics.get(uri)?.diagnostics ?? []) {
        const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
          textDocument: { uri },
          range: diagnostic.range,
          context: { diagnostics: [diagnostic] },
        });
        for (const action of actions) {
          applyWorkspaceEdit(texts, action.edit, { versionOf });
          offered.push({ uri, diagnostic, action });
        }
      }
    }
    assert.ok(offered.length > 10, `quick fixes were offered: ${offered.length}`);
    const edited = (fix: (typeof offered)[number]): string[] =>
      ((fix.action.edit?.documentChanges ?? []) as TextDocumentEdit[]).map(
        (change) => change.textDocument.uri,
      );
    // A fix that changes a file on disk and the open document it was offered in, as
    // renumbering an item referred to from another file does (the seed has some).
    const onDisk = (fix: (typeof offered)[number]): boolean =>
      edited(fix).some((uri) => !versions.has(uri));
    const chosen = offered.find(
      (fix) => onDisk(fix) && versions.has(fix.uri) && edited(fix).includes(fix.uri),
    );
    assert.ok(chosen, 'a fix changes an open document and a file on disk');

    // Rename the goals and objectives other files refer to, from a reference to each.
    const renamed = await renameAcrossFiles(client, uris, texts, versionOf);
    assert.ok(renamed > 0, 'an item referred to from another file was renamed');

    // Apply the fix as an editor does, and see its problem go.
    const { uri, diagnostic, action } = chosen;
    const same = (one: Diagnostic): boolean =>
      one.code === diagnostic.code && one.message === diagnostic.message;
    const before = client.diagnostics.get(uri)?.diagnostics.filter(same).length ?? 0;
    const fixed = applyWorkspaceEdit(texts, action.edit, { versionOf });
    for (const change of (action.edit?.documentChanges ?? []) as TextDocumentEdit[]) {
      const target = change.textDocument.uri;
      if (versions.has(target)) {
        // Edits in reverse document order, so that each range is still where it was.
        const contentChanges: TextDocumentContentChangeEvent[] = [...change.edits]
          .reverse()
          .map((edit) => ({ range: edit.range, text: 'newText' in edit ? edit.newText : '' }));
        versions.set(target, await client.sendChanges(target, contentChanges));
      } else {
        fs.writeFileSync(URI.parse(target).fsPath, fixed[target]);
        await client.filesChanged([{ uri: target, type: 2 }]);
      }
    }
    await client.diagnosticsFor(uri, (now) => now.filter(same).length < before);
  });
});

/** The position after the last character of a text whose lines end in `\n`. */
function positionAtEnd(text: string): { line: number; character: number } {
  const lines = text.split('\n');
  return { line: lines.length - 1, character: lines[lines.length - 1].length };
}

/**
 * Renames, from a reference in another file, every goal and objective that other
 * files refer to,
 * checking each edit's versions and that it applies; returns how many were renamed.
 */
async function renameAcrossFiles(
  client: LspTestClient,
  uris: readonly string[],
  texts: Readonly<Record<string, string>>,
  versionOf: (uri: string) => number | null,
): Promise<number> {
  let renamed = 0;
  for (const uri of uris) {
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', {
      textDocument: { uri },
    });
    const flatten = (nodes: readonly DocumentSymbol[]): DocumentSymbol[] =>
      nodes.flatMap((node) => [node, ...flatten(node.children ?? [])]);
    const goals = flatten(symbols).filter(
      (symbol) => symbol.detail === 'goal' || symbol.detail === 'objective',
    );
    for (const goal of goals) {
      const references = await client.request<Location[]>('textDocument/references', {
        textDocument: { uri },
        position: goal.selectionRange.start,
        context: { includeDeclaration: false },
      });
      const elsewhere = references.find((reference) => reference.uri !== uri);
      if (!elsewhere) continue;
      const edit = await client.request<WorkspaceEdit>('textDocument/rename', {
        textDocument: { uri: elsewhere.uri },
        position: elsewhere.range.start,
        newName: `${goal.name.split(' ')[0]}-renamed`,
      });
      const after = applyWorkspaceEdit(texts, edit, { versionOf });
      assert.ok(after[elsewhere.uri].includes('-renamed'), 'the reference is renamed');
      assert.ok(after[uri].includes('-renamed'), 'the goal is renamed');
      renamed++;
    }
  }
  return renamed;
}
