/**
 * The language features as a person meets them in VS Code: the real extension, the real
 * language server and the real editor API, over a copy of examples/ (the runner opens
 * the copy as the workspace folder, so edits here never touch the repository).
 *
 * The service's own tests (test/service/) check each answer in detail; these check that
 * the answers reach the editor: that the client starts the server, that the document
 * selector, the capabilities and the conversions between LSP and VS Code types work,
 * and that cross-file features see both example files.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  codeOf,
  describeDiagnostics,
  extensionId,
  positionOf,
  screenshot,
  waitFor,
} from './helpers';

const newerFile = 'interpol-2017-2020.framework.yaml';
const olderFile = 'interpol-2014-2016.framework.yaml';
/** Goal 1 of 2014-2016, which goal 1 of 2017-2020 supersedes. */
const olderGoalTitle = 'Secure global police information system';
/** The first reference to it, as written in the 2017-2020 file. */
const reference = '"interpol-2014-2016:1"';

function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'The runner opens a workspace folder with the examples.');
  return vscode.Uri.joinPath(folder.uri, name);
}

function endsWith(uri: vscode.Uri, name: string): boolean {
  return uri.path.endsWith(`/${name}`);
}

/** Text of a hover's contents, whichever of VS Code's content types they came as. */
function hoverText(hovers: readonly vscode.Hover[]): string {
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .join('\n');
}

function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

/** Definition providers may answer with Locations or LocationLinks; both name a target. */
function targetOf(location: vscode.Location | vscode.LocationLink): {
  uri: vscode.Uri;
  range: vscode.Range;
} {
  return 'targetUri' in location
    ? { uri: location.targetUri, range: location.targetSelectionRange ?? location.targetRange }
    : { uri: location.uri, range: location.range };
}

describe('Language features in VS Code', () => {
  let document: vscode.TextDocument;
  /** The example as the runner copied it, which every test starts from. */
  let originalText: string;
  /** Inside the first `interpol-2014-2016:1` reference, on the `1`. */
  let onReference: vscode.Position;

  before(async () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, `Extension ${extensionId} is loaded in development mode.`);
    document = await vscode.workspace.openTextDocument(workspaceFile(newerFile));
    await vscode.window.showTextDocument(document);
    assert.equal(document.languageId, 'framework-yaml');
    // Opening a framework-yaml document activates the extension; activate() returns the
    // same activation, which ends once the language client has started the server.
    await extension.activate();
    assert.ok(extension.isActive);
    onReference = positionOf(document, reference, { delta: reference.indexOf(':1') + 1 });
    originalText = document.getText();
  });

  // A test that fails half-way through an edit must not break the ones after it.
  afterEach(async () => {
    if (document.getText() === originalText && !document.isDirty) return;
    const restore = new vscode.WorkspaceEdit();
    const whole = new vscode.Range(document.positionAt(0), document.positionAt(Infinity));
    restore.replace(document.uri, whole, originalText);
    assert.ok(await vscode.workspace.applyEdit(restore));
    assert.ok(await document.save());
  });

  it('shows the workbench with the example open', async () => {
    // The examples are clean, so there are no diagnostics to wait for; a hover that
    // names the older file's goal shows that the server has indexed both files.
    await waitFor('a hover from the language server', async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        document.uri,
        onReference,
      );
      return hoverText(hovers).includes(olderGoalTitle) ? true : undefined;
    });
    assert.equal(
      vscode.languages.getDiagnostics(document.uri).filter((d) => codeOf(d) !== undefined).length,
      0,
      `The example has no problems, but: ${describeDiagnostics(document.uri)}`,
    );
    await screenshot('example-open', '.monaco-editor .view-lines');
  });

  it('reports a broken reference as the text changes, and clears it when fixed', async () => {
    const idRange = new vscode.Range(onReference, onReference.translate(0, 1));
    assert.equal(document.getText(idRange), '1');

    const brokenEdit = new vscode.WorkspaceEdit();
    brokenEdit.replace(document.uri, idRange, '99');
    assert.ok(await vscode.workspace.applyEdit(brokenEdit));
    const broken = await waitFor(
      'an unresolved-reference diagnostic on interpol-2014-2016:99',
      () =>
        vscode.languages
          .getDiagnostics(document.uri)
          .find((d) => codeOf(d) === 'unresolved-reference' && d.range.contains(onReference)),
      { describe: () => describeDiagnostics(document.uri) },
    );
    assert.equal(broken.severity, vscode.DiagnosticSeverity.Error);
    assert.match(broken.message, /99/);
    // The range is exact: the reference (or its ID part), never the whole line.
    assert.equal(broken.range.start.line, onReference.line);
    assert.ok(broken.range.end.character - broken.range.start.character < 25);

    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await screenshot('unresolved-reference', '.markers-panel .monaco-list-row');

    // The fix is the inverse edit rather than the Undo command, which acts on whatever
    // has focus (after showing the Problems panel, that is the panel, not the editor).
    const fixEdit = new vscode.WorkspaceEdit();
    fixEdit.replace(document.uri, new vscode.Range(onReference, onReference.translate(0, 2)), '1');
    assert.ok(await vscode.workspace.applyEdit(fixEdit));
    await waitFor(
      'the unresolved-reference diagnostic to go',
      () =>
        vscode.languages
          .getDiagnostics(document.uri)
          .some((d) => codeOf(d) === 'unresolved-reference')
          ? undefined
          : true,
      { describe: () => describeDiagnostics(document.uri) },
    );
    // The text is the original again; saving leaves no dirty editor behind.
    assert.ok(await document.save());
    await vscode.window.showTextDocument(document);
  });

  it('completes the items of the framework named before the colon', async () => {
    // On goal 3's `"interpol-2014-2016:3"`, right after the colon.
    const goal3Reference = '"interpol-2014-2016:3"';
    const position = positionOf(document, goal3Reference, {
      delta: goal3Reference.indexOf(':') + 1,
    });
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      document.uri,
      position,
    );
    const labels = list.items.map(labelOf);
    for (const expected of ['interpol-2014-2016:1', 'interpol-2014-2016:3.1']) {
      assert.ok(labels.includes(expected), `'${expected}' is offered among ${labels.join(', ')}`);
    }
    assert.ok(
      labels.every((label) => !label.startsWith('interpol-2017-2020:')),
      `A framework's own items are not offered for its supersedes: ${labels.join(', ')}`,
    );
  });

  it('hovers a reference with the item it names', async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      document.uri,
      onReference,
    );
    const text = hoverText(hovers);
    assert.match(text, /Goal 1/);
    assert.ok(text.includes(olderGoalTitle), text);

    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(onReference, onReference);
    editor.revealRange(new vscode.Range(onReference, onReference));
    await vscode.commands.executeCommand('editor.action.showHover');
    await screenshot('hover', '.monaco-hover .hover-contents');
  });

  it('goes to the definition in the other file', async () => {
    const locations = await vscode.commands.executeCommand<
      (vscode.Location | vscode.LocationLink)[]
    >('vscode.executeDefinitionProvider', document.uri, onReference);
    assert.equal(locations.length, 1, JSON.stringify(locations));
    const target = targetOf(locations[0]);
    assert.ok(endsWith(target.uri, olderFile), target.uri.toString());
    const older = await vscode.workspace.openTextDocument(target.uri);
    const goalLine = positionOf(older, 'id: "1"').line;
    assert.equal(target.range.start.line, goalLine);
    assert.equal(older.getText(target.range).replace(/"/g, ''), '1');
  });

  it('finds the references in both files', async () => {
    const locations = await vscode.commands.executeCommand<vscode.Location[]>(
      'vscode.executeReferenceProvider',
      document.uri,
      onReference,
    );
    const files = new Set(locations.map((location) => location.uri.path.split('/').pop()));
    assert.deepEqual([...files].sort(), [olderFile, newerFile].sort(), JSON.stringify(locations));
    assert.ok(
      locations.some(
        (location) => endsWith(location.uri, newerFile) && location.range.contains(onReference),
      ),
      'The reference the cursor is on is one of them.',
    );
  });

  it('renames an item across both files', async () => {
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>(
      'vscode.executeDocumentRenameProvider',
      document.uri,
      onReference,
      '7',
    );
    assert.ok(edit, 'The rename provider returns an edit.');
    const entries = edit.entries();
    const newer = entries.find(([uri]) => endsWith(uri, newerFile));
    const older = entries.find(([uri]) => endsWith(uri, olderFile));
    assert.ok(
      newer && older,
      `The edit touches both files: ${entries.map(([u]) => u.path).join(', ')}`,
    );
    // The definition's ID in the older file, and the references in the newer one.
    assert.ok(older[1].every((textEdit) => textEdit.newText.replace(/"/g, '') === '7'));
    assert.ok(newer[1].some((textEdit) => textEdit.range.contains(onReference)));
    assert.ok(newer[1].every((textEdit) => /^"?(interpol-2014-2016:)?7"?$/.test(textEdit.newText)));
    // The edit is not applied: the workspace copy stays as the examples are.
    assert.equal(document.isDirty, false);
  });
});
