import { defineRule } from './rule.ts';

/**
 * For an error status, the `code` the consumer expects is one the spec documents for that
 * operation and status, with the documented `type` (Citi's error tables: Type | Code | Details).
 */
export const errorCodeRule = defineRule('error-code', 'an error response carries a code documented for that operation and status, with its documented type', ({ interaction, operation, statusKey }) => {
  if (!operation || statusKey === undefined || interaction.response.status < 400) return [];
  const rows = operation.errorCatalog[statusKey];
  const body = interaction.response.body;
  if (!rows || rows.length === 0 || body === undefined || typeof body.value !== 'object' || body.value === null) return [];
  const { code, type } = body.value as { code?: unknown; type?: unknown };
  if (typeof code !== 'string') return [];
  const where = `${operation.name} ${statusKey}`;
  const sameCode = rows.filter((r) => r.code === code);
  if (sameCode.length === 0) {
    const elsewhere = Object.entries(operation.errorCatalog).filter(([key, list]) => key !== statusKey && list.some((r) => r.code === code)).map(([key]) => key);
    const note = elsewhere.length > 0 ? `; it is documented for status ${elsewhere.join(', ')}` : '';
    return [{ code: 'error-code-not-documented', pointer: `${body.pointer}/code`, message: `error code "${code}" is not documented for ${where} (documented: ${rows.map((r) => r.code).join(', ')})${note}` }];
  }
  if (type !== undefined && !sameCode.some((r) => r.type === type)) {
    return [{ code: 'error-type-mismatch', pointer: `${body.pointer}/type`, message: `error code "${code}" is documented with type "${sameCode.map((r) => r.type).join('" or "')}" for ${where}, not ${JSON.stringify(type)}` }];
  }
  return [];
});
