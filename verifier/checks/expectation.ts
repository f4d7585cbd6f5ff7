import type { Exchange, Expectation } from '../types.ts';
import { defineCheck, errorBodyOf } from './check.ts';

/** The case's own expectation: accepted, refused (with which status, type and code), or any documented answer. */
export const expectation = defineCheck('expectation', ['expectation-not-met'], ({ exchange, expectation: want }) => {
  const message = unmet(exchange, want);
  return message === undefined ? undefined : { code: 'expectation-not-met', message };
});

/** How the answer misses the expectation, if it does. */
function unmet(exchange: Exchange, want: Expectation): string | undefined {
  const response = exchange.response;
  if (!response) return undefined;
  const { status } = response;
  const body = errorBodyOf(exchange);
  const got = describeAnswer(status, body);
  switch (want.kind) {
    case 'accepted':
      return status >= 200 && status < 300 ? undefined : `expected the request to be accepted (2xx), got ${got}`;
    case 'documented':
      if (want.wellFormed && status >= 400 && status < 500 && body?.type === 'invalid')
        return `a well-formed request was refused as invalid: ${got}`;
      return undefined;
    case 'refused': {
      if (status >= 200 && status < 400)
        return `accepted (${status}) a request it must refuse${want.why ? ` (${want.why})` : ''}`;
      if (status >= 500) return undefined; // no-server-error reports it
      const problems: string[] = [];
      if (want.status !== undefined && status !== want.status)
        problems.push(`status ${status}, expected ${want.status}`);
      if (want.codes && want.codes.length > 0 && !want.codes.includes(String(body?.code)))
        problems.push(`code "${String(body?.code)}", expected ${want.codes.map((c) => `"${c}"`).join(' or ')}`);
      else if (want.types && want.types.length > 0 && !want.types.includes(String(body?.type)))
        problems.push(
          `type "${String(body?.type)}" (${String(body?.code)}), ` +
            `expected ${want.types.map((t) => `"${t}"`).join(' or ')}`,
        );
      return problems.length > 0 ? `refused, but with ${problems.join(' and ')}` : undefined;
    }
    case 'outage': {
      const codes = want.codes?.length ? ` ${want.codes.join(' or ')}` : '';
      if (status < 500) return `expected the outage to be answered with a documented 5xx${codes}, got ${got}`;
      const problems: string[] = [];
      if (want.status !== undefined && status !== want.status)
        problems.push(`status ${status}, expected ${want.status}`);
      if (want.codes && want.codes.length > 0 && !want.codes.includes(String(body?.code)))
        problems.push(`code "${String(body?.code)}", expected ${want.codes.map((c) => `"${c}"`).join(' or ')}`);
      return problems.length > 0 ? `the outage was answered with ${problems.join(' and ')}` : undefined;
    }
  }
}

export function describeAnswer(status: number, body: { type?: unknown; code?: unknown } | undefined): string {
  return body && (body.type !== undefined || body.code !== undefined)
    ? `${status} ${String(body.type)}/${String(body.code)}`
    : String(status);
}

export function describeExpectation(want: Expectation): string {
  switch (want.kind) {
    case 'accepted':
      return '2xx';
    case 'documented':
      return want.wellFormed ? 'a documented answer, not refused as invalid' : 'a documented answer';
    case 'refused': {
      const status = want.status !== undefined ? String(want.status) : 'a documented 4xx';
      const what = want.codes?.length
        ? ` ${want.codes.join(' or ')}`
        : want.types?.length
          ? ` type ${want.types.join(' or ')}`
          : '';
      return `refused: ${status}${what}`;
    }
    case 'outage': {
      const status = want.status !== undefined ? String(want.status) : 'a documented 5xx';
      const codes = want.codes?.length ? ` ${want.codes.join(' or ')}` : '';
      return `${status}${codes} (the service is unavailable)`;
    }
  }
}
