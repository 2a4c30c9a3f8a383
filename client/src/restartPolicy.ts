/**
 * When the language server's process dies, the extension starts a new one, but not
 * forever: a server that dies again and again (a bug it meets at every start) would
 * otherwise restart in a loop. This file decides, without the editor API, so that a
 * plain unit test can check it; `extension.ts` turns the decisions into
 * vscode-languageclient's error handler.
 */

/** What to do about a fault of the server: carry on (restart it, or retry), or give up. */
export interface FaultDecision {
  readonly giveUp: boolean;
  /** What the output channel (and, when giving up, a notification) tells the user. */
  readonly message: string;
}

/** The server's name in messages. */
const server = 'The Strategic Frameworks language server';
/** Where its log is, and how to start it again by hand. */
const remedy =
  'Its log is in the Output panel (Strategic Frameworks). Once the cause is fixed, run ' +
  "'Strategic Frameworks: Restart Language Server' to start it again.";

export class CrashRestartPolicy {
  /** When the server died, within the window, oldest first. */
  private crashes: number[] = [];

  /**
   * @param maxRestarts how many restarts are allowed within `windowMs`; the crash
   *   after that many is the one given up on.
   */
  constructor(
    readonly maxRestarts = 4,
    readonly windowMs = 3 * 60_000,
  ) {}

  /** The server's connection closed without the extension asking: restart, or give up. */
  crashed(now: number): FaultDecision {
    this.crashes = this.crashes.filter((time) => now - time < this.windowMs);
    this.crashes.push(now);
    const count = this.crashes.length;
    const window = `${Math.round(this.windowMs / 60_000)} minutes`;
    if (count <= this.maxRestarts) {
      return {
        giveUp: false,
        message: `${server} stopped unexpectedly and is being restarted (restart ${count} of at most ${this.maxRestarts} within ${window}).`,
      };
    }
    return {
      giveUp: true,
      message: `${server} stopped unexpectedly ${count} times within ${window}, so it will not be restarted again. ${remedy}`,
    };
  }

  /**
   * Errors reading or writing a message: a few in a row are survived (the count
   * starts again after a message gets through), more mean the connection is broken
   * and the server is stopped.
   */
  connectionFailed(consecutiveErrors: number | undefined): FaultDecision {
    if (consecutiveErrors !== undefined && consecutiveErrors <= 3) {
      return { giveUp: false, message: `${server} could not be reached; trying again.` };
    }
    return {
      giveUp: true,
      message: `${server} could not be reached several times in a row, so it was stopped. ${remedy}`,
    };
  }

  /** A restart the user asks for starts the count afresh. */
  reset(): void {
    this.crashes = [];
  }
}
