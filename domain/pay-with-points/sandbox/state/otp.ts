/**
 * The one-time-code rule the sandbox applies wherever a code sent to the card holder's phone
 * confirms something: a Pay with Points / Shop with Points linkage confirmation code, and the
 * one-time password that activates a card access token (Authorize API). A code is valid for
 * 5 minutes from when it was sent; the third wrong code locks the challenge for good.
 */
export const MAX_OTP_ATTEMPTS = 3;
export const OTP_TTL_MS = 5 * 60 * 1000;

/** One outstanding code: when it was sent, how many wrong tries so far, locked for good. */
export interface OtpChallenge {
  readonly issuedAt: number;
  failedAttempts: number;
  locked: boolean;
}

export type OtpVerdict = 'ok' | 'wrong' | 'locked' | 'expired';

/** Checks a submitted code; counts a wrong one and locks the challenge on the last allowed try. */
export function verifyOneTimeCode(challenge: OtpChallenge, given: string, expected: string, now: number): OtpVerdict {
  if (challenge.locked) return 'locked';
  if (now - challenge.issuedAt > OTP_TTL_MS) return 'expired';
  if (given === expected) return 'ok';
  challenge.failedAttempts++;
  if (challenge.failedAttempts < MAX_OTP_ATTEMPTS) return 'wrong';
  challenge.locked = true;
  return 'locked';
}
