/**
 * Consumer contract tests (group 0): the merchant checkout's card authorization with Citi's
 * Authorize API, through the generated Authorize client, against the Pact mock server. Writes
 * contracts/pacts/merchant-checkout-citi-authorize.json; the provider group verifies it and the
 * pact-check group checks it against the specs.
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AUTHORIZE_PACT_FILE,
  cardAuthorizationCases,
  cardAuthorizationPact,
  EXAMPLE_CIPHERTEXT,
  runCardAuthorizationCase,
} from '../support/consumer/card-authorization.ts';
import { PACTS_DIR } from '../support/consumer/write-pacts.ts';

const cases = cardAuthorizationCases(EXAMPLE_CIPHERTEXT);

describe('merchant-checkout → citi-authorize (Pact consumer): card authorization', () => {
  const pact = cardAuthorizationPact(PACTS_DIR);
  beforeAll(async () => {
    await mkdir(PACTS_DIR, { recursive: true });
    await rm(join(PACTS_DIR, AUTHORIZE_PACT_FILE), { force: true });
  });
  for (const c of cases)
    it(`${c.operation}: ${c.description} (given ${c.state})`, () => runCardAuthorizationCase(pact, c));
});

it(
  'the cases walk the whole card flow: key → enrol → wrong OTP → OTP → use → refresh → revoke → ' +
    'revoked token refused',
  () => {
    expect(cases.map((c) => `${c.operation} ${c.response.status}`)).toEqual([
      'retrieveE2ePublicKeyPreLogin 200',
      'enrollAndGenerateCardAccessToken 200',
      'activateCardAccessToken 400',
      'activateCardAccessToken 200',
      'retrieveE2ePublicKeyPreLogin 200',
      'refreshCardAccessToken 200',
      'revokeCardAccessToken 200',
      'retrieveE2ePublicKeyPreLogin 401',
    ]);
    expect(new Set(cases.map((c) => c.description)).size).toBe(cases.length);
  },
);
