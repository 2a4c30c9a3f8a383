/**
 * Faults in the language server's own code: whatever a handler throws or rejects
 * with, the server keeps running. A request is answered with a JSON-RPC error that
 * names the request and what went wrong; a notification, an editor event or a timer
 * that fails is logged. Every handler `server.ts` registers goes through one of the two
 * guards here, so that no handler needs a try/catch of its own and none can be
 * forgotten.
 *
 * The JSON-RPC library would turn a thrown exception into an error response too, but
 * it does not log the stack, says nothing the user can act on, and an `async`
 * notification handler that rejects would reach `unhandledRejection` instead.
 */
import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';
import type { Logger } from './service';

export interface HandlerGuard {
  /**
   * Wraps a request handler: its result passes through; a `ResponseError` it throws
   * (a refusal meant for the user, such as a rename that cannot be done) passes
   * through unchanged; any other exception or rejection is logged with its stack and
   * answered with an `InternalError` response that names the request.
   */
  request<A extends unknown[], R>(
    method: string,
    handler: (...args: A) => R | PromiseLike<R>,
  ): (...args: A) => Promise<R>;
  /**
   * Wraps a notification handler, an event listener or a timer callback, which has
   * nobody to answer: an exception or rejection is logged with its stack and goes no
   * further.
   */
  event<A extends unknown[]>(
    what: string,
    handler: (...args: A) => void | PromiseLike<void>,
  ): (...args: A) => void;
}

export function createHandlerGuard(logger: Logger): HandlerGuard {
  return {
    request(method, handler) {
      return async (...args) => {
        try {
          return await handler(...args);
        } catch (error) {
          if (error instanceof ResponseError) throw error;
          logger.log('error', `${method} failed: ${describeError(error)}`);
          throw requestFailure(method, error);
        }
      };
    },
    event(what, handler) {
      const fail = (error: unknown): void =>
        logger.log('error', `Handling ${what} failed: ${describeError(error)}`);
      return (...args) => {
        try {
          const result = handler(...args);
          if (isThenable(result)) result.then(undefined, fail);
        } catch (error) {
          fail(error);
        }
      };
    },
  };
}

/** The error response for a request whose handler failed, with a message for the user. */
export function requestFailure(method: string, error: unknown): ResponseError<void> {
  const reason = error instanceof Error ? error.message : String(error);
  return new ResponseError(
    ErrorCodes.InternalError,
    `Strategic Frameworks could not answer ${method}: ${reason}. The language server is ` +
      'still running. If the request came from the editor, this is a bug: please report it ' +
      'with the log from the Output panel (Strategic Frameworks).',
  );
}

/**
 * The listener for `process.on('unhandledRejection')`: it logs the reason, which
 * keeps the process alive (Node ends a process on an unhandled rejection only when
 * nothing listens for it). The guards leave no rejection unhandled in the server's own
 * code; this catches any a dependency leaves.
 */
export function logUnhandledRejection(log: (message: string) => void): (reason: unknown) => void {
  return (reason) => {
    try {
      log(`Unhandled rejection: ${describeError(reason)}`);
    } catch {
      // Logging itself failed (the connection is gone): nothing is left to tell.
    }
  };
}

/** An error with its stack when it has one, for the log. */
export function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
