/**
 * The HTML report of the examples, opened in headless Chromium (Debian's, driven by
 * playwright-core, as the in-editor tests are): every goal of the examples is a node a
 * person sees, the map viewer runs under the report's Content-Security-Policy, and the
 * page asks for nothing but itself. The report and a screenshot of it are kept in
 * out/screenshots/report/ to look at.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { examplesFolder, repositoryRoot, runCli } from '../cli/helpers';
import { exampleGoals } from '../map/helpers';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const outputFolder = path.join(repositoryRoot, 'out', 'screenshots', 'report');
const reportFile = path.join(outputFolder, 'strategy-report.html');

describe('the HTML report in a browser', function () {
  this.timeout(120_000);
  let browser: Browser | undefined;
  let page: Page;
  /** Every request the page made, and every console message and page error. */
  const requests: string[] = [];
  const messages: string[] = [];

  before(async () => {
    assert.ok(
      fs.existsSync(chromiumPath),
      `${chromiumPath} is missing: install Debian's chromium (see .ci/run) or set CHROMIUM_PATH.`,
    );
    fs.mkdirSync(outputFolder, { recursive: true });
    const run = await runCli(['--report', 'html', '--out', reportFile], examplesFolder);
    assert.equal(run.code, 0, run.stderr);
    browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('request', (request) => requests.push(request.url()));
    page.on('console', (message) => messages.push(`${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => messages.push(`page error: ${error.message}`));
    await page.goto(pathToFileURL(reportFile).href, { waitUntil: 'load' });
  });

  after(async () => {
    await browser?.close();
  });

  it('shows every goal of the examples as a node of the map', async () => {
    const goals = exampleGoals();
    assert.ok(goals.length >= 11);
    for (const goal of goals) {
      const box = await page.locator(`#map-container [data-node="${goal}"]`).boundingBox();
      assert.ok(box, `${goal} is a node of the map`);
      assert.ok(box.width > 0 && box.height > 0, `${goal} is drawn`);
    }
    await page.screenshot({ path: path.join(outputFolder, 'strategy-report.png') });
    await page.locator('#map').screenshot({ path: path.join(outputFolder, 'strategy-map.png') });
  });

  it('runs its map viewer under its Content-Security-Policy, without errors', async () => {
    // The viewer marks the map interactive when it takes it over.
    assert.ok(await page.locator('#map-container.interactive').isVisible());
    const transform = (): Promise<string | null> =>
      page.locator('#map-container .map-viewport').getAttribute('transform');
    const fitted = await transform();
    assert.match(fitted ?? '', /^translate\([\d.-]+ [\d.-]+\) scale\([\d.]+\)$/);
    await page.click('[data-map-action="zoom-in"]');
    assert.notEqual(await transform(), fitted, 'zooming in changes the view');
    await page.click('[data-map-action="fit"]');
    assert.equal(await transform(), fitted, 'fitting again restores the view');
    assert.deepEqual(messages, []);
  });

  it('jumps to the item when a node is clicked', async () => {
    const target = 'interpol-2017-2020:1';
    const section = page.locator(`[id="item:${target}"]`);
    const top = async (): Promise<number> => (await section.boundingBox())?.y ?? -1;
    await page.locator('header').scrollIntoViewIfNeeded();
    assert.ok((await top()) > 1000, 'the section starts out of view');
    await page.locator(`#map-container [data-node="${target}"] .node-box`).click();
    // The page scrolls smoothly: wait until the section's top has come into view.
    const deadline = Date.now() + 10_000;
    while ((await top()) < 0 || (await top()) > 500) {
      assert.ok(Date.now() < deadline, `the section of ${target} did not come into view`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });

  it('asks for nothing but the report itself', () => {
    assert.deepEqual(requests, [pathToFileURL(reportFile).href]);
  });
});
