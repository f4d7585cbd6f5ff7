import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { genericErrors } from './errors.ts';
import { FixtureError, parseFixture } from './fixture.ts';
import { applyProviderState } from './provider-states.ts';
import { fail } from './state/outcome.ts';
import type { Sandbox } from './state/sandbox.ts';

const ADMIN_BODY_LIMIT = 1024 * 1024;

export function isLoopback(address: string | undefined): boolean {
  return address !== undefined && (/^127\./.test(address) || address === '::1' || /^::ffff:127\./.test(address));
}

function loopbackOnly(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
  if (isLoopback(request.socket?.remoteAddress ?? request.ip)) {
    done();
    return;
  }
  genericErrors.send(reply, fail('accessNotConfigured', undefined, 'The admin API answers loopback callers only'));
}

/**
 * The admin API (`admin: true` / `--admin`), loopback callers only:
 * - `POST /__admin/reset` → all state back to the fixture, 200 `{}`.
 * - `POST /__admin/fixture` (a Fixture) → replaces the fixture and resets; 400 names the pointer.
 * - `POST /__admin/provider-states` (Pact's `{ state, params?, action? }`) → 200 with the values the state created.
 * - `GET /__admin/ledger` → the successful redemptions since the last reset.
 */
export function registerAdmin(app: FastifyInstance, sandbox: Sandbox): void {
  const opts = { onRequest: loopbackOnly, bodyLimit: ADMIN_BODY_LIMIT };
  app.post('/__admin/reset', opts, (_request, reply) => {
    sandbox.reset();
    return reply.send({});
  });
  app.post('/__admin/fixture', opts, (request, reply) => {
    try {
      sandbox.reset(parseFixture(request.body, 'fixture'));
    } catch (error) {
      if (!(error instanceof FixtureError)) throw error;
      return genericErrors.send(
        reply,
        fail('invalidRequest', error.pointer || '/', `Bad fixture: ${error.pointer || '/'}: ${error.problem}`),
      );
    }
    return reply.send({});
  });
  app.post('/__admin/provider-states', opts, (request, reply) => {
    const result = applyProviderState(sandbox, request.body);
    if (!result.ok) return genericErrors.send(reply, fail('invalidRequest', 'state', result.message));
    return reply.send(result.values);
  });
  app.get('/__admin/ledger', opts, (_request, reply) => reply.send({ ledger: sandbox.ledger }));
}
