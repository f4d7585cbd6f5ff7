import { defineCheck, errorBodyOf, statusKeyOf } from './check.ts';

/**
 * Check 3: an error answer is an ErrorResponse whose `type` and `code` the operation documents
 * for that status (the error catalog lifted from the spec's tables).
 */
export const errorCatalog = defineCheck('error-catalog', (input) => {
  const response = input.exchange.response;
  const key = statusKeyOf(input);
  if (!response || key === undefined || response.status < 400 || response.overLimit !== undefined) return undefined; // body-size reports it
  const rows = input.operation.catalog[key];
  if (!rows || rows.length === 0) return undefined;
  const body = errorBodyOf(input.exchange);
  if (!body) return `the ${response.status} answer is not an ErrorResponse object`;
  const { type, code } = body;
  if (rows.some((r) => r.code === code && r.type === type)) return undefined;
  const sameCode = rows.filter((r) => r.code === code);
  if (sameCode.length > 0) return `error type "${String(type)}" is not documented for code "${String(code)}" (${input.operation.name} ${key} documents type ${sameCode.map((r) => `"${r.type}"`).join(' or ')})`;
  return `error code "${String(code)}" is not documented for ${input.operation.name} ${key} (documented: ${rows.map((r) => r.code).join(', ')})`;
});
