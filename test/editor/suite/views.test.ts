/**
 * The extension's own parts in a real VS Code: the Goals and Traceability views, the
 * status bar and the commands, reached through the API `activate` returns and
 * through `vscode.commands`, over the runner's copy of examples/.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { StrategicFrameworksApi } from '../../../client/src/extension';
import type { GoalsNode } from '../../../client/src/goalsTree';
import { extensionId, positionOf, screenshot, waitFor } from './helpers';

const older = 'interpol-2014-2016';
const newer = 'interpol-2017-2020';

async function api(): Promise<StrategicFrameworksApi> {
  const extension = vscode.extensions.getExtension<StrategicFrameworksApi>(extensionId);
  assert.ok(extension, `${extensionId} is installed`);
  return extension.activate();
}

function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'The runner opens a workspace folder with the examples.');
  return vscode.Uri.joinPath(folder.uri, `${name}.framework.yaml`);
}

function labelOf(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

describe('the Goals and Traceability views', () => {
  it('show both INTERPOL frameworks with their goals, objectives and programmes', async () => {
    const { goals } = await api();
    const roots = await waitFor('both frameworks in the Goals view', async () => {
      const nodes = await goals.getChildren();
      return nodes.length === 2 ? nodes : undefined;
    });
    const labels = roots.map((node) => labelOf(goals.getTreeItem(node)));
    assert.deepEqual(labels, [
      'INTERPOL Strategic Framework 2014-2016',
      'INTERPOL Strategic Framework 2017-2020',
    ]);
    const olderChildren = await goals.getChildren(roots[0]);
    const goalLabels = olderChildren
      .filter((node) => node.type === 'item' && node.item.kind === 'goal')
      .map((node) => labelOf(goals.getTreeItem(node)));
    assert.equal(goalLabels.length, 6);
    assert.equal(goalLabels[0], '1 Secure global police information system');
    const goalThree = olderChildren.find((node) => node.type === 'item' && node.item.id === '3');
    assert.ok(goalThree);
    const objectives = await goals.getChildren(goalThree);
    assert.equal(objectives.length, 5);
    assert.equal(goals.getTreeItem(objectives[3]).contextValue, 'item.objective');
    const newerChildren = await goals.getChildren(roots[1]);
    assert.equal(
      newerChildren.filter((node) => node.type === 'item' && node.item.kind === 'programme').length,
      3,
    );

    // Open the view as a person would, to show it.
    await vscode.commands.executeCommand('workbench.view.extension.strategicFrameworks');
    const { goalsView } = await api();
    await goalsView.reveal(goalThree, { expand: false, select: true, focus: true });
    await screenshot('goals-view', '.monaco-list-row');
  });

  it('shows what the item under the cursor supports and supersedes, across periods', async () => {
    const { traceability } = await api();
    const document = await vscode.workspace.openTextDocument(workspaceFile(newer));
    const editor = await vscode.window.showTextDocument(document);
    const position = positionOf(document, 'id: "1"', { delta: 5 });
    editor.selection = new vscode.Selection(position, position);
    const result = await waitFor(
      'Traceability to follow the cursor to goal 1 of 2017-2020',
      () =>
        traceability.current?.item.qualifiedId === `${newer}:1` ? traceability.current : undefined,
      { describe: () => JSON.stringify(traceability.current?.item.qualifiedId) },
    );
    const continued = result.supersedes.map((step) => step.item.qualifiedId);
    assert.ok(continued.includes(`${older}:1`), continued.join());
    const children = traceability.getChildren();
    assert.deepEqual(
      children.map((node) => (node.type === 'section' ? node.label : node.type)),
      ['item', 'Supports', 'Supported by', 'Supersedes', 'Superseded by'],
    );

    await traceability.show({ qualifiedId: `${older}:1` });
    const successors = traceability.current?.supersededBy.map((step) => step.item.qualifiedId);
    assert.deepEqual(successors, [`${newer}:1`]);
  });

  it('shows counts in the status bar while a framework file is active', async () => {
    const extension = await api();
    await vscode.window.showTextDocument(workspaceFile(older));
    await waitFor('counts from the server', () => extension.counts());
    const statusBar = extension.statusBar;
    assert.match(statusBar.text, /2 frameworks · 11 goals · 24 objectives/);
  });
});

describe('the commands', () => {
  it('are all registered', async () => {
    await api();
    const registered = new Set(await vscode.commands.getCommands(true));
    const manifest = vscode.extensions.getExtension(extensionId)?.packageJSON as {
      contributes: { commands: { command: string }[] };
    };
    for (const { command } of manifest.contributes.commands) {
      assert.ok(registered.has(command), `${command} is registered`);
    }
  });

  it('add an objective with the next free ID, ready to type its title', async () => {
    const { goals } = await api();
    const node = await goals.findItem(`${older}:3`);
    assert.ok(node);
    await vscode.commands.executeCommand('strategicFrameworks.addObjective', node);
    const editor = await waitFor('the new objective in the editor', () => {
      const active = vscode.window.activeTextEditor;
      return active?.document.getText().includes('id: "3.6"') ? active : undefined;
    });
    assert.equal(editor.document.getText(editor.selection), 'New objective');
    // The Goals view picks it up from the server.
    await waitFor('objective 3.6 in the Goals view', async () => goals.findItem(`${older}:3.6`));
    await vscode.commands.executeCommand('workbench.action.files.revert');
    // The tests after this one use the Goals view: wait until it is back to the file.
    await waitFor('objective 3.6 to leave the Goals view', async () =>
      (await goals.findItem(`${older}:3.6`)) ? undefined : true,
    );
  });

  it('go to an item, refresh the views and restart the server', async () => {
    const { goals } = await api();
    const node = (await goals.findItem(`${older}:4.2`)) as GoalsNode;
    await vscode.commands.executeCommand('strategicFrameworks.goToDefinition', node);
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor);
    assert.ok(editor.document.uri.path.endsWith(`${older}.framework.yaml`));
    assert.equal(editor.document.getText(editor.selection), '4.2');

    await vscode.commands.executeCommand('strategicFrameworks.refresh');
    await vscode.commands.executeCommand('strategicFrameworks.restartServer');
    // After a restart, the views and diagnostics come back from the new server.
    const roots = await waitFor('the Goals view after a restart', async () => {
      goals.refresh();
      const nodes = await goals.getChildren().catch(() => []);
      return nodes.length === 2 ? nodes : undefined;
    });
    assert.equal(roots.length, 2);
  });
});
