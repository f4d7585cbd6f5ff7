import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { PactV4, SpecificationVersion } from '@pact-foundation/pact';
import type { ContractCase } from './merchant-checkout.ts';
import { merchantCheckoutCases } from './merchant-checkout.ts';
import { CONSUMER, PACT_FILE, PROVIDER } from './parties.ts';

/** Where the committed pacts live. */
export const PACTS_DIR = join(import.meta.dirname, '..', '..', '..', 'contracts', 'pacts');

/** A Pact V4 writer for merchant-checkout → citi-pay-with-points into `dir`. */
export function merchantCheckoutPact(dir: string = PACTS_DIR): PactV4 {
  process.env.PACT_DO_NOT_TRACK ??= 'true';
  return new PactV4({
    consumer: CONSUMER,
    provider: PROVIDER,
    dir,
    spec: SpecificationVersion.SPECIFICATION_VERSION_V4,
    logLevel: 'warn',
  });
}

/**
 * Declares one interaction and runs its `exercise` against the Pact mock server; pact-js then
 * checks the mock received exactly what was declared and merges the interaction into the file.
 */
export async function runContractCase(pact: PactV4, c: ContractCase): Promise<void> {
  await pact
    .addInteraction()
    .given(c.state, c.params)
    .uponReceiving(c.description)
    .withRequest(c.request.method, c.request.path, (builder) => {
      builder.headers(c.request.headers as never);
      if (c.request.body !== undefined) builder.jsonBody(c.request.body);
    })
    .willRespondWith(c.response.status, (builder) => {
      if (c.response.body !== undefined) builder.jsonBody(c.response.body);
    })
    .executeTest(async (server) => c.exercise(server));
}

/**
 * Pact files merge with what is already on disk, so the file is removed first: the result
 * depends only on the cases. Returns the path written.
 */
export async function clearPact(dir: string = PACTS_DIR): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, PACT_FILE);
  await rm(file, { force: true });
  return file;
}

/** Writes the whole merchant-checkout pact into `dir` (used to show generation is deterministic). */
export async function writeMerchantCheckoutPact(
  dir: string,
  cases: readonly ContractCase[] = merchantCheckoutCases,
): Promise<string> {
  const file = await clearPact(dir);
  const pact = merchantCheckoutPact(dir);
  for (const c of cases) await runContractCase(pact, c);
  return file;
}
