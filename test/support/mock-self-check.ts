import type { FastifyInstance } from 'fastify';
import { judgeBody, judgeErrorCode, judgeStatus } from '@pwpkit/runtime';
import type { Fixture } from '../../domain/pay-with-points/fixture.ts';
import { servedOperationOf } from '../../mock/exchange.ts';

const ERROR_TYPES = new Set(['error', 'warn', 'invalid', 'fatal']);
const GENERIC: Record<number, string> = {
  400: 'invalidRequest',
  401: 'unAuthorized',
  403: 'accessNotConfigured',
  404: 'resourceNotFound',
  405: 'methodNotAllowed',
  500: 'serverUnavailable',
};

/** What must never appear in an answer: secrets, static tokens, full phone numbers, stack traces. */
function forbiddenIn(fixture: Fixture): string[] {
  return [
    ...fixture.clients.flatMap((c) => [c.clientSecret, ...(c.staticTokens ?? [])]),
    ...fixture.cards.map((c) => c.citiCardHolderPhoneNumber),
    ...(fixture.customers ?? []).map((c) => c.password),
  ];
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
    const text =
      typeof payload === 'string'
        ? payload
        : payload === undefined || payload === null
          ? ''
          : Buffer.isBuffer(payload)
            ? payload.toString('utf8')
            : '(stream)';
    const status = reply.statusCode;
    const say = (m: string) => violations.push(`${where}: ${m}`);
    for (const f of forbidden) if (text.includes(f)) say('answer contains a secret, static token or phone number');
    if (STACK.test(text)) say(`answer looks like it carries a stack trace: ${text.slice(0, 200)}`);
    // The Authorize API's login and consent page: HTML by design (the browser test judges it).
    if (status === 200 && /^text\/html/.test(String(reply.getHeader('content-type') ?? ''))) return done();
    let body: unknown;
    if (text !== '') {
      if (!/^application\/json/.test(String(reply.getHeader('content-type') ?? '')))
        say(`content-type ${String(reply.getHeader('content-type'))}`);
      try {
        body = JSON.parse(text);
      } catch {
        say('answer is not JSON');
        return done();
      }
    }
    const pwpkit = servedOperationOf(request);
    if (pwpkit) {
      const op = pwpkit.api.operations[pwpkit.operation];
      const documented = {
        name: pwpkit.operation,
        statuses: op.statuses,
        errorCatalog: pwpkit.api.errorCatalog[pwpkit.operation] ?? {},
      };
      const judged = judgeStatus(documented, status);
      if ('finding' in judged) say(judged.finding.message);
      else {
        const validate = pwpkit.api.validators[pwpkit.operation]?.responses[judged.key];
        if (validate)
          for (const f of judgeBody(validate, body))
            say(`body violates ${pwpkit.operation} ${judged.key} at #${f.at}: ${f.message}`);
        if (!validate && text !== '')
          say(`${pwpkit.operation} ${judged.key} documents no body, got ${text.slice(0, 100)}`);
        if (status >= 400) {
          const error = judgeErrorCode(documented, judged.key, body);
          if (error.finding) say(error.finding.message);
          // No rows for the status: it documents another error body (OAuth's { error }), judged by the schema above.
          else if (!error.row && (documented.errorCatalog[judged.key] ?? []).length > 0)
            say(`${pwpkit.operation} ${judged.key} documents no error codes, the mock answered one`);
        }
      }
    } else if (status >= 400) {
      const b = body as { type?: unknown; code?: unknown; details?: unknown };
      if (!b || !ERROR_TYPES.has(String(b.type)) || typeof b.code !== 'string' || typeof b.details !== 'string')
        say(`not an ErrorResponse: ${text.slice(0, 200)}`);
      else if (GENERIC[status] !== b.code) say(`generic answer ${status} with code ${b.code}`);
    }
    done();
  });
}
