import { describe, expect, it } from 'vitest';
import { backoffDelay, redact } from '@pwpkit/runtime';

describe('redact', () => {
  it.each([
    ['Authorization: Bearer abc.def-ghi', 'Authorization: Bearer ***'],
    ['Basic c2FuZGJveDpzZWNyZXQ=', 'Basic ***'],
    ['{"access_token":"xyz123"}', '{"access_token":"***"}'],
    ['card 4111111111111111 used', 'card ************1111 used'],
    ['call 2608191234 now', 'call [phone] now'],
    ['code 9035268 stays', 'code 9035268 stays'],
  ])('%s', (input, want) => {
    expect(redact(input)).toBe(want);
  });

  it('removes known secrets wherever they appear', () => {
    expect(redact('oops s3cr3t-value leaked', ['s3cr3t-value'])).toBe('oops *** leaked');
  });
});

describe('backoffDelay', () => {
  const policy = { retries: 5, baseDelayMs: 100, maxDelayMs: 1000 };
  it('grows exponentially and is capped', () => {
    expect(backoffDelay(0, policy, () => 0.999)).toBe(99);
    expect(backoffDelay(3, policy, () => 0.999)).toBe(799);
    expect(backoffDelay(10, policy, () => 0.999)).toBe(999);
  });
  it('is jittered over the whole window', () => {
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(400);
  });
});
