/**
 * The Strategy Map webview in a real VS Code, over the runner's copy of examples/: the
 * command opens it, the webview draws every goal of the examples (the webview's script
 * reports the `data-node` IDs it finds in its page after drawing, which the API's
 * `strategyMap.shown()` returns), a node opens its item, and an edit redraws the map.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { StrategicFrameworksApi } from '../../../client/src/extension';
import { extensionId, screenshot, waitFor } from './helpers';

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

/** The goals written in a framework file, as `FRAMEWORK:ID`, read from its text. */
async function goalsIn(name: string): Promise<string[]> {
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile(name)));
  const start = text.indexOf('\ngoals:');
  const end = text.indexOf('\nprogrammes:');
  const goals = text.slice(start, end < 0 ? text.length : end);
  return [...goals.matchAll(/^ {2}- id: "([^"]+)"/gm)].map((match) => `${name}:${match[1]}`);
}

function mapTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter(
      (tab) =>
        tab.input instanceof vscode.TabInputWebview &&
        tab.input.viewType.endsWith('strategicFrameworks.strategyMap'),
    );
}

function describeTabs(): string {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .map((tab) =>
      tab.input instanceof vscode.TabInputWebview
        ? `${tab.label} (webview ${tab.input.viewType})`
        : tab.label,
    )
    .join(', ');
}

describe('the Strategy Map', () => {
  it('opens from its command and shows every goal of the examples as a node', async () => {
    const { strategyMap } = await api();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('strategicFrameworks.openStrategyMap');
    // The editor tells the extension host about its tabs asynchronously.
    const [tab] = await waitFor(
      'the Strategy Map tab',
      () => (mapTabs().length > 0 ? mapTabs() : undefined),
      { describe: describeTabs },
    );
    assert.equal(tab.label, 'Strategy Map');
    const shown = await waitFor('the webview to draw the map', () => strategyMap.shown(), {
      describe: () => `open: ${strategyMap.isOpen}`,
    });
    const goals = [...(await goalsIn(older)), ...(await goalsIn(newer))];
    assert.ok(goals.length >= 11, goals.join());
    for (const goal of goals) {
      assert.ok(shown.drawnNodeIds.includes(goal), `${goal} is a node of the webview's map`);
    }
    // The webview drew what the server sent: every node, as no note says otherwise.
    assert.equal(shown.result.note, undefined);
    assert.deepEqual(
      [...shown.drawnNodeIds].sort(),
      shown.result.map.nodes.map((node) => node.id).sort(),
    );
    // The 2017-2020 goals are linked to the 2014-2016 items they continue.
    assert.ok(
      shown.result.map.edges.some(
        (edge) =>
          edge.kind === 'supersedes' && edge.from === `${newer}:1` && edge.to === `${older}:1`,
      ),
    );
    await screenshot('strategy-map', 'iframe.webview');
    // Running the command again brings the same panel forward rather than a second one.
    await vscode.commands.executeCommand('strategicFrameworks.openStrategyMap');
    assert.equal(mapTabs().length, 1, describeTabs());
  });

  it('opens the item a node stands for beside the map', async () => {
    const { strategyMap } = await api();
    assert.ok(await strategyMap.openNode(`${older}:3.4`));
    const editor = await waitFor('the 2014-2016 file in an editor', () => {
      const active = vscode.window.activeTextEditor;
      return active?.document.uri.path.endsWith(`${older}.framework.yaml`) ? active : undefined;
    });
    assert.equal(editor.document.getText(editor.selection), '3.4');
    assert.notEqual(editor.viewColumn, vscode.ViewColumn.One, 'the map keeps its column');
    assert.equal(mapTabs().length, 1, describeTabs());
    assert.equal(await strategyMap.openNode('?nowhere:1'), false, 'a missing node opens nothing');
  });

  it('redraws when a file changes', async () => {
    const { strategyMap } = await api();
    const document = await vscode.workspace.openTextDocument(workspaceFile(newer));
    const insertAt = document.positionAt(document.getText().indexOf('\nprogrammes:') + 1);
    const added = '  - id: "6"\n    title: A goal added while the map is open\n\n';
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, insertAt, added);
    assert.ok(await vscode.workspace.applyEdit(edit));
    try {
      // The map must be visible to redraw; bring it forward as a person would.
      await vscode.commands.executeCommand('strategicFrameworks.openStrategyMap');
      await waitFor(
        'goal 6 on the map',
        () => (strategyMap.shown()?.drawnNodeIds.includes(`${newer}:6`) ? true : undefined),
        { describe: () => String(strategyMap.shown()?.drawnNodeIds.length) },
      );
    } finally {
      // The tests after this one count the goals: the file must be as it was, whatever
      // happened above. The inverse edit rather than Undo, which acts on what has focus.
      const end = document.positionAt(document.offsetAt(insertAt) + added.length);
      const undo = new vscode.WorkspaceEdit();
      undo.delete(document.uri, new vscode.Range(insertAt, end));
      assert.ok(await vscode.workspace.applyEdit(undo));
      assert.ok(await document.save());
    }
    await waitFor('goal 6 to leave the map', () =>
      strategyMap.shown()?.drawnNodeIds.includes(`${newer}:6`) === false ? true : undefined,
    );
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
