import type { FastifyInstance } from 'fastify';
import type { AdminGuard, OperationErrors } from '../../../mock/index.ts';
import { FixtureError, parseFixture } from '../fixture.ts';
import { applyProviderState } from './provider-states.ts';
import { fail } from './state/outcome.ts';
import type { Sandbox } from './state/sandbox.ts';

/**
 * The sandbox's admin API (`admin: true` / `--admin`), loopback callers only:
 * - `POST /__admin/reset` → all state back to the fixture, 200 `{}`.
 * - `POST /__admin/fixture` (a Fixture) → replaces the fixture and resets; 400 names the pointer.
 * - `POST /__admin/provider-states` (Pact's `{ state, params?, action? }`) → 200 with the values the state created.
 * - `GET /__admin/ledger` → the successful redemptions since the last reset.
 */
export function registerSandboxAdmin(
  app: FastifyInstance,
  sandbox: Sandbox,
  errors: OperationErrors,
  guard: AdminGuard,
): void {
  app.post('/__admin/reset', guard, (_request, reply) => {
    sandbox.reset();
    return reply.send({});
  });
  app.post('/__admin/fixture', guard, async (request, reply) => {
    try {
      sandbox.reset(await parseFixture(request.body, 'fixture'));
    } catch (error) {
      if (!(error instanceof FixtureError)) throw error;
      const at = error.pointer || '/';
      return errors.send(reply, fail('invalidRequest', at, `Bad fixture: ${at}: ${error.problem}`));
    }
    return reply.send({});
  });
  app.post('/__admin/provider-states', guard, (request, reply) => {
    const result = applyProviderState(sandbox, request.body);
    if (!result.ok) return errors.send(reply, fail('invalidRequest', 'state', result.message));
    return reply.send(result.values);
  });
  app.get('/__admin/ledger', guard, (_request, reply) => reply.send({ ledger: sandbox.ledger }));
}
