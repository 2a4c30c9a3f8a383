// The strategy map viewer: zoom (wheel, buttons, + and - keys), pan (drag, arrow keys),
// fit (button, 0 key) and opening a node (click, or Enter on a focused node).
//
// One script serves two pages. In the extension's Strategy Map webview
// (client/src/strategyMapPanel.ts) it receives the map as SVG text from the extension,
// draws it, reports which nodes it drew, and asks the extension to open the item a node
// stands for. In the HTML report of `framework-check --report html` it is inlined as it
// is, finds the map already in the page, and a node's click jumps to the item's section.
//
// Plain JavaScript, no framework, nothing loaded from anywhere: the webview's
// Content-Security-Policy allows this file and nothing else, and the report must work
// offline. Styles are classes (the policy forbids inline styles); the SVG's own look is
// presentation attributes set by server/src/map/svg.ts.
(function () {
  'use strict';

  /* global acquireVsCodeApi */
  const vscode = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : undefined;
  const container = document.getElementById('map-container');
  const note = document.getElementById('map-note');
  if (!container) return;

  const minScale = 0.05;
  const maxScale = 4;
  /** The map drawn now, its size in map units, and the transform shown. */
  let svg;
  let viewport;
  let mapWidth = 1;
  let mapHeight = 1;
  let scale = 1;
  let offsetX = 0;
  let offsetY = 0;
  /** Whether the reader zoomed or panned; until then, a resized page fits the map again. */
  let moved = false;

  function apply(byReader = true) {
    moved = moved || byReader;
    if (viewport) {
      viewport.setAttribute('transform', `translate(${offsetX} ${offsetY}) scale(${scale})`);
    }
  }

  /** Shows the whole map, centred, never enlarged beyond its natural size. */
  function fit() {
    const width = container.clientWidth || 1;
    const height = container.clientHeight || 1;
    scale = Math.max(minScale, Math.min(1, width / mapWidth, height / mapHeight));
    offsetX = (width - mapWidth * scale) / 2;
    offsetY = Math.max(0, (height - mapHeight * scale) / 2);
    moved = false;
    apply(false);
  }

  /** Zooms by `factor` keeping the point (x, y) of the container where it is. */
  function zoomAt(factor, x, y) {
    const next = Math.max(minScale, Math.min(maxScale, scale * factor));
    offsetX = x - (x - offsetX) * (next / scale);
    offsetY = y - (y - offsetY) * (next / scale);
    scale = next;
    apply();
  }

  function zoomAtCentre(factor) {
    zoomAt(factor, container.clientWidth / 2, container.clientHeight / 2);
  }

  /**
   * Takes over an <svg> the renderer drew: the viewer sizes it to the container and
   * moves its content with a transform, so the size and viewBox it came with (which let
   * the report show it whole without this script) are set aside.
   */
  function attach(element) {
    svg = element;
    viewport = svg.querySelector('.map-viewport');
    const box = svg.viewBox && svg.viewBox.baseVal;
    mapWidth = box && box.width > 0 ? box.width : Number(svg.getAttribute('width')) || 1;
    mapHeight = box && box.height > 0 ? box.height : Number(svg.getAttribute('height')) || 1;
    svg.removeAttribute('viewBox');
    svg.setAttribute('width', '100%');
    svg.setAttribute('height', '100%');
    container.classList.add('interactive');
    fit();
  }

  function nodeIds() {
    return Array.from(container.querySelectorAll('[data-node]'), (node) =>
      node.getAttribute('data-node'),
    );
  }

  function open(id) {
    if (vscode) {
      vscode.postMessage({ type: 'open', node: id });
      return;
    }
    // In the report, the item's section carries the node's ID.
    const section = document.getElementById(`item:${id}`);
    if (section) section.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }

  function render(message) {
    if (note) {
      note.textContent = message.note || '';
      note.hidden = !message.note;
    }
    const parsed = new DOMParser().parseFromString(message.svg, 'image/svg+xml');
    const element = parsed.documentElement;
    if (!element || element.nodeName !== 'svg' || parsed.querySelector('parsererror')) {
      container.textContent = 'The map could not be drawn.';
      if (vscode) vscode.postMessage({ type: 'rendered', nodes: [], error: 'unparsable SVG' });
      return;
    }
    // A map redrawn after an edit keeps the reader's zoom and pan; an untouched view fits.
    const previous = svg ? { scale, offsetX, offsetY, moved } : undefined;
    container.replaceChildren(document.importNode(element, true));
    attach(container.firstElementChild);
    if (previous && previous.moved) {
      ({ scale, offsetX, offsetY } = previous);
      apply();
    }
    if (vscode) vscode.postMessage({ type: 'rendered', nodes: nodeIds() });
  }

  // Dragging pans; a press and release without moving opens the node under it.
  let drag;
  container.addEventListener('pointerdown', (event) => {
    if (event.button !== 0 || !svg) return;
    drag = { x: event.clientX, y: event.clientY, startX: offsetX, startY: offsetY, moved: false };
    container.setPointerCapture(event.pointerId);
  });
  container.addEventListener('pointermove', (event) => {
    if (!drag) return;
    const dx = event.clientX - drag.x;
    const dy = event.clientY - drag.y;
    if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
    drag.moved = true;
    container.classList.add('dragging');
    offsetX = drag.startX + dx;
    offsetY = drag.startY + dy;
    apply();
  });
  container.addEventListener('pointerup', (event) => {
    const wasClick = drag && !drag.moved;
    drag = undefined;
    container.classList.remove('dragging');
    if (!wasClick) return;
    // Pointer capture makes the container the event's target, so find what is under it.
    const under = document.elementFromPoint(event.clientX, event.clientY);
    const node = under && under.closest('[data-node]');
    if (node) open(node.getAttribute('data-node'));
  });
  container.addEventListener('pointercancel', () => {
    drag = undefined;
    container.classList.remove('dragging');
  });
  container.addEventListener(
    'wheel',
    (event) => {
      if (!svg) return;
      event.preventDefault();
      const bounds = container.getBoundingClientRect();
      zoomAt(
        Math.exp(-event.deltaY * 0.0015),
        event.clientX - bounds.left,
        event.clientY - bounds.top,
      );
    },
    { passive: false },
  );
  container.addEventListener('keydown', (event) => {
    const step = 60;
    const node = event.target instanceof Element ? event.target.closest('[data-node]') : null;
    if ((event.key === 'Enter' || event.key === ' ') && node) open(node.getAttribute('data-node'));
    else if (event.key === '+' || event.key === '=') zoomAtCentre(1.25);
    else if (event.key === '-') zoomAtCentre(0.8);
    else if (event.key === '0') fit();
    else if (event.key === 'ArrowLeft') offsetX += step;
    else if (event.key === 'ArrowRight') offsetX -= step;
    else if (event.key === 'ArrowUp') offsetY += step;
    else if (event.key === 'ArrowDown') offsetY -= step;
    else return;
    event.preventDefault();
    apply();
  });
  for (const button of document.querySelectorAll('[data-map-action]')) {
    button.addEventListener('click', () => {
      const action = button.getAttribute('data-map-action');
      if (action === 'zoom-in') zoomAtCentre(1.25);
      else if (action === 'zoom-out') zoomAtCentre(0.8);
      else if (action === 'fit') fit();
      else if (action === 'actual-size') zoomAtCentre(1 / scale);
    });
  }
  window.addEventListener('resize', () => {
    if (svg && !moved) fit();
  });

  if (vscode) {
    window.addEventListener('message', (event) => {
      const message = event.data;
      if (message && message.type === 'render' && typeof message.svg === 'string') render(message);
    });
    vscode.postMessage({ type: 'ready' });
  } else {
    const existing = container.querySelector('svg.strategy-map');
    if (existing) attach(existing);
  }
})();
