/**
 * Helpers for the suite that runs inside VS Code's extension host, where the language
 * server answers asynchronously: every wait here polls a condition against a deadline
 * instead of sleeping a fixed time, so the suite is as fast as the machine allows and
 * fails with a message that says what it was waiting for.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

/** The extension's ID, `publisher.name` from package.json. */
export const extensionId = 'strategic-frameworks.strategic-frameworks';

/** How often a wait re-checks its condition. */
const pollIntervalMs = 50;

/**
 * Polls `probe` until it returns something other than undefined and returns that, or
 * fails after `timeoutMs` naming `what` and the last value `describe` gives.
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  { timeoutMs = 20_000, describe }: { timeoutMs?: number; describe?: () => string } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      const detail = describe ? ` Last seen: ${describe()}` : '';
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.${detail}`);
    }
    await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
  }
}

/** The code of a diagnostic as text, whether the server sent it alone or with a link. */
export function codeOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}

/** A readable list of a document's diagnostics, for failure messages. */
export function describeDiagnostics(uri: vscode.Uri): string {
  const diagnostics = vscode.languages.getDiagnostics(uri);
  if (diagnostics.length === 0) return 'no diagnostics';
  return diagnostics
    .map(
      (d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${codeOf(d)} ${d.message}`,
    )
    .join('; ');
}

/** The position of the `occurrence`-th (from 0) appearance of `text` in `document`, plus `delta`. */
export function positionOf(
  document: vscode.TextDocument,
  text: string,
  { delta = 0, occurrence = 0 }: { delta?: number; occurrence?: number } = {},
): vscode.Position {
  let offset = -1;
  for (let seen = 0; seen <= occurrence; seen++) {
    offset = document.getText().indexOf(text, offset + 1);
    assertFound(offset, text, document);
  }
  return document.positionAt(offset + delta);
}

function assertFound(offset: number, text: string, document: vscode.TextDocument): void {
  if (offset < 0) throw new Error(`'${text}' is not in ${document.uri.toString()}.`);
}

/** Screenshot requests so far, which make each request's ID unique. */
let requests = 0;

/**
 * Asks the test runner (scripts/vscode/runEditorTests.mjs) for a screenshot of the
 * workbench and waits until it is written.
 *
 * The suite runs in the extension host, which cannot see the browser page, but its
 * console output reaches the runner through the workbench's `codeAutomationLog`. So the
 * request is a console line, `SCREENSHOT {"id":..,"name":..,"selector":..}` (the runner
 * waits for the CSS selector to be visible, when given, before it shoots), and the
 * acknowledgement is the file itself: the runner writes `<name>.png` (or, when the
 * screenshot fails, `<name>.failed.txt` with the reason) into the folder it names in
 * `STRATEGIC_FRAMEWORKS_SCREENSHOTS`, renaming it into place so that it never appears
 * half-written. When that variable is unset, nothing listens (the suite is running
 * under another runner, such as @vscode/test-electron), so the request is skipped.
 */
export async function screenshot(name: string, waitForSelector?: string): Promise<void> {
  const folder = process.env.STRATEGIC_FRAMEWORKS_SCREENSHOTS;
  if (!folder) return;
  if (!/^[\w.-]+$/.test(name)) throw new Error(`Screenshot name '${name}' is not a file name.`);
  const image = path.join(folder, `${name}.png`);
  const failure = path.join(folder, `${name}.failed.txt`);
  fs.rmSync(image, { force: true });
  fs.rmSync(failure, { force: true });
  requests += 1;
  const request = { id: `${process.pid}-${requests}`, name, selector: waitForSelector };
  console.log(`SCREENSHOT ${JSON.stringify(request)}`);
  await waitFor(
    `the screenshot ${image}`,
    () => {
      if (fs.existsSync(image)) return true;
      if (fs.existsSync(failure)) {
        throw new Error(`Screenshot '${name}' failed: ${fs.readFileSync(failure, 'utf8')}`);
      }
      return undefined;
    },
    { timeoutMs: 30_000 },
  );
}
