import type { FastifyInstance } from 'fastify';
import { documentedStatusKey } from '@pwpkit/runtime';
import type { Fixture } from '../../mock/fixture.ts';
import type { OperationRouteConfig } from '../../mock/routes/operations.ts';

const ERROR_TYPES = new Set(['error', 'warn', 'invalid', 'fatal']);
const GENERIC: Record<number, string> = { 400: 'invalidRequest', 401: 'unAuthorized', 403: 'accessNotConfigured', 404: 'resourceNotFound', 405: 'methodNotAllowed', 500: 'serverUnavailable' };

/** What must never appear in an answer: secrets, static tokens, full phone numbers, stack traces. */
function forbiddenIn(fixture: Fixture): string[] {
  return [...fixture.clients.flatMap((c) => [c.clientSecret, ...(c.staticTokens ?? [])]), ...fixture.cards.map((c) => c.citiCardHolderPhoneNumber)];
}
const STACK = /\n\s+at |node_modules|\.ts:\d+|Error: /;

/**
 * The contract self-check: an onSend hook that checks every answer of the mock against the
 * generated response validators and error catalog of its operation (ErrorResponse + the
 * generic codes elsewhere), and that no answer carries a secret or a stack trace.
 */
export function addContractSelfCheck(app: FastifyInstance, fixture: Fixture, violations: string[]): void {
  const forbidden = forbiddenIn(fixture);
  app.addHook('onSend', (request, reply, payload, done) => {
    const where = `${request.method} ${request.url} → ${reply.statusCode}`;
    const text = typeof payload === 'string' ? payload : payload === undefined || payload === null ? '' : Buffer.isBuffer(payload) ? payload.toString('utf8') : '(stream)';
    const status = reply.statusCode;
    const say = (m: string) => violations.push(`${where}: ${m}`);
    for (const f of forbidden) if (text.includes(f)) say('answer contains a secret, static token or phone number');
    if (STACK.test(text)) say(`answer looks like it carries a stack trace: ${text.slice(0, 200)}`);
    let body: unknown;
    if (text !== '') {
      if (!/^application\/json/.test(String(reply.getHeader('content-type') ?? ''))) say(`content-type ${String(reply.getHeader('content-type'))}`);
      try {
        body = JSON.parse(text);
      } catch {
        say('answer is not JSON');
        return done();
      }
    }
    const pwpkit = (request.routeOptions?.config as Partial<OperationRouteConfig> | undefined)?.pwpkit;
    if (pwpkit) {
      const op = pwpkit.api.operations[pwpkit.operation];
      const key = documentedStatusKey(op.statuses, status);
      if (key === undefined) say(`status ${status} is not documented for ${pwpkit.operation}`);
      else {
        const validate = pwpkit.api.validators[pwpkit.operation]?.responses[key];
        if (validate && !validate(body)) say(`body violates ${pwpkit.operation} ${key}: ${JSON.stringify(validate.errors?.[0])}`);
        if (!validate && text !== '') say(`${pwpkit.operation} ${key} documents no body, got ${text.slice(0, 100)}`);
        if (status >= 400) {
          const rows = pwpkit.api.errorCatalog[pwpkit.operation]?.[key] ?? [];
          const b = body as { type?: string; code?: string };
          if (!rows.some((r) => r.type === b?.type && r.code === b?.code)) say(`${b?.type} ${b?.code} is not documented for ${pwpkit.operation} ${key}`);
        }
      }
    } else if (status >= 400) {
      const b = body as { type?: unknown; code?: unknown; details?: unknown };
      if (!b || !ERROR_TYPES.has(String(b.type)) || typeof b.code !== 'string' || typeof b.details !== 'string') say(`not an ErrorResponse: ${text.slice(0, 200)}`);
      else if (GENERIC[status] !== b.code) say(`generic answer ${status} with code ${b.code}`);
    }
    done();
  });
}
