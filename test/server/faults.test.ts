import * as assert from 'node:assert/strict';
import { ResponseError } from 'vscode-languageserver/node';
import { createHandlerGuard, logUnhandledRejection } from '../../server/src/faults';
import type { Logger } from '../../server/src/service';

/** A logger that keeps what it is told. */
function recordingLogger(): Logger & { readonly lines: string[] } {
  const lines: string[] = [];
  return { lines, log: (level, message) => lines.push(`${level}: ${message}`) };
}

describe('the handler guard', () => {
  it('passes results and refusals through, and turns anything else into an error naming the request', async () => {
    const logger = recordingLogger();
    const guard = createHandlerGuard(logger);
    assert.equal(await guard.request('a/sync', (n: number) => n + 1)(1), 2);
    assert.equal(await guard.request('a/async', async (n: number) => Promise.resolve(n * 2))(4), 8);

    const refusal = new ResponseError(-32803, 'Nothing to rename here.');
    await assert.rejects(
      guard.request('textDocument/rename', () => {
        throw refusal;
      })(),
      (error) => error === refusal,
    );
    assert.deepEqual(logger.lines, [], 'a refusal is an answer, not a fault');

    for (const handler of [
      () => {
        throw new TypeError('x is undefined');
      },
      () => Promise.reject(new TypeError('x is undefined')),
    ]) {
      await assert.rejects(guard.request('textDocument/hover', handler)(), (error) => {
        assert.ok(error instanceof ResponseError);
        assert.equal(error.code, -32603);
        assert.match(
          error.message,
          /^Strategic Frameworks could not answer textDocument\/hover: x is undefined\. /,
        );
        return true;
      });
    }
    assert.equal(logger.lines.length, 2);
    assert.match(
      logger.lines[0],
      /^error: textDocument\/hover failed: TypeError: x is undefined\n\s+at /,
    );
  });

  it('logs an event handler that throws or rejects, and lets nothing escape', async () => {
    const logger = recordingLogger();
    const guard = createHandlerGuard(logger);
    guard.event('textDocument/didOpen', () => {
      throw new Error('thrown');
    })();
    guard.event('workspace/didChangeWatchedFiles', () => Promise.reject(new Error('rejected')))();
    // The rejection is logged once the promise settles.
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(
      logger.lines.map((line) => line.split('\n')[0]),
      [
        'error: Handling textDocument/didOpen failed: Error: thrown',
        'error: Handling workspace/didChangeWatchedFiles failed: Error: rejected',
      ],
    );
  });
});

describe('the unhandled rejection listener', () => {
  it('logs the reason, with its stack, and survives a log that fails', () => {
    const lines: string[] = [];
    logUnhandledRejection((message) => lines.push(message))(new Error('lost'));
    logUnhandledRejection((message) => lines.push(message))('a plain reason');
    assert.match(lines[0], /^Unhandled rejection: Error: lost\n\s+at /);
    assert.equal(lines[1], 'Unhandled rejection: a plain reason');
    assert.doesNotThrow(() =>
      logUnhandledRejection(() => {
        throw new Error('the connection is gone');
      })(new Error('lost')),
    );
  });
});
