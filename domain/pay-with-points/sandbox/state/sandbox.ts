import { randomBytes, randomInt } from 'node:crypto';
import { cardKey, cardKeyOf, type Fixture } from '../../fixture.ts';
import { balanceOf, openAccount, type CardAccount, type LedgerEntry } from './accounts.ts';
import { AuthState } from './auth.ts';
import { E2eKeyPair } from './e2e-key.ts';
import { GrantStore } from './grants.ts';
import { LinkTable, type Link, type LinkStatus, type Program } from './links.ts';
import { verifyOneTimeCode, type OtpChallenge } from './otp.ts';
import { fail, ok, type Outcome } from './outcome.ts';
import { orderFingerprint, priceOrder, type RedemptionOrderInput } from './redemption.ts';
import { searchRewardAccounts, type RewardAccountsAnswer } from './search.ts';

export interface SandboxOptions {
  /** Milliseconds clock (default Date.now). */
  now?: () => number;
  /** [0, 1) source for reward link codes (default crypto). */
  random?: () => number;
  /** Access token factory (default 32 random bytes, base64url). */
  newToken?: () => string;
}

const ACTIVATED = ok(null);

/**
 * The whole in-memory domain: clients and tokens, cards and their accounts, links, the ledger.
 * No I/O, no await: every operation runs to completion synchronously, so concurrent requests
 * cannot interleave between a balance check and its deduction.
 */
export class Sandbox {
  readonly now: () => number;
  private readonly random: () => number;
  private readonly newToken: () => string;
  fixture!: Fixture;
  auth!: AuthState;
  /** Authorize API: customer grants (authorization code, card access tokens) and the E2E key pair. */
  grants!: GrantStore;
  e2eKey!: E2eKeyPair;
  links!: LinkTable;
  accounts!: CardAccount[];
  ledger!: LedgerEntry[];
  /** Set by the "service is unavailable" provider state: every API request answers 500. */
  unavailable = false;
  /** Set by the "order ids cannot be generated" provider state: priced orders fail before any deduction. */
  orderIdsFailing = false;
  private byCard!: Map<string, CardAccount>;
  private byCardId!: Map<string, CardAccount>;
  /** Not reset with the state, so order ids stay unique for the life of the process. */
  private orderSeq = 0;

  constructor(fixture: Fixture, options: SandboxOptions = {}) {
    this.now = options.now ?? Date.now;
    this.random = options.random ?? (() => randomInt(0, 2 ** 47) / 2 ** 47);
    this.newToken = options.newToken ?? (() => randomBytes(32).toString('base64url'));
    this.reset(fixture);
  }

  /**
   * Back to the fixture (the given one replaces the current): no links, fixture balances, empty
   * ledger, no issued tokens.
   */
  reset(fixture: Fixture = this.fixture): void {
    this.fixture = fixture;
    this.grants = new GrantStore(fixture.clients, fixture.customers ?? [], this.now, this.newToken);
    this.auth = new AuthState(fixture.clients, this.now, this.newToken, this.grants);
    this.e2eKey = new E2eKeyPair(fixture.e2eKey);
    this.links = new LinkTable(this.random);
    this.accounts = fixture.cards.map((c) => openAccount(c));
    this.byCard = new Map(this.accounts.map((a) => [cardKeyOf(a.card), a]));
    this.byCardId = new Map(this.accounts.filter((a) => a.card.cardId).map((a) => [a.card.cardId as string, a]));
    this.ledger = [];
    this.unavailable = false;
    this.orderIdsFailing = false;
  }

  enrol(clientId: string, program: Program, lastFour: string, phone: string): Outcome<{ rewardLinkCode: string }> {
    const account = this.byCard.get(cardKey(lastFour, phone));
    if (!account) return fail('invalidCardType', undefined, 'No card with these last four digits and phone number');
    if (this.links.ofOwner(clientId, program, account)?.status === 'active') return fail('cardAlreadyRegistered');
    return ok({ rewardLinkCode: this.links.create(clientId, program, account, this.now()).code });
  }

  activate(clientId: string, program: Program, code: string, confirmationCode: string): Outcome<null> {
    const link = this.linkOf(clientId, program, code);
    if (!link) return fail('invalidRewardLinkCode', 'rewardLinkCode');
    const expected = link.account.card.linkageConfirmationCode;
    if (link.status === 'active')
      return confirmationCode === expected ? ACTIVATED : fail('activationFailed', 'linkageConfirmationCode');
    const challenge: OtpChallenge = {
      issuedAt: link.enrolledAt,
      failedAttempts: link.failedAttempts,
      locked: link.status === 'locked',
    };
    const verdict = verifyOneTimeCode(challenge, confirmationCode, expected, this.now());
    link.failedAttempts = challenge.failedAttempts;
    if (challenge.locked) link.status = 'locked';
    switch (verdict) {
      case 'locked':
        return fail('exceedsMaximumAttempts');
      case 'expired':
        return fail('linkageConfirmationCodeExpired');
      case 'wrong':
        return fail('activationFailed', 'linkageConfirmationCode');
      case 'ok':
        link.status = 'active';
        return ACTIVATED;
    }
  }

  balance(clientId: string, program: Program, code: string): Outcome<ReturnType<typeof balanceOf>> {
    const link = this.activeLink(clientId, program, code);
    return link.ok ? ok(balanceOf(link.value.account)) : link;
  }

  /**
   * Redeems once per (link, transactionReferenceNumber): a replay of the same order answers the
   * first answer again without deducting; the same reference with a different order is refused
   * (invalidRequest at transactionReferenceNumber). Failed attempts are not remembered.
   */
  redeem(
    clientId: string,
    program: Program,
    code: string,
    reference: string,
    order: RedemptionOrderInput,
  ): Outcome<{ orderId: string; availablePointBalance: number }> {
    const found = this.activeLink(clientId, program, code);
    if (!found.ok) return found;
    const link = found.value;
    const account = link.account;
    const fingerprint = orderFingerprint(account, order);
    const first = link.redemptions.get(reference);
    if (first) {
      if (first.fingerprint === fingerprint) return ok(first.response);
      return fail(
        'invalidRequest',
        'transactionReferenceNumber',
        'transactionReferenceNumber was already used for a different redemption order',
      );
    }
    const priced = priceOrder(account, order);
    if (!priced.ok) return priced;
    if (this.orderIdsFailing) return fail('errorGeneratingOrderId');
    const points = priced.value;
    const balanceBefore = account.availablePointBalance;
    account.availablePointBalance = balanceBefore - points;
    const orderId = `T${25_100_000 + ++this.orderSeq}`;
    const response = { orderId, availablePointBalance: account.availablePointBalance };
    link.redemptions.set(reference, { fingerprint, response });
    this.ledger.push({
      orderId,
      lastFourDigitsCardNumber: account.card.lastFourDigitsCardNumber,
      rewardLinkCode: link.code,
      transactionReferenceNumber: reference,
      pointsRedeemed: points,
      transactionAmount: order.transactionAmount,
      currencyCode: account.currencyCode,
      balanceBefore,
      balanceAfter: account.availablePointBalance,
      at: this.now(),
    });
    return ok(response);
  }

  /** Ends a link in any status; its code is unknown afterwards. */
  deregister(clientId: string, program: Program, code: string): Outcome<null> {
    const link = this.linkOf(clientId, program, code);
    if (!link) return fail('invalidRewardLinkCode', 'rewardLinkCode');
    this.links.remove(link);
    return ACTIVATED;
  }

  searchBalances(cardIds: readonly string[]): Outcome<RewardAccountsAnswer> {
    return searchRewardAccounts(cardIds, (id) => this.byCardId.get(id));
  }

  /** Card authorization: the fixture card with this full number. */
  cardByNumber(cardNumber: string): CardAccount | undefined {
    return this.accounts.find((a) => a.card.cardNumber !== undefined && a.card.cardNumber === cardNumber);
  }

  /** For provider states: the fixture card with these last four digits. */
  cardByLastFour(lastFour: string): CardAccount | undefined {
    return this.accounts.find((a) => a.card.lastFourDigitsCardNumber === lastFour);
  }

  /** For provider states: a link in a given condition, with a chosen code. */
  seedLink(
    clientId: string,
    program: Program,
    account: CardAccount,
    code: string,
    status: LinkStatus,
    failedAttempts = 0,
    enrolledAt = this.now(),
  ): Link {
    const link = this.links.create(clientId, program, account, enrolledAt, code);
    link.status = status;
    link.failedAttempts = failedAttempts;
    return link;
  }

  private linkOf(clientId: string, program: Program, code: string): Link | undefined {
    const link = this.links.get(code);
    return link && link.clientId === clientId && link.program === program ? link : undefined;
  }

  private activeLink(clientId: string, program: Program, code: string): Outcome<Link> {
    const link = this.linkOf(clientId, program, code);
    if (!link) return fail('invalidRewardLinkCode', 'rewardLinkCode');
    if (link.status !== 'active') return fail('inactiveRewardLinkCode', 'rewardLinkCode');
    return ok(link);
  }
}
