import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { OperationErrors } from '../../../mock/index.ts';
import { fail } from './state/outcome.ts';
import type { Sandbox } from './state/sandbox.ts';

const BASIC = /^Basic +([A-Za-z0-9+/=_-]+) *$/i;
const FORM = /^\s*application\/x-www-form-urlencoded\s*(;|$)/i;

/**
 * OAuth2 client credentials (seed 002): `POST <basePath>/clientCredentials/oauth2/token/{countryCode}/gcb`
 * with `Authorization: Basic base64(id:secret)` (or client_id/client_secret form fields) and the
 * form body `grant_type=client_credentials&scope=/api`. Answers `{ token_type, access_token,
 * expires_in, scope }`; errors are ErrorResponses (400 invalidRequest, 401 unAuthorized).
 */
export function registerTokenRoute(
  app: FastifyInstance,
  sandbox: Sandbox,
  genericErrors: OperationErrors,
  basePath: string,
): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  app.post(
    `${basePath.replace(/\/+$/, '')}/clientCredentials/oauth2/token/:countryCode/gcb`,
    (request: FastifyRequest, reply: FastifyReply) => {
      if (sandbox.unavailable) return genericErrors.send(reply, fail('serverUnavailable'));
      if (!/^[a-z]{2}$/i.test((request.params as { countryCode: string }).countryCode))
        return genericErrors.send(
          reply,
          fail('invalidRequest', 'countryCode', 'countryCode must be a two-letter country code'),
        );
      if (!FORM.test(request.headers['content-type'] ?? ''))
        return genericErrors.send(
          reply,
          fail('invalidRequest', 'Content-Type', 'Content-Type must be application/x-www-form-urlencoded'),
        );
      const form = (request.body ?? {}) as Record<string, string>;
      const credentials =
        basicCredentials(request.headers.authorization) ??
        (form.client_id && form.client_secret ? { id: form.client_id, secret: form.client_secret } : undefined);
      if (!credentials)
        return genericErrors.send(
          reply,
          fail('unAuthorized', 'Authorization', 'Client credentials are required (Basic authorization)'),
        );
      if (form.grant_type !== 'client_credentials')
        return genericErrors.send(reply, fail('invalidRequest', 'grant_type', 'grant_type must be client_credentials'));
      const issued = sandbox.auth.issue(credentials.id, credentials.secret, form.scope || '/api');
      if (!issued)
        return genericErrors.send(
          reply,
          fail('unAuthorized', 'Authorization', 'Unknown client id or wrong client secret'),
        );
      return reply.header('cache-control', 'no-store').send(issued);
    },
  );
}

function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const m = header === undefined ? null : BASIC.exec(header);
  if (!m) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  return { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}
