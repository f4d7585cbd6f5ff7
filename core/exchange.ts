/**
 * The exchange model every tool judges: one HTTP request and what came back. verify and the
 * proxy record them, pact-check builds them from pacts, reports mask and print them.
 */

/** One HTTP request as it was (or will be) sent: lower-case header names, body as text. */
export interface HttpRequest {
  method: string;
  /** Absolute URL. */
  url: string;
  /** Path and query as sent (basePath included). */
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  bodyText: string;
  /** Parsed JSON when the body is JSON text; undefined for an empty body. */
  body?: unknown;
  /** The body claimed or looked like JSON but did not parse. */
  malformed: boolean;
  /**
   * The body was longer than the read cap (this many bytes): `bodyText` is what was read, not
   * parsed; the rest was never read.
   */
  overLimit?: number;
}

/** A request and what came back (or the transport error that came instead). */
export interface Exchange {
  request: HttpRequest;
  response?: HttpResponse;
  /** Transport failure: refused connection, timeout, reset. */
  error?: string;
  ms: number;
}
