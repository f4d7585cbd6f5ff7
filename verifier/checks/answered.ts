import { defineCheck } from './check.ts';

/** The provider answered at all: no refused connection, reset or timeout. */
export const answered = defineCheck('answered', ['not-answered'], ({ exchange }) =>
  exchange.error !== undefined ? { code: 'not-answered', message: `no answer: ${exchange.error}` } : undefined,
);
