import { redact } from './redact.ts';

export type ClientErrorCode = 'timeout' | 'network' | 'aborted' | 'auth' | 'config';

/**
 * A call that produced no HTTP answer to classify: bad input caught locally, auth failure,
 * network failure, timeout or abort. Messages are redacted when built.
 */
export class ClientError extends Error {
  constructor(
    readonly code: ClientErrorCode,
    message: string,
    readonly operation?: string,
    readonly pointer?: string,
    secrets: readonly string[] = [],
  ) {
    super(redact(message, secrets));
    this.name = 'ClientError';
  }
}
