import { InputError } from '../../input/errors.ts';
import { clientCredentials } from '@pwpkit/runtime';
import type { ClientCredentials } from '../plugin.ts';

export interface AuthOptions {
  token?: string;
  clientId?: string;
  clientSecret?: string;
  tokenUrl?: string;
}

export interface Auth {
  token?: string;
  clientId?: string;
  tokenUrl?: string;
  secrets: string[];
}

/**
 * The bearer token verify sends: `--token` as given, else OAuth2 client credentials (seed 002)
 * with `--client-id/--client-secret` or the plug-in's client. A token endpoint that cannot be
 * reached or refuses the credentials means verify cannot run (exit 2), not that the provider broke
 * the contract.
 */
export async function authenticate(
  options: AuthOptions,
  fixtureClient: ClientCredentials | undefined,
  grant: { defaultTokenUrl?: string; scope: string },
  stop?: AbortSignal,
): Promise<Auth> {
  const client = clientOf(options, fixtureClient);
  if (options.token)
    return {
      token: options.token,
      clientId: client?.clientId,
      secrets: [options.token, ...(client?.clientSecret ? [client.clientSecret] : [])],
    };
  if (!client?.clientId || !client.clientSecret) return { clientId: client?.clientId, secrets: [] };
  const tokenUrl = options.tokenUrl ?? grant.defaultTokenUrl;
  if (tokenUrl === undefined)
    throw new InputError(`no token endpoint to get a token for client "${client.clientId}" from: give --token-url`);
  const source = clientCredentials({
    tokenUrl,
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    scope: grant.scope,
    fetch: globalThis.fetch,
  });
  try {
    const token = await source.get(
      stop ? AbortSignal.any([AbortSignal.timeout(10_000), stop]) : AbortSignal.timeout(10_000),
    );
    return { token, clientId: client.clientId, tokenUrl, secrets: [token, client.clientSecret] };
  } catch (error) {
    if (stop?.aborted)
      throw new InputError(
        `could not get a token for client "${client.clientId}": ` +
          (stop.reason instanceof Error ? stop.reason.message : 'the run was stopped'),
      );
    throw new InputError(
      `could not get a token for client "${client.clientId}": ` +
        `${error instanceof Error ? error.message : String(error)} ` +
        '(give --token, or --client-id/--client-secret/--token-url)',
    );
  }
}

/**
 * No operation asks for a token: none is fetched; a given `--token` is still masked, and the
 * client id still sent where a header asks for it.
 */
export function withoutToken(options: AuthOptions, fixtureClient: ClientCredentials | undefined): Auth {
  const client = clientOf(options, fixtureClient);
  return {
    clientId: client?.clientId,
    secrets: [options.token, client?.clientSecret].filter((s): s is string => typeof s === 'string'),
  };
}

/** The client verify runs as: `--client-id/--client-secret`, else the plug-in's. */
export function clientOf(
  options: AuthOptions,
  fixtureClient: ClientCredentials | undefined,
): { clientId?: string; clientSecret?: string } | undefined {
  return options.clientId !== undefined
    ? { clientId: options.clientId, clientSecret: options.clientSecret }
    : fixtureClient;
}

/** `Basic base64(id:secret)` of the client verify runs as, for token calls documented as HTTP Basic. */
export function basicCredentials(
  options: AuthOptions,
  fixtureClient: ClientCredentials | undefined,
): string | undefined {
  const client = clientOf(options, fixtureClient);
  return client?.clientId && client.clientSecret
    ? `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`
    : undefined;
}
