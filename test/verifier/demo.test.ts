import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { main } from '../../cli/main.ts';

let out = '';
beforeEach(() => {
  out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => vi.restoreAllMocks());

it('pwpkit demo (npm start): mock in-process, verify against the project specs, report, coverage, exit 0', async () => {
  expect(await main(['demo'])).toBe(0);
  expect(out).toMatch(/pwpkit demo: the sandbox mock is listening on http:\/\/127\.0\.0\.1:\d+\/api/);
  expect(out).toMatch(/scenario: enrollInPayWithPoints lifecycle {2}\(\d+\/\d+ passed\)/);
  expect(out).toMatch(/PASS: \d+ checks, \d+ passed, 0 failed/);
  expect(out).toMatch(/Coverage: \d+\/\d+ documented statuses/);
  // The mock's provider states are passed.
  expect(out).toContain('"the service is unavailable" (provider state) → 500 serverUnavailable');
  expect(out).toMatch(/· 404 +· resourceNotFound/);
  // The Authorize API is part of the showcase: its scenarios ran and its calls are in the coverage table.
  expect(out).toMatch(/scenario: card authorization {2}\(\d+\/\d+ passed\)/);
  expect(out).toMatch(/scenario: authorization code grant {2}\(\d+\/\d+ passed\)/);
  expect(out).toMatch(/enrollAndGenerateCardAccessToken +✓ 200/);
  expect(out).toMatch(
    new RegExp(
      /activateCardAccessToken +✓ 200\n +✓ 400 +✓ invalidRequest +/.source +
        /✓ activationFailed +✓ exceedsMaximumAttempts +✓ otpExpired/.source,
    ),
  );
  expect(out).not.toMatch(/· (?:serverUnavailable|linkageConfirmationCodeExpired|inactiveRewardLinkCode)/);
});
