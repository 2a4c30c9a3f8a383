/**
 * The one kind of failure the checker reports as "you need to change how you ran me":
 * a usage mistake or a file it could not read or write. `main` turns it into exit
 * code 2 and prints its message, which always says what is wrong and how to fix it.
 */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

/** The message of a Node.js I/O error without its stack, such as "ENOENT: no such file". */
export function describeIoError(error: unknown): string {
  if (isErrnoException(error) && error.code) {
    const reasons: Record<string, string> = {
      ENOENT: 'it does not exist',
      EACCES: 'permission denied',
      EPERM: 'permission denied',
      EISDIR: 'it is a directory',
      ENOTDIR: 'a part of the path is not a directory',
      EMFILE: 'too many open files',
    };
    return reasons[error.code] ?? error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

export function isErrnoException(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string';
}
