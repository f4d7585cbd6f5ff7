/**
 * The mock's login and consent page in a real headless browser (Debian's Chromium through
 * playwright-core): the runtime's authorization-code source builds the authorize URL, the browser
 * logs in and consents, the mock redirects to the app's loopback callback with code and state,
 * and the source checks the state and exchanges the code. `.ci/run` installs Chromium from
 * Debian's packages when it is missing; without a browser this file is skipped (and says why).
 * The same flow without a browser (a plain fetch of the form) is in authorize.test.ts.
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizationCode } from '@pwpkit/runtime';
import { startPayWithPointsSandbox } from '../../domain/pay-with-points/index.ts';

const CHROMIUM = process.env.PWPKIT_CHROMIUM ?? '/usr/bin/chromium';
const haveBrowser = existsSync(CHROMIUM);
const skipped = haveBrowser
  ? ''
  : ` (skipped: no browser at ${CHROMIUM}; apt-get install chromium, or set PWPKIT_CHROMIUM)`;
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

describe.skipIf(!haveBrowser)(`the consent page in headless Chromium${skipped}`, () => {
  let mock: Awaited<ReturnType<typeof startPayWithPointsSandbox>>;
  let callback: Server;
  let callbackUrl: string;
  const seen: string[] = [];
  let browser: import('playwright-core').Browser;

  beforeAll(async () => {
    mock = await startPayWithPointsSandbox({ port: 0 });
    callback = createServer((req, res) => {
      seen.push(req.url ?? '');
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end('<!doctype html><title>merchant app</title><p id="done">back in the app</p>');
    });
    await new Promise<void>((resolve) => callback.listen(0, '127.0.0.1', resolve));
    callbackUrl = `http://127.0.0.1:${(callback.address() as AddressInfo).port}/callback`;
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 60_000 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => callback?.close(resolve));
    await mock?.close();
  }, 60_000);

  const source = () =>
    authorizationCode({
      baseUrl: mock.url,
      clientId: 'sandbox-client',
      clientSecret: 'sandbox-secret',
      redirectUri: callbackUrl,
      scope: 'accounts_details_transactions customers_profiles',
      locale: 'en_HK',
    });

  it('log in and Allow → redirected to the app with code and state → ' +
    'the code is exchanged and the token works', async () => {
    const oauth = source();
    const { url, state } = oauth.authorizeUrl();
    const page = await browser.newPage();
    try {
      await page.goto(url, { timeout: 60_000 });
      expect(await page.title()).toContain('log in and consent');
      expect(await page.locator('#client').textContent()).toBe('sandbox-client');
      expect(await page.locator('#scopes li').allTextContents()).toEqual([
        'accounts_details_transactions',
        'customers_profiles',
      ]);

      await page.fill('#userId', 'chan.taiman');
      await page.fill('#password', 'not-the-password');
      await page.click('#allow');
      await page.waitForSelector('#error', { timeout: 60_000 });
      expect(await page.locator('#error').textContent()).toBe('The user ID or password is incorrect.');

      await page.fill('#userId', 'chan.taiman');
      await page.fill('#password', 'Sandbox-Pass-1');
      await Promise.all([
        page.waitForURL((u) => u.toString().startsWith(callbackUrl), { timeout: 60_000 }),
        page.click('#allow'),
      ]);
      expect(await page.locator('#done').textContent()).toBe('back in the app');
      const landed = new URL(page.url());
      expect(landed.searchParams.get('state')).toBe(state);
      expect(landed.searchParams.get('code')).toMatch(/^[A-Za-z0-9_-]{20,}$/);

      expect(await oauth.completeAuthorization(landed)).toEqual({ ok: true });
      const token = await oauth.get();
      const key = await fetch(`${mock.url}/api/partner/v1/prelogin/security/e2eKey`, {
        headers: {
          authorization: `Bearer ${token}`,
          client_id: 'sandbox-client',
          uuid: crypto.randomUUID(),
          accept: 'application/json',
        },
      });
      expect(key.status).toBe(200);
      // The redirect is one-shot: replaying it is refused by the state check, before any call.
      await expect(oauth.completeAuthorization(landed)).rejects.toThrow(/state/);
    } finally {
      await page.close();
    }
  }, 120_000);

  it('Deny → redirected with error=access_denied and the state', async () => {
    const oauth = source();
    const { url, state } = oauth.authorizeUrl();
    const page = await browser.newPage();
    try {
      await page.goto(url, { timeout: 60_000 });
      await Promise.all([
        page.waitForURL((u) => u.toString().startsWith(callbackUrl), { timeout: 60_000 }),
        page.click('#deny'),
      ]);
      const landed = new URL(page.url());
      expect(landed.searchParams.get('error')).toBe('access_denied');
      expect(landed.searchParams.get('state')).toBe(state);
      expect(await oauth.completeAuthorization(landed)).toMatchObject({ ok: false, error: 'access_denied' });
    } finally {
      await page.close();
    }
  }, 120_000);

  it('the page loads nothing from elsewhere and cannot be framed', async () => {
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    try {
      const response = await page.goto(source().authorizeUrl().url, { timeout: 60_000 });
      expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(response?.headers()['x-frame-options']).toBe('DENY');
      expect(requests.every((u) => u.startsWith(mock.url))).toBe(true);
      expect(await page.content()).not.toContain('Sandbox-Pass');
    } finally {
      await page.close();
    }
  }, 120_000);
});
