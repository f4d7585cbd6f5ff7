import { ClientError } from './client-error.ts';

/** Where the bearer token comes from. `invalidate` is called after a 401 answered a request that used `token`. */
export interface TokenSource {
  get(signal?: AbortSignal): Promise<string>;
  invalidate(token: string): void;
  /** Values to mask in every message. */
  secrets(): string[];
}

export function fixedToken(token: string): TokenSource {
  return { get: async () => token, invalidate: () => undefined, secrets: () => [token] };
}

export interface ClientCredentialsOptions {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** The `scope` form field; none: the field is not sent (RFC 6749 section 4.4.2 makes it optional). */
  scope?: string;
  fetch: typeof fetch;
  /** Refresh this long before `expires_in` runs out. */
  refreshMarginMs?: number;
  now?: () => number;
}

/**
 * Two-legged OAuth2 client credentials (RFC 6749 section 4.4): POST with `Basic base64(clientId:clientSecret)`
 * and `grant_type=client_credentials[&scope=…]`. The token is cached until shortly before it expires, and
 * concurrent callers share one token request.
 */
export function clientCredentials(options: ClientCredentialsOptions): TokenSource {
  const now = options.now ?? Date.now;
  const margin = options.refreshMarginMs ?? 30_000;
  let cached: { token: string; expiresAt: number } | undefined;
  let inFlight: Promise<string> | undefined;
  const issued: string[] = [];

  const request = async (signal?: AbortSignal): Promise<string> => {
    const basic = base64Utf8(`${options.clientId}:${options.clientSecret}`);
    let response: Response;
    try {
      response = await options.fetch(options.tokenUrl, {
        method: 'POST',
        headers: {
          authorization: `Basic ${basic}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          ...(options.scope === undefined ? {} : { scope: options.scope }),
        }).toString(),
        signal,
      });
    } catch (error) {
      throw new ClientError(
        'auth',
        `token request to ${options.tokenUrl} failed: ${error instanceof Error ? error.message : String(error)}`,
        undefined,
        undefined,
        [options.clientSecret],
      );
    }
    const text = await response.text();
    if (!response.ok)
      throw new ClientError(
        'auth',
        `token request to ${options.tokenUrl} answered ${response.status}`,
        undefined,
        undefined,
        [options.clientSecret],
      );
    let body: { access_token?: unknown; expires_in?: unknown };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw new ClientError('auth', `token endpoint ${options.tokenUrl} did not answer JSON`);
    }
    if (typeof body.access_token !== 'string' || body.access_token === '')
      throw new ClientError('auth', `token endpoint ${options.tokenUrl} answered without access_token`);
    const lifetimeMs = (typeof body.expires_in === 'number' ? body.expires_in : Number(body.expires_in ?? 3600)) * 1000;
    cached = { token: body.access_token, expiresAt: now() + Math.max(0, lifetimeMs - margin) };
    issued.push(body.access_token);
    if (issued.length > 4) issued.shift();
    return body.access_token;
  };

  return {
    get(signal) {
      if (cached && now() < cached.expiresAt) return Promise.resolve(cached.token);
      inFlight ??= request(signal).finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
    },
    secrets: () => [options.clientSecret, ...issued],
  };
}

/** Base64 of a string's UTF-8 bytes, without Node's Buffer (the runtime also runs in browsers). */
function base64Utf8(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}
