/**
 * The Strategic Frameworks extension. It starts the language server and shows what
 * the server tells it; it never reads YAML itself.
 */
import * as path from 'node:path';
import { commands, Position, Range, Selection, Uri, window, workspace } from 'vscode';
import type { ExtensionContext } from 'vscode';
import type * as lsp from 'vscode-languageclient';
import { LanguageClient, TransportKind } from 'vscode-languageclient/node';
import type { LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';

const settingsSection = 'strategicFrameworks';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: {
      module: serverModule,
      transport: TransportKind.ipc,
      options: { execArgv: ['--nolazy', '--inspect=6009'] },
    },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'framework-yaml' }],
    synchronize: { configurationSection: settingsSection },
    initializationOptions: {
      [settingsSection]: workspace.getConfiguration(settingsSection),
    },
  };
  client = new LanguageClient(
    'strategicFrameworks',
    'Strategic Frameworks',
    serverOptions,
    clientOptions,
  );
  context.subscriptions.push(client);
  context.subscriptions.push(
    // The server's code lenses name these commands; their arguments are LSP types.
    commands.registerCommand(
      'strategicFrameworks.showReferences',
      (uri: string, position: lsp.Position, locations: lsp.Location[]) =>
        commands.executeCommand(
          'editor.action.showReferences',
          Uri.parse(uri),
          new Position(position.line, position.character),
          locations.map((location) => client?.protocol2CodeConverter.asLocation(location)),
        ),
    ),
    commands.registerCommand(
      'strategicFrameworks.revealItem',
      async (uri: string, range: lsp.Range) => {
        const editor = await window.showTextDocument(Uri.parse(uri));
        const start = new Position(range.start.line, range.start.character);
        const end = new Position(range.end.line, range.end.character);
        editor.selection = new Selection(start, end);
        editor.revealRange(new Range(start, end));
      },
    ),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
