/**
 * The language server's process dies (killed here, as the system's out-of-memory
 * killer or a crash would end it): the extension starts a new one, and the diagnostics,
 * the Goals view, the status bar and the notifications that keep them current all come
 * back from it, for a document with unsaved changes.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { StrategicFrameworksApi } from '../../../client/src/extension';
import { codeOf, describeDiagnostics, extensionId, positionOf, waitFor } from './helpers';

const newer = 'interpol-2017-2020';
/** The reference the test breaks, and its broken form. */
const reference = '"interpol-2014-2016:1"';
const brokenReference = '"interpol-2014-2016:77"';

function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'The runner opens a workspace folder with the examples.');
  return vscode.Uri.joinPath(folder.uri, `${name}.framework.yaml`);
}

describe('the language server after its process dies', () => {
  let api: StrategicFrameworksApi;
  let document: vscode.TextDocument;
  let originalText: string;

  before(async () => {
    const extension = vscode.extensions.getExtension<StrategicFrameworksApi>(extensionId);
    assert.ok(extension, `${extensionId} is installed`);
    api = await extension.activate();
    document = await vscode.workspace.openTextDocument(workspaceFile(newer));
    await vscode.window.showTextDocument(document);
    originalText = document.getText();
  });

  // Whatever happens, the next suites find the example as the runner copied it.
  after(async () => {
    if (document.getText() !== originalText) {
      const restore = new vscode.WorkspaceEdit();
      const whole = new vscode.Range(document.positionAt(0), document.positionAt(Infinity));
      restore.replace(document.uri, whole, originalText);
      assert.ok(await vscode.workspace.applyEdit(restore));
    }
    if (document.isDirty) assert.ok(await document.save());
  });

  const unresolved = (): vscode.Diagnostic | undefined =>
    vscode.languages
      .getDiagnostics(document.uri)
      .find((d) => codeOf(d) === 'unresolved-reference' && /77/.test(d.message));

  async function replaceReference(from: string, to: string): Promise<void> {
    const start = positionOf(document, from);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, new vscode.Range(start, start.translate(0, from.length)), to);
    assert.ok(await vscode.workspace.applyEdit(edit));
  }

  it('restarts it, and diagnostics, views and status bar come back from the new server', async () => {
    // An unsaved edit breaks a reference: only the editor knows this text.
    await replaceReference(reference, brokenReference);
    await waitFor('the broken reference reported', unresolved, {
      describe: () => describeDiagnostics(document.uri),
    });
    await waitFor(
      'one error in the counts',
      () => (api.counts()?.errors === 1 ? true : undefined),
      {
        describe: () => JSON.stringify(api.counts()),
      },
    );
    const killed = api.serverProcessId();
    assert.ok(killed, 'a server process runs');
    const restartsBefore = api.serverRestarts();

    // The diagnostics of the dead server are cleared before the new one publishes its
    // own: seeing them cleared shows that those found afterwards are the new server's.
    let cleared = false;
    const watch = vscode.languages.onDidChangeDiagnostics((event) => {
      const mine = event.uris.some((uri) => uri.toString() === document.uri.toString());
      if (mine && !unresolved()) cleared = true;
    });
    try {
      const killedAt = Date.now();
      process.kill(killed, 'SIGKILL');
      const restarted = await waitFor('a new server process', () => {
        const pid = api.serverProcessId();
        return pid !== undefined && pid !== killed ? pid : undefined;
      });
      assert.notEqual(restarted, killed);
      const processAfter = Date.now() - killedAt;
      await waitFor(
        'the views and status bar refreshed from the new server',
        () => (api.serverRestarts() > restartsBefore ? true : undefined),
        { describe: () => `${api.serverRestarts()} refreshes after restarts` },
      );
      await waitFor('the broken reference reported again', unresolved, {
        describe: () => describeDiagnostics(document.uri),
      });
      assert.ok(cleared, "the dead server's diagnostics were cleared before the new ones came");
      // For docs/reliability.md: how long the user goes without a server.
      console.log(
        `Restart: a new server process ${processAfter} ms after the kill, its diagnostics ${Date.now() - killedAt} ms after.`,
      );
    } finally {
      watch.dispose();
    }

    // The Goals view shows both frameworks from the new server, which has the unsaved
    // text: goal 1 holds the broken reference.
    const roots = await api.goals.getChildren();
    assert.equal(roots.length, 2);
    const goal = await api.goals.findItem(`${newer}:1`);
    assert.equal(goal?.type === 'item' ? goal.item.problem : undefined, 'error');
    assert.equal(api.counts()?.errors, 1);
    assert.match(api.statusBar.text, /2 frameworks · 11 goals · 24 objectives/);

    // The new server's notifications reach the extension: fixing the reference updates
    // the counts, which nothing but `framework/indexChanged` refreshes now.
    await replaceReference(brokenReference, reference);
    await waitFor('no error in the counts', () => (api.counts()?.errors === 0 ? true : undefined), {
      describe: () => JSON.stringify(api.counts()),
    });
    await waitFor('the broken reference to go', () => (unresolved() ? undefined : true), {
      describe: () => describeDiagnostics(document.uri),
    });
    assert.ok(await document.save());
  });
});
