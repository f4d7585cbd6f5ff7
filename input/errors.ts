/**
 * Errors a user can cause with their input. The CLI prints `message` (never a stack trace)
 * and exits with `exitCode`; anything else that escapes is a bug in pwpkit.
 */
export class InputError extends Error {
  readonly exitCode = 2;
  constructor(
    message: string,
    /** Every defect found, each naming its file and pointer or line; `message` summarises them. */
    readonly problems: readonly string[] = [message],
  ) {
    super(message);
    this.name = 'InputError';
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Text from an input (a key, a value, a parser's quote of it) shown inside a message or a report
 * line: line breaks and control characters escaped as `\uXXXX`, so an input can neither split a
 * one-line message nor forge lines of a report.
 */
export function oneLine(text: string): string {
  return text.replace(
    /[\u0000-\u0008\u000b-\u001f\u007f\n\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
