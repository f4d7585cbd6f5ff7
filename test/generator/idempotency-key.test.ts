// Which writes the generated tables call safe to send twice (`idempotent`): the client retries only those.
import { describe, expect, it } from 'vitest';
import { buildApiModel } from '../../generator/model/api-model.ts';
import { operationTable } from '../../generator/emit/operations-module.ts';

function postWithBody(properties: Record<string, unknown>, required: string[]) {
  return {
    openapi: '3.0.3',
    info: { title: 't', version: '1' },
    paths: {
      '/orders': {
        post: {
          operationId: 'createOrder',
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Order' } } },
          },
          responses: { '201': { description: 'created' } },
        },
        get: { operationId: 'listOrders', responses: { '200': { description: 'ok' } } },
      },
    },
    components: { schemas: { Order: { type: 'object', properties, required } } },
  };
}

function idempotentOf(properties: Record<string, unknown>, required: string[]) {
  const table = operationTable(buildApiModel('orders', postWithBody(properties, required)));
  return { create: table.createOrder.idempotent, list: table.listOrders.idempotent };
}

describe('idempotent operations', () => {
  it('a read is always safe; a write is safe only with a required idempotency key', () => {
    expect(idempotentOf({ reference: { type: 'string' } }, ['reference'])).toEqual({ create: false, list: true });
  });

  it('a required property named as an idempotency key makes the write safe', () => {
    expect(idempotentOf({ idempotency_key: { type: 'string' } }, ['idempotency_key']).create).toBe(true);
    expect(idempotentOf({ idempotencyKey: { type: 'string' } }, ['idempotencyKey']).create).toBe(true);
  });

  it('a required property marked x-idempotency-key makes the write safe; an optional one does not', () => {
    const marked = { reference: { type: 'string', 'x-idempotency-key': true } };
    expect(idempotentOf(marked, ['reference']).create).toBe(true);
    expect(idempotentOf(marked, []).create).toBe(false);
  });
});
