// Runs the in-editor suite (test/editor/suite, compiled to out/test/editor/suite) inside a
// real VS Code 1.100 workbench: code-server serves it, headless Debian Chromium shows it
// (driven by playwright-core), and the extension host loads this repository as an
// extension in development mode and calls the suite's `run()`.
//
// It builds nothing: `npm run build` (dist/) and `tsc -p .` (out/) come first, as in
// `npm test`. The exit code is the one the workbench reports for `run()` (0 passed, 1
// failed), or 1 when the run times out (EDITOR_TESTS_TIMEOUT_MS, 5 minutes), cannot
// start, or the extension host dies: the web workbench reports 0 then, so a 0 counts only
// with the result line `run()` logs last (EDITOR-TESTS-RESULT, test/editor/suite/index.ts).
//
// Screenshots: the suite cannot see the page, so it asks for one by logging a line
// `SCREENSHOT {"id":..,"name":..,"selector":..}`, which reaches this script through the
// workbench's `codeAutomationLog`. This script then waits for the selector (when given),
// writes out/screenshots/<name>.png by renaming a finished file into place, and the
// suite, which polls for that file, carries on. See test/editor/suite/helpers.ts.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { chromium } from 'playwright-core';
import { ensureCodeServer, startCodeServer, workbenchUrl } from './codeServer.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const suiteIndex = path.join(repoRoot, 'out', 'test', 'editor', 'suite', 'index.js');
/**
 * `--vsix FILE` runs the same suite against the packaged extension, installed into
 * code-server as a user installs it, instead of this repository in development mode.
 */
const vsixFlag = process.argv.indexOf('--vsix');
const vsix = vsixFlag >= 0 ? path.resolve(process.argv[vsixFlag + 1] ?? '') : undefined;
const screenshotDir = path.join(repoRoot, 'out', vsix ? 'screenshots-vsix' : 'screenshots');
const logDir = path.join(repoRoot, 'out', 'editor-tests');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The whole run, from starting code-server to the suite's end. */
const overallTimeoutMs = Number(process.env.EDITOR_TESTS_TIMEOUT_MS ?? 5 * 60_000);
/** How long a screenshot waits for the selector the suite named. */
const selectorTimeoutMs = 10_000;

const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  // This machine's network is closed; without these Chromium keeps retrying
  // connections to Google's services, which only slows it down.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

function say(message) {
  console.log(`[editor-tests] ${message}`);
}

function seconds(since) {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

function checkPrerequisites() {
  const missing = [
    path.join(repoRoot, 'dist', 'extension.js'),
    path.join(repoRoot, 'dist', 'server.js'),
    suiteIndex,
  ].filter((file) => !fs.existsSync(file));
  if (missing.length > 0) {
    throw new Error(
      `Missing ${missing.map((file) => path.relative(repoRoot, file)).join(', ')}: ` +
        'run `npm run build && npm run compile` first.',
    );
  }
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(`${chromiumPath} is missing: install Debian's chromium (see .ci/run).`);
  }
}

/**
 * Takes the screenshot a suite line asked for. Failures are written where the suite
 * looks for the image, so the suite fails at once with the reason instead of timing out.
 */
async function takeScreenshot(page, request) {
  const { name, selector } = request;
  const image = path.join(screenshotDir, `${name}.png`);
  const partial = path.join(screenshotDir, `.${name}.png.partial`);
  try {
    if (!/^[\w.-]+$/.test(name)) throw new Error(`'${name}' is not a file name.`);
    if (selector) {
      await page
        .locator(selector)
        .first()
        .waitFor({ state: 'visible', timeout: selectorTimeoutMs });
    }
    // Two animation frames: whatever the last change was has been painted. The timer is a
    // bound, in case the page is not painting at all. Disabling animations for the shot
    // finishes fades (a hover fades in), so nothing is caught half-transparent.
    await page.evaluate(
      () =>
        new Promise((resolve) => {
          requestAnimationFrame(() => requestAnimationFrame(resolve));
          setTimeout(resolve, 1000);
        }),
    );
    fs.writeFileSync(partial, await page.screenshot({ timeout: 15_000, animations: 'disabled' }));
    fs.renameSync(partial, image);
    say(`screenshot ${path.relative(repoRoot, image)}`);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    fs.writeFileSync(path.join(screenshotDir, `${name}.failed.txt`), reason);
    say(`screenshot ${name} failed: ${reason}`);
  }
}

/**
 * Calls `report` when code-server logs that the extension host exited and the workbench
 * has not reported a result soon after. The workbench reports the suite's end before the
 * extension host exits, so this only fires when the extension host crashed or was killed
 * (an extension that takes the process down, say), and the run fails at once instead of
 * waiting for the overall timeout.
 */
function watchForExtensionHostExit(logFile, report) {
  const graceMs = 10_000;
  let seenAt;
  return setInterval(() => {
    if (seenAt === undefined) {
      const log = fs.readFileSync(logFile, 'utf8');
      const exit = /Extension Host Process exited with code: (\S+), signal: (\S+)\./.exec(log);
      if (exit) seenAt = { time: Date.now(), code: exit[1], signal: exit[2] };
    } else if (Date.now() - seenAt.time > graceMs) {
      report(
        `the extension host exited (code ${seenAt.code}, signal ${seenAt.signal}) ` +
          'without the workbench reporting a result',
      );
    }
  }, 500);
}

/** Runs one clean-up step, reporting rather than throwing what goes wrong. */
async function step(description, action) {
  try {
    await action();
  } catch (error) {
    say(`${description} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The screenshot request in a log message, if it holds one. */
function screenshotRequest(message) {
  const match = /SCREENSHOT (\{.*\})/.exec(message);
  if (!match) return undefined;
  try {
    const request = JSON.parse(match[1]);
    return typeof request.name === 'string' ? request : undefined;
  } catch {
    return undefined;
  }
}

/** An extension that contributes nothing, to host the suite when testing a package. */
function standInExtension(parent) {
  const folder = path.join(parent, 'suite-host');
  fs.mkdirSync(folder, { recursive: true });
  const manifest = {
    name: 'suite-host',
    publisher: 'strategic-frameworks-tests',
    version: '0.0.0',
    engines: { vscode: '*' },
  };
  fs.writeFileSync(path.join(folder, 'package.json'), `${JSON.stringify(manifest)}\n`);
  return folder;
}

async function main() {
  const started = Date.now();
  checkPrerequisites();
  const installDir = await ensureCodeServer();

  // This run's screenshots replace the last run's. The folder `report/` is not this run's:
  // the unit tests write the HTML report and its screenshots there (test/report/), before
  // this script runs in `npm test`.
  fs.mkdirSync(screenshotDir, { recursive: true });
  for (const entry of fs.readdirSync(screenshotDir)) {
    if (entry !== 'report')
      fs.rmSync(path.join(screenshotDir, entry), { recursive: true, force: true });
  }
  fs.mkdirSync(logDir, { recursive: true });
  // The suite edits and saves files, so it gets a copy of the examples, never the originals.
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sf-editor-tests-'));
  const workspaceFolder = path.join(tempDir, 'examples');
  fs.cpSync(path.join(repoRoot, 'examples'), workspaceFolder, { recursive: true });

  const serverLogFile = path.join(logDir, 'code-server.log');
  const serverLog = fs.openSync(serverLogFile, 'w');
  let server;
  let browser;
  let cleanedUp;
  // Runs once, whether the run ends or a signal interrupts it.
  const cleanup = () => (cleanedUp ??= stopAll());
  const stopAll = async () => {
    // Each step is guarded so that one failing never leaves the others' processes behind.
    // Playwright kills the Chromium it launched when this process exits, should close()
    // hang, so a bounded wait is enough here.
    await step('closing Chromium', () =>
      Promise.race([browser?.close(), new Promise((resolve) => setTimeout(resolve, 10_000))]),
    );
    await step('stopping code-server', () => server?.stop());
    await step('removing the temporary workspace', () => {
      fs.closeSync(serverLog);
      fs.rmSync(tempDir, { recursive: true, force: true });
    });
  };
  const interrupted = (signal) => {
    say(`${signal}: stopping code-server and Chromium`);
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);

  let exitCode = 1;
  try {
    let phase = Date.now();
    if (vsix && !fs.existsSync(vsix)) throw new Error(`No such package: ${vsix}`);
    server = await startCodeServer({
      installDir,
      folder: workspaceFolder,
      output: serverLog,
      installExtensions: vsix ? [vsix] : [],
      // The extension host inherits this, which tells the suite a runner takes screenshots.
      env: { STRATEGIC_FRAMEWORKS_SCREENSHOTS: screenshotDir },
    });
    say(`code-server ready on ${server.url} (${seconds(phase)})`);
    if (vsix) say(`testing the installed package ${path.relative(repoRoot, vsix)}`);

    phase = Date.now();
    browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: chromiumArgs,
      // This script stops Chromium itself, after code-server, on a signal.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });

    let reportExit;
    const exitReported = new Promise((resolve) => (reportExit = resolve));
    const handled = new Set();
    // What the suite's run() reported last (test/editor/suite/index.ts), if anything.
    let suiteResult;
    const screenshots = [];
    // The workbench's log messages, the extension host's console among them, arrive as
    // the arguments of a console call: a format string and its values.
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = Array.isArray(args) ? format(...args) : String(args);
      // The extension gallery is unreachable here, and nothing needs it.
      if (text.includes('ENOTFOUND open-vsx.org')) return;
      const result = /^EDITOR-TESTS-RESULT (\{.*\})$/m.exec(text);
      if (result) {
        suiteResult = { ...JSON.parse(result[1]), raw: result[1] };
        say(`suite result: ${result[1]}`);
        return;
      }
      const request = screenshotRequest(text);
      if (request) {
        // A log line can arrive twice (through more than one logger): one shot per request.
        const key = `${request.id ?? ''}:${request.name}`;
        if (!handled.has(key)) {
          handled.add(key);
          screenshots.push(takeScreenshot(page, request));
        }
        return;
      }
      (type === 'error' ? console.error : console.log)(text);
    });
    await page.exposeFunction('codeAutomationExit', (code) => reportExit(code));
    page.on('pageerror', (error) => say(`workbench page error: ${error.message}`));
    page.on('crash', () => reportExit('the page crashed'));

    const url = workbenchUrl({
      port: server.port,
      folder: workspaceFolder,
      // The workbench runs a suite only for an extension in development; with a package
      // installed, an empty stand-in takes that part and the installed one is tested.
      extensionDevelopmentPath: vsix ? standInExtension(tempDir) : repoRoot,
      extensionTestsPath: suiteIndex,
    });
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    say(`workbench loading in Chromium (${seconds(phase)}); the suite's output follows`);

    phase = Date.now();
    const remainingMs = overallTimeoutMs - (Date.now() - started);
    let timer;
    let watcher;
    const result = await Promise.race([
      exitReported,
      server.exited.then(({ code, signal }) => `code-server exited (${code ?? signal})`),
      new Promise((resolve) => {
        timer = setTimeout(
          () => resolve(`no result within ${overallTimeoutMs / 1000} s`),
          remainingMs,
        );
      }),
      new Promise((resolve) => {
        watcher = watchForExtensionHostExit(serverLogFile, resolve);
      }),
    ]);
    clearTimeout(timer);
    clearInterval(watcher);
    await Promise.all(screenshots);
    if (typeof result === 'number') {
      say(`the workbench reported exit code ${result} after ${seconds(phase)}`);
      exitCode = result;
      if (result === 0) {
        // The suite's last line normally arrives before the exit code; should the two
        // cross, it gets a moment to arrive.
        const deadline = Date.now() + 5000;
        while (!suiteResult && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        if (!suiteResult) {
          exitCode = 1;
          say(
            'FAILED: the workbench reported 0, but the suite never reported its end ' +
              '(the extension host probably died: the web workbench then reports 0).',
          );
        } else if (suiteResult.failures > 0 || suiteResult.passes === 0) {
          exitCode = 1;
          say(`FAILED: the workbench reported 0, but the suite reported ${suiteResult.raw}.`);
        }
      }
    } else {
      say(`FAILED: ${result}. The workbench never reported the suite's end.`);
      await page
        .screenshot({ path: path.join(screenshotDir, 'timeout.png') })
        .then(() => say(`its last state: ${path.relative(repoRoot, screenshotDir)}/timeout.png`))
        .catch(() => undefined);
    }
  } catch (error) {
    say(`FAILED: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await cleanup();
  }
  if (exitCode !== 0) {
    const tail = fs.readFileSync(serverLogFile, 'utf8').trim().split('\n').slice(-30);
    say(`code-server's log (${path.relative(repoRoot, serverLogFile)}), last lines:`);
    for (const line of tail) console.log(`  ${line}`);
  }
  say(`${exitCode === 0 ? 'passed' : 'failed'} in ${seconds(started)}`);
  return exitCode;
}

process.exitCode = await main().catch((error) => {
  say(`FAILED: ${error instanceof Error ? error.message : String(error)}`);
  return 1;
});
