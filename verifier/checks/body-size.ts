import { formatBytes } from '../http/send.ts';
import { defineCheck } from './check.ts';

/**
 * An answer longer than the read cap (`--max-body`, default 4 MiB) is a finding: verify reads no
 * more of it (so it never holds more than the cap), and judges the rest as this one finding
 * instead of a schema check on a body it did not read.
 */
export const bodySize = defineCheck('body-size', ['body-too-large'], ({ exchange }) => {
  const response = exchange.response;
  if (response?.overLimit === undefined) return undefined;
  return {
    code: 'body-too-large',
    message:
      `the ${response.status} body is over ${formatBytes(response.overLimit)} (the --max-body cap): ` +
      'the rest was not read',
    location: { part: 'response', in: 'body' },
  };
});
