import type { RewardProgram } from '../../provider-states.ts';
import { cardKeyOf } from '../../fixture.ts';
import type { CardAccount } from './accounts.ts';

/** The reward program a link belongs to (the provider-state vocabulary's word for it). */
export type Program = RewardProgram;
export type LinkStatus = 'pending' | 'active' | 'locked';

/** The linkage confirmation code follows the sandbox's one-time-code rule (state/otp.ts). */
export { MAX_OTP_ATTEMPTS as MAX_ACTIVATION_ATTEMPTS, OTP_TTL_MS as CONFIRMATION_CODE_TTL_MS } from './otp.ts';
/** The spec's example code (used by provider states) and the "does not exist" one: never issued by enrolment. */
export const EXAMPLE_LINK_CODE = '9035268';
export const MISSING_LINK_CODE = '0000000';

/** A stored replayable answer of one redemption (per link and transactionReferenceNumber). */
export interface StoredRedemption {
  /** amount|currency|points of the first request, to tell a replay from a conflicting reuse. */
  readonly fingerprint: string;
  readonly response: { readonly orderId: string; readonly availablePointBalance: number };
}

/** A card linked to one merchant (client) for one program, identified by its rewardLinkCode. */
export interface Link {
  readonly code: string;
  readonly clientId: string;
  readonly program: Program;
  readonly account: CardAccount;
  status: LinkStatus;
  failedAttempts: number;
  enrolledAt: number;
  readonly redemptions: Map<string, StoredRedemption>;
}

/** Links by code, and the one live link per (client, program, card). */
export class LinkTable {
  private readonly byCode = new Map<string, Link>();
  private readonly byOwner = new Map<string, Link>();

  constructor(private readonly random: () => number) {}

  get(code: string): Link | undefined {
    return this.byCode.get(code);
  }

  ofOwner(clientId: string, program: Program, account: CardAccount): Link | undefined {
    return this.byOwner.get(ownerKey(clientId, program, account));
  }

  /** A new pending link; replaces (ends) the owner's previous link for that card and program. */
  create(clientId: string, program: Program, account: CardAccount, enrolledAt: number, code = this.freshCode()): Link {
    const previous = this.ofOwner(clientId, program, account);
    if (previous) this.remove(previous);
    const existing = this.byCode.get(code);
    if (existing) this.remove(existing);
    const link: Link = {
      code,
      clientId,
      program,
      account,
      status: 'pending',
      failedAttempts: 0,
      enrolledAt,
      redemptions: new Map(),
    };
    this.byCode.set(code, link);
    this.byOwner.set(ownerKey(clientId, program, account), link);
    return link;
  }

  remove(link: Link): void {
    this.byCode.delete(link.code);
    const key = ownerKey(link.clientId, link.program, link.account);
    if (this.byOwner.get(key) === link) this.byOwner.delete(key);
  }

  all(): IterableIterator<Link> {
    return this.byCode.values();
  }

  private freshCode(): string {
    for (;;) {
      const code = String(1_000_000 + Math.floor(this.random() * 9_000_000));
      if (code !== EXAMPLE_LINK_CODE && !this.byCode.has(code)) return code;
    }
  }
}

function ownerKey(clientId: string, program: Program, account: CardAccount): string {
  return `${clientId}\u0000${program}\u0000${cardKeyOf(account.card)}`;
}
