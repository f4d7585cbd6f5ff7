import { describe, expect, it } from 'vitest';
import { errorCodeTablesRule, parseErrorCodeTable } from '../../generator/normalize/rules/error-code-tables.ts';

describe('parseErrorCodeTable', () => {
  it.each([
    [
      'markdown with separator row',
      '| Type | Code | Details |\n| --- | --- | --- |\n| invalid | invalidRequest | Missing or invalid parameters |\n' +
        '| error | cardAlreadyRegistered | The card is already registered |',
      [
        { type: 'invalid', code: 'invalidRequest', details: 'Missing or invalid parameters' },
        { type: 'error', code: 'cardAlreadyRegistered', details: 'The card is already registered' },
      ],
    ],
    [
      'markdown without outer pipes or separator (rendered reference page)',
      'Type | Code | Details |\nerror | accountNotFound | Account not found |',
      [{ type: 'error', code: 'accountNotFound', details: 'Account not found' }],
    ],
    [
      'HTML table',
      '<table><tr><th>Type</th><th>Code</th><th>Details</th></tr>' +
        '<tr><td>error</td><td>unAuthorized</td>' +
        '<td>Authorization credentials are missing &amp; invalid</td></tr></table>',
      [{ type: 'error', code: 'unAuthorized', details: 'Authorization credentials are missing & invalid' }],
    ],
    [
      'run-together text of the flattened seed',
      'TypeCodeDetails\ninvalidinvalidRequestMissing or invalid parameters\n' +
        'error cardAlreadyRegisteredThe card is already registered\n' +
        'errorerrorGeneratingOrderIdOrder Id is not generated\n' +
        'errorresourceNotFoundEmpty resource/resource not found\n' +
        'fatalserverUnavailableThe request failed due to an internal error',
      [
        { type: 'invalid', code: 'invalidRequest', details: 'Missing or invalid parameters' },
        { type: 'error', code: 'cardAlreadyRegistered', details: 'The card is already registered' },
        { type: 'error', code: 'errorGeneratingOrderId', details: 'Order Id is not generated' },
        { type: 'error', code: 'resourceNotFound', details: 'Empty resource/resource not found' },
        { type: 'fatal', code: 'serverUnavailable', details: 'The request failed due to an internal error' },
      ],
    ],
    ['plain prose', 'Successful operation.', []],
  ])('%s', (_name, text, want) => {
    expect(parseErrorCodeTable(text)).toEqual(want);
  });
});

describe('lift-error-code-tables rule', () => {
  it('adds x-error-codes to the response and reports the pointer', () => {
    const doc = {
      swagger: '2.0',
      paths: {
        '/x': {
          get: { responses: { '400': { description: 'TypeCodeDetails\nerrorinvalidCardTypeCard type is invalid' } } },
        },
      },
    };
    const { document, changes } = errorCodeTablesRule.apply(doc);
    expect((document as any).paths['/x'].get.responses['400']['x-error-codes']).toEqual([
      { type: 'error', code: 'invalidCardType', details: 'Card type is invalid' },
    ]);
    expect(changes).toMatchObject([
      { rule: 'lift-error-code-tables', pointer: '/paths/~1x/get/responses/400/x-error-codes', kind: 'change' },
    ]);
    expect((doc as any).paths['/x'].get.responses['400']['x-error-codes']).toBeUndefined();
  });
});
