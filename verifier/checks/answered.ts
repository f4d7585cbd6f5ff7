import { defineCheck } from './check.ts';

/** The provider answered at all: no refused connection, reset or timeout. */
export const answered = defineCheck('answered', ({ exchange }) =>
  exchange.error !== undefined ? `no answer: ${exchange.error}` : undefined,
);
