/**
 * Compile-time contract of the generated client. `client-types.test.ts` type-checks this file:
 * every `@ts-expect-error` must meet an error, so each marks a mistake the compiler must catch.
 */
import { createPayWithPointsClient } from '../../../generated/pay-with-points/client.ts';

export async function usage(): Promise<void> {
  const pwp = createPayWithPointsClient({ baseUrl: 'http://127.0.0.1:4010', clientId: 'id', clientSecret: 'secret' });

  const link = await pwp.enrollInPayWithPoints({ body: { lastFourDigitsCardNumber: '7411', citiCardHolderPhoneNumber: '2608191234', merchantCustomerReferenceId: 'M1' } });
  if (link.ok) {
    const code: string | undefined = link.data.rewardLinkCode;
    await pwp.tokenActivation({ rewardLinkCode: code ?? '', body: { linkageConfirmationCode: '735937' } });
  }

  // @ts-expect-error a body field the schema does not have
  await pwp.enrollInPayWithPoints({ body: { lastFourDigitsCardNumber: '7411', citiCardHolderPhoneNumber: '1', merchantCustomerReferenceId: 'M1', cardNumber: '4111' } });

  // @ts-expect-error a missing required field (merchantCustomerReferenceId)
  await pwp.enrollInPayWithPoints({ body: { lastFourDigitsCardNumber: '7411', citiCardHolderPhoneNumber: '2608191234' } });

  // @ts-expect-error the path parameter is required
  await pwp.retrieveRewardsBalance({});

  const r = await pwp.submitRedemptionRequest({ rewardLinkCode: '9035268', body: { transactionReferenceNumber: 'T1', redemptionOrder: { transactionAmount: 100.5, currencyCode: 'SGD' } } });
  if (r.ok) {
    const orderId: string = r.data.orderId;
    const balance: number | undefined = r.data.availablePointBalance;
    void orderId;
    void balance;
  }
  if (!r.ok && r.kind === 'error' && r.status === 400) {
    if (r.error.code === 'inSufficientPointBalance') {
      const type: 'error' = r.error.type;
      void type;
    }
    // @ts-expect-error an error code the spec does not document for this operation and status
    if (r.error.code === 'cardAlreadyRegistered') return;
  }
  if (!r.ok && r.kind === 'error' && r.status === 500) {
    const fatal: 'serverUnavailable' = r.error.code;
    void fatal;
  }
  // @ts-expect-error 404 is not documented for redemption
  if (!r.ok && r.kind === 'error' && r.status === 404) return;
}
