/**
 * The Strategy Map: a webview panel that shows the graph of every framework, goal,
 * objective, indicator and programme with their links. The server lays the map out and
 * draws it as SVG (`framework/strategyMap`, with the renderer the HTML report uses);
 * this panel puts that SVG into the webview, opens the item a node stands for when it
 * is clicked, and redraws when the index changes. It never reads YAML.
 *
 * The webview runs one script, `media/strategyMap.js` (zoom, pan, clicks), under a
 * Content-Security-Policy that allows nothing else: no inline script or style, nothing
 * from the network, only the extension's `media` folder.
 */
import { randomBytes } from 'node:crypto';
import { Disposable, Range, Selection, Uri, ViewColumn, window } from 'vscode';
import type { WebviewPanel } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { StrategyMapRequest } from '../../server/src/protocol';
import type { MapNode, StrategyMapResult } from '../../server/src/protocol';
import { escapeXml, renderLegendSvg } from '../../server/src/map/svg';

/** What the map shows now, for tests: the server's answer and the nodes the webview drew. */
export interface ShownStrategyMap {
  readonly result: StrategyMapResult;
  /** The `data-node` IDs found in the webview's page after it drew the map. */
  readonly drawnNodeIds: readonly string[];
}

/** Messages the webview's script posts (media/strategyMap.js). */
type WebviewMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'rendered'; readonly nodes: readonly string[]; readonly error?: string }
  | { readonly type: 'open'; readonly node: string };

const viewType = 'strategicFrameworks.strategyMap';

/** How long the map waits after a change before it asks for a new one, so typing stays cheap. */
const redrawDelayMs = 400;

export class StrategyMapPanel implements Disposable {
  private panel: WebviewPanel | undefined;
  private readonly panelSubscriptions: Disposable[] = [];
  /** The last answer the server gave, sent to the webview whenever it (re)loads. */
  private result: StrategyMapResult | undefined;
  private shownMap: ShownStrategyMap | undefined;
  private webviewReady = false;
  /** Set when the index changed while the panel was hidden: redraw when it shows again. */
  private stale = false;
  private timer: NodeJS.Timeout | undefined;
  /** Increases with every request, so that an older answer never replaces a newer one. */
  private generation = 0;

  constructor(
    private readonly client: LanguageClient,
    private readonly extensionUri: Uri,
  ) {}

  /** Opens the panel (or brings it to the front) and draws the map. */
  async open(): Promise<void> {
    if (this.panel) {
      this.panel.reveal();
    } else {
      this.createPanel();
    }
    await this.redraw();
  }

  /** The index changed: redraw soon if the map is visible, or when it is shown next. */
  indexChanged(): void {
    if (!this.panel) return;
    if (!this.panel.visible) {
      this.stale = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.redraw().catch((error: unknown) => this.logFailure(error));
    }, redrawDelayMs);
  }

  /** What the map shows now; undefined until the webview has drawn a map. */
  shown(): ShownStrategyMap | undefined {
    return this.shownMap;
  }

  /** Whether the panel is open. */
  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  /** Opens the item a node stands for in an editor beside the map, its ID selected. */
  async openNode(id: string): Promise<boolean> {
    const node: MapNode | undefined = this.result?.map.nodes.find(
      (candidate) => candidate.id === id,
    );
    const location = node?.location;
    if (!location) return false;
    const { start, end } = location.range;
    const range = new Range(start.line, start.character, end.line, end.character);
    const editor = await window.showTextDocument(Uri.parse(location.uri), {
      viewColumn: ViewColumn.Beside,
      selection: range,
    });
    editor.selection = new Selection(range.start, range.end);
    editor.revealRange(range);
    return true;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.panel?.dispose();
  }

  private createPanel(): void {
    const media = Uri.joinPath(this.extensionUri, 'media');
    const panel = window.createWebviewPanel(viewType, 'Strategy Map', ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [media],
    });
    this.panel = panel;
    this.webviewReady = false;
    panel.iconPath = Uri.joinPath(media, 'activity-bar.svg');
    panel.webview.html = this.html(panel);
    this.panelSubscriptions.push(
      panel.webview.onDidReceiveMessage((message: WebviewMessage) => this.receive(message)),
      panel.onDidChangeViewState(() => {
        if (panel.visible && this.stale) {
          this.stale = false;
          void this.redraw().catch((error: unknown) => this.logFailure(error));
        }
      }),
      panel.onDidDispose(() => {
        this.panel = undefined;
        this.shownMap = undefined;
        if (this.timer) clearTimeout(this.timer);
        this.timer = undefined;
        Disposable.from(...this.panelSubscriptions.splice(0)).dispose();
      }),
    );
  }

  private async redraw(): Promise<void> {
    const generation = ++this.generation;
    const result = await this.client.sendRequest(StrategyMapRequest, {});
    if (generation !== this.generation || !this.panel) return;
    this.result = result;
    this.post();
  }

  /** Sends the last answer to the webview once its script is listening. */
  private post(): void {
    if (!this.panel || !this.webviewReady || !this.result) return;
    void this.panel.webview.postMessage({
      type: 'render',
      svg: this.result.svg,
      note: this.result.note,
    });
  }

  private receive(message: WebviewMessage): void {
    switch (message.type) {
      case 'ready':
        // The webview (re)loaded its page: when first opened, or shown again after it
        // was hidden, which discards its content.
        this.webviewReady = true;
        this.post();
        break;
      case 'rendered':
        if (this.result) this.shownMap = { result: this.result, drawnNodeIds: message.nodes };
        if (message.error) this.logFailure(new Error(message.error));
        break;
      case 'open':
        void this.openNode(message.node).catch((error: unknown) => this.logFailure(error));
        break;
    }
  }

  private html(panel: WebviewPanel): string {
    const webview = panel.webview;
    const media = Uri.joinPath(this.extensionUri, 'media');
    const script = webview.asWebviewUri(Uri.joinPath(media, 'strategyMap.js'));
    const style = webview.asWebviewUri(Uri.joinPath(media, 'strategyMap.css'));
    const nonce = makeNonce();
    const policy = [
      "default-src 'none'",
      `style-src ${webview.cspSource}`,
      `img-src ${webview.cspSource}`,
      `script-src 'nonce-${nonce}'`,
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeXml(policy)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeXml(style.toString())}">
<title>Strategy Map</title>
</head>
<body>
<div class="toolbar" role="toolbar" aria-label="Map">
<button type="button" data-map-action="zoom-in" title="Zoom in (+)" aria-label="Zoom in">+</button>
<button type="button" data-map-action="zoom-out" title="Zoom out (-)" aria-label="Zoom out">&#8722;</button>
<button type="button" data-map-action="fit" title="Fit the map to the window (0)">Fit</button>
<button type="button" data-map-action="actual-size" title="Actual size">100%</button>
<span id="map-note" class="note" hidden></span>
</div>
<div class="map-area">
<div id="map-container" tabindex="0" aria-label="Strategy map: drag to pan, scroll to zoom, click a node to open it"><p class="empty">Loading the map…</p></div>
<details class="legend" open><summary>Legend</summary>${renderLegendSvg()}</details>
</div>
<script nonce="${nonce}" src="${escapeXml(script.toString())}"></script>
</body>
</html>`;
  }

  private logFailure(error: unknown): void {
    this.client.warn('The Strategy Map failed.', error, false);
  }
}

/** A random nonce for the Content-Security-Policy, new for every page. */
function makeNonce(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(randomBytes(32), (byte) => alphabet[byte % alphabet.length]).join('');
}
