import {
  documentsCode,
  producedValue,
  refusalOf,
  toHttpRequest,
  validParts,
  withFields,
  type Family,
  type LaneContext,
  type Operation,
  type StatesClient,
} from '../../../verifier/plugin.ts';
import { cardLabel, cardValues, type FixtureCard } from '../fixture.ts';
import { providerStateSentence, type OrderRefusal, type RewardProgram } from '../provider-states.ts';
import { affordableOrder } from './lifecycle.ts';

/** Conditions of an active link under which a valid order is refused, and the code that says so. */
const ORDER_REFUSALS: ReadonlyArray<{ condition: string; code: OrderRefusal }> = [
  { condition: 'not eligible to redeem', code: 'notEligibleToRedeem' },
  { condition: 'order ids cannot be generated', code: 'errorGeneratingOrderId' },
];

/**
 * Shop with Points when the family's paths name it (`/v1/rewards/{code}/shopWithPoints/…`); Pay
 * with Points is the default.
 */
function programOf(family: Family): RewardProgram | undefined {
  for (const op of [family.producer, ...family.consumers]) {
    for (const segment of op.model.path.split('/')) {
      const m = /^(pay|shop)withpoints$/i.exec(segment);
      if (m) return m[1].toLowerCase() === 'shop' ? 'shopWithPoints' : undefined;
    }
  }
  return undefined;
}

/**
 * With `--states-url`, on the fixture's first card: every selected activation, for a link whose
 * confirmation code has expired, refuses the right code as expired; every selected operation that
 * documents an order refusal depending on the member or the provider, not the request (the
 * redemption), refuses a valid order with it. A state the endpoint does not know is a skipped check.
 */
export async function linkStateChecks(
  lc: LaneContext,
  families: readonly Family[],
  states: StatesClient,
  reauthenticate: () => Promise<string | undefined>,
  card: FixtureCard | undefined,
): Promise<void> {
  const { runner, base } = lc;
  const params = base.clientId ? { clientId: base.clientId } : {};
  const values = card ? cardValues(card) : {};

  /**
   * Sets up a state that leaves `family`'s link in some condition, then sends `op` one valid
   * request for that link (with `fields` in its body: an order the account can pay for).
   */
  const checkLinkState = async (
    op: Operation,
    family: Family,
    code: string,
    state: string | undefined,
    title: string,
    fields?: Record<string, unknown>,
  ) => {
    const expectation = refusalOf(op, code);
    if (!card || !state) return runner.skip(op.name, title, 'state', 'the fixture has no card', op);
    if (expectation.kind !== 'refused' || !expectation.codes)
      return runner.skip(op.name, title, 'state', `${op.name} does not document ${code}`, op);
    const setUp = await states.setup(state, params);
    if (!setUp.ok) return runner.skip(op.name, title, 'state', setUp.reason, op);
    const link = producedValue(setUp.values, family.param);
    if (!link) {
      const reason = `the provider-state endpoint answered no ${family.param} for "${state}"`;
      return runner.skip(op.name, title, 'state', reason, op);
    }
    let token: string | undefined;
    try {
      token = await reauthenticate();
    } catch (error) {
      const reason = `no token after setting up the state: ${error instanceof Error ? error.message : String(error)}`;
      return runner.skip(op.name, title, 'state', reason, op);
    }
    const ctx = { ...base, token, values: { ...values, [family.param]: link } };
    const parts = validParts(op, ctx);
    if (fields) parts.body = withFields(base.set, op, parts.body, fields);
    await runner.run({
      suite: op.name,
      title,
      kind: 'state',
      operation: op,
      request: toHttpRequest(op, ctx, parts),
      expectation,
    });
  };

  for (const family of families) {
    const program = programOf(family);
    const onProgram = program ? { program } : {};
    const act = family.activator;
    if (act && lc.isSelected(act)) {
      const title = card
        ? `${cardLabel(card)}: its confirmation code has expired (provider state), the right code → ` +
          'linkageConfirmationCodeExpired'
        : 'an expired confirmation code (provider state) → linkageConfirmationCodeExpired';
      const state =
        card &&
        providerStateSentence({ kind: 'confirmationCodeExpired', card: card.lastFourDigitsCardNumber, ...onProgram });
      await checkLinkState(act, family, 'linkageConfirmationCodeExpired', state, title);
    }
    for (const op of family.consumers.filter((c) => lc.isSelected(c))) {
      for (const refusal of ORDER_REFUSALS) {
        if (!documentsCode(op, refusal.code)) continue;
        const title = card
          ? `${cardLabel(card)}: active but ${refusal.condition} (provider state), a valid request → ${refusal.code}`
          : `${refusal.condition} (provider state) → ${refusal.code}`;
        // The card's fixture balance keeps the valid order affordable, as in the main phase.
        const state =
          card &&
          providerStateSentence({
            kind: 'linkActive',
            card: card.lastFourDigitsCardNumber,
            ...onProgram,
            points: card.account.availablePointBalance,
            refusal: refusal.code,
          });
        await checkLinkState(op, family, refusal.code, state, title, card && affordableOrder(card.account));
      }
    }
  }
}
