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
