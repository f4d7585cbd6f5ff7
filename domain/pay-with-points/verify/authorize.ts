import { randomUUID } from 'node:crypto';
import { encryptWithE2eKey } from '@pwpkit/runtime';
import { isObject } from '../../../input/document.ts';
import {
  toHttpRequest,
  validParts,
  type ApiSet,
  type CaseKind,
  type CaseSpec,
  type Exchange,
  type Expectation,
  type LaneContext,
  type Operation,
  type RequestContext,
  type StatesClient,
} from '../../../verifier/plugin.ts';
import type { Fixture } from '../fixture.ts';
import { providerStateSentence } from '../provider-states.ts';

/**
 * The OAuth rules of the Authorize API (seed 002, RFC 6749 / 7009) as scenarios, run when the
 * specs hold its calls (found by path: `/authCode/oauth2/…`, `/cardAuth/oauth2/…`, `…/e2eKey`):
 * - authorization code: the login + consent page → code and state on the redirect → token; the
 *   token works; refresh yields a working pair and kills the old refresh token; revoking the
 *   access token ends both; a reused code and a code sent with another redirect URL are refused;
 * - card authorization: E2E key → enrol (card number encrypted under it) → the pending token is
 *   not accepted → a wrong one-time password is refused → the right one activates → the token
 *   works → refresh rotates → revoke → 401; three wrong passwords lock the token for good;
 * - with `--states-url`: an expired token is refused with the documented 401, an expired code
 *   with invalid_grant (`authorizeStateChecks`).
 * Every other check (schema, status, error catalog) runs on each step's exchange as usual.
 */
export const CODE_SUITE = 'scenario: authorization code grant';
export const CARD_SUITE = 'scenario: card authorization';
export const STATE_SUITE = 'scenario: expired customer tokens';

interface AuthorizeOps {
  page?: Operation;
  codeToken?: Operation;
  codeRefresh?: Operation;
  codeRevoke?: Operation;
  cardEnrol?: Operation;
  cardToken?: Operation;
  cardRefresh?: Operation;
  cardRevoke?: Operation;
  /** A bearer call that shows whether a customer token is accepted (the E2E key call). */
  use?: Operation;
}

export function authorizeOperations(set: ApiSet): AuthorizeOps {
  const find = (method: string, pattern: RegExp) =>
    set.operations.find((op) => op.model.method === method && pattern.test(op.model.path));
  return {
    page: find('get', /\/authCode\/oauth2\/authorize$/),
    codeToken: find('post', /\/authCode\/oauth2\/token\//),
    codeRefresh: find('post', /\/authCode\/oauth2\/refresh$/),
    codeRevoke: find('post', /\/authCode\/oauth2\/revoke$/),
    cardEnrol: find('post', /\/cardAuth\/oauth2\/authorize\//),
    cardToken: find('post', /\/cardAuth\/oauth2\/token\//),
    cardRefresh: find('post', /\/cardAuth\/oauth2\/refresh$/),
    cardRevoke: find('post', /\/cardAuth\/oauth2\/revoke$/),
    use: find('get', /\/e2eKey$/),
  };
}

/** The scenario lanes to run beside the others (none when the specs hold no Authorize API calls). */
export function authorizeScenarios(
  lc: LaneContext,
  fixture: Fixture,
  only: ReadonlySet<string> | undefined,
): Promise<void>[] {
  const ops = authorizeOperations(lc.base.set);
  const wanted = (suite: string) =>
    !only || only.has(suite) || only.has(`scenario:${suite.slice('scenario: '.length)}`);
  const lanes: Promise<void>[] = [];
  if (ops.page && ops.codeToken && wanted(CODE_SUITE)) lanes.push(codeScenario(lc, ops, fixture));
  if (ops.cardEnrol && ops.cardToken && wanted(CARD_SUITE)) lanes.push(cardScenario(lc, ops, fixture));
  return lanes;
}

type Step = {
  title: string;
  op: Operation;
  kind?: CaseKind;
  patch?: Patch;
  expectation: Expectation;
  assert?: CaseSpec['assert'];
};
interface Patch {
  body?: unknown;
  headers?: Record<string, string>;
  query?: Record<string, string>;
}

function stepper(lc: LaneContext, suite: string, ctx: RequestContext) {
  return (step: Step): Promise<Exchange> => {
    const parts = validParts(step.op, ctx);
    const request = toHttpRequest(step.op, ctx, {
      ...parts,
      ...(step.patch?.body !== undefined ? { body: step.patch.body } : {}),
      headers: { ...parts.headers, ...step.patch?.headers },
      query: { ...parts.query, ...step.patch?.query },
    });
    return lc.runner.run({
      suite,
      title: step.title,
      kind: step.kind ?? 'scenario',
      operation: step.op,
      request,
      expectation: step.expectation,
      ...(step.assert ? { assert: step.assert } : {}),
    });
  };
}

const accepted: Expectation = { kind: 'accepted' };
const bodyOf = (e: Exchange): Record<string, unknown> => (isObject(e.response?.body) ? e.response.body : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
function oauthError(want: string) {
  return (e: Exchange) =>
    bodyOf(e).error === want
      ? undefined
      : `expected the OAuth error "${want}", got ${JSON.stringify(bodyOf(e).error ?? bodyOf(e).code ?? null)}`;
}
function hasPair(e: Exchange): string | undefined {
  const b = bodyOf(e);
  return str(b.access_token) && str(b.refresh_token)
    ? undefined
    : 'the answer carries no access_token and refresh_token';
}
/** The documented 401 of the bearer call, by its catalog. */
function unauthorized(op: Operation): Expectation {
  const codes = (op.catalog['401'] ?? []).map((r) => r.code);
  return { kind: 'refused', status: 401, ...(codes.length > 0 ? { codes } : {}), why: 'the token is dead' };
}
function refusedCode(op: Operation, code: string): Expectation {
  const documented = Object.values(op.catalog).some((rows) => rows.some((r) => r.code === code));
  return { kind: 'refused', status: 400, ...(documented ? { codes: [code] } : {}) };
}
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function codeScenario(lc: LaneContext, ops: AuthorizeOps, fixture: Fixture): Promise<void> {
  const { runner } = lc;
  const customer = fixture.customers?.[0];
  const page = ops.page!;
  if (!customer)
    return runner.skip(
      CODE_SUITE,
      'all steps',
      'scenario',
      'the fixture has no customer to log in as (fixture.customers)',
      page,
    );
  if (!lc.base.basic)
    return runner.skip(
      CODE_SUITE,
      'all steps',
      'scenario',
      'no client secret for HTTP Basic client authentication',
      page,
    );
  const ctx: RequestContext = { ...lc.base, values: {} };
  const step = stepper(lc, CODE_SUITE, ctx);
  const client = fixture.clients.find((c) => c.clientId === ctx.clientId);
  const redirectUri = client?.redirectUris?.[0] ?? String(validParts(page, ctx).query.redirect_uri ?? '');

  /** The customer logs in and consents on the page; answers the code, or records why not. */
  const consent = async (label: string): Promise<string | undefined> => {
    const state = randomUUID();
    const shown = await step({
      title: `${label}: the login and consent page is served`,
      op: page,
      patch: { query: { redirect_uri: redirectUri, state } },
      expectation: accepted,
      assert: (e) =>
        /<form[\s>]/i.test(e.response?.bodyText ?? '') ? undefined : 'the 200 answer holds no login form',
    });
    const html = shown.response?.bodyText ?? '';
    const submitted = await submitLogin(shown.request.url, html, customer.userId, customer.password);
    if (typeof submitted === 'string') {
      runner.fail(CODE_SUITE, `${label}: the customer logs in and consents`, 'scenario', submitted, page);
      return undefined;
    }
    const back = submitted;
    const problems = [
      back.searchParams.get('state') === state
        ? undefined
        : 'the redirect does not carry the state the authorize URL sent',
      back.origin + back.pathname === new URL(redirectUri).origin + new URL(redirectUri).pathname
        ? undefined
        : 'the redirect goes elsewhere than redirect_uri',
      back.searchParams.get('code')
        ? undefined
        : `the redirect carries no code` +
          (back.searchParams.get('error') ? ` (error=${back.searchParams.get('error')})` : ''),
    ].filter((p): p is string => p !== undefined);
    if (problems.length > 0) {
      runner.fail(
        CODE_SUITE,
        `${label}: the customer logs in and consents → redirect with code and state`,
        'scenario',
        problems.join('; '),
        page,
      );
      return undefined;
    }
    return back.searchParams.get('code')!;
  };

  await step({
    title: 'a redirect_uri not registered for the client → 400, the customer is not redirected',
    op: page,
    patch: { query: { redirect_uri: 'https://pwpkit-unregistered.example/callback', state: randomUUID() } },
    expectation: { kind: 'refused', status: 400 },
    assert: (e) => (e.response?.headers.location ? `redirected to ${e.response.headers.location}` : undefined),
  });
  const errorState = randomUUID();
  await step({
    title: 'response_type=token → 302 back to redirect_uri with error=unsupported_response_type and the state',
    op: page,
    patch: { query: { redirect_uri: redirectUri, state: errorState, response_type: 'token' } },
    expectation: { kind: 'documented' },
    assert: (e) => {
      const location = e.response?.headers.location;
      if (e.response?.status !== 302 || !location) return `expected a 302 redirect, got ${e.response?.status}`;
      const back = new URL(location, redirectUri);
      return back.searchParams.get('error') === 'unsupported_response_type' &&
        back.searchParams.get('state') === errorState
        ? undefined
        : `the redirect carries error=${back.searchParams.get('error')} and ` +
            `${back.searchParams.get('state') === errorState ? 'the' : 'not the'} state`;
    },
  });
  const code = await consent('consent');
  if (!code) return;
  const exchange = (
    title: string,
    c: string,
    expectation: Expectation,
    assert: CaseSpec['assert'],
    uri = redirectUri,
  ) =>
    step({
      title,
      op: ops.codeToken!,
      patch: { body: { grant_type: 'authorization_code', code: c, redirect_uri: uri } },
      expectation,
      assert,
    });
  const first = await exchange('the code → an access and a refresh token', code, accepted, hasPair);
  const access1 = str(bodyOf(first).access_token);
  const refresh1 = str(bodyOf(first).refresh_token);
  if (!access1 || !refresh1) return;
  if (ops.use)
    await step({
      title: 'the access token is accepted',
      op: ops.use,
      patch: { headers: bearer(access1) },
      expectation: accepted,
    });

  if (ops.codeRefresh) {
    const rotated = await step({
      title: 'refresh → a new pair',
      op: ops.codeRefresh,
      patch: { body: { grant_type: 'refresh_token', refresh_token: refresh1 } },
      expectation: accepted,
      assert: (e) => [
        hasPair(e),
        str(bodyOf(e).refresh_token) === refresh1 ? 'the refresh token did not rotate' : undefined,
      ],
    });
    const access2 = str(bodyOf(rotated).access_token);
    const refresh2 = str(bodyOf(rotated).refresh_token);
    await step({
      title: 'the old refresh token again → invalid_grant (it rotated out)',
      op: ops.codeRefresh,
      patch: { body: { grant_type: 'refresh_token', refresh_token: refresh1 } },
      expectation: { kind: 'refused', status: 400 },
      assert: oauthError('invalid_grant'),
    });
    if (access2 && refresh2) {
      if (ops.use)
        await step({
          title: 'the new access token is accepted',
          op: ops.use,
          patch: { headers: bearer(access2) },
          expectation: accepted,
        });
      if (ops.codeRevoke) {
        await step({
          title: 'revoke the access token',
          op: ops.codeRevoke,
          patch: { body: { token: access2, token_type_hint: 'access_token' } },
          expectation: accepted,
        });
        if (ops.use)
          await step({
            title: 'the revoked access token → 401',
            op: ops.use,
            patch: { headers: bearer(access2) },
            expectation: unauthorized(ops.use),
          });
        await step({
          title: 'its refresh token after the revocation → invalid_grant (revoking either ends both)',
          op: ops.codeRefresh,
          patch: { body: { grant_type: 'refresh_token', refresh_token: refresh2 } },
          expectation: { kind: 'refused', status: 400 },
          assert: oauthError('invalid_grant'),
        });
      }
    }
  }
  await exchange(
    'the same code again → invalid_grant (single use)',
    code,
    { kind: 'refused', status: 400 },
    oauthError('invalid_grant'),
  );
  const second = await consent('second consent');
  if (second) {
    const elsewhere = new URL(redirectUri);
    elsewhere.pathname = `${elsewhere.pathname.replace(/\/+$/, '')}/elsewhere`;
    await exchange(
      'a code with another redirect_uri than it was issued for → invalid_grant',
      second,
      { kind: 'refused', status: 400 },
      oauthError('invalid_grant'),
      elsewhere.toString(),
    );
  }
}

async function cardScenario(lc: LaneContext, ops: AuthorizeOps, fixture: Fixture): Promise<void> {
  const { runner } = lc;
  const card = fixture.cards.find((c) => c.cardNumber !== undefined);
  const enrolOp = ops.cardEnrol!;
  const tokenOp = ops.cardToken!;
  if (!card)
    return runner.skip(
      CARD_SUITE,
      'all steps',
      'scenario',
      'the fixture has no card with its full cardNumber',
      enrolOp,
    );
  if (!lc.base.basic)
    return runner.skip(
      CARD_SUITE,
      'all steps',
      'scenario',
      'no client secret for HTTP Basic client authentication',
      enrolOp,
    );
  if (!ops.use)
    return runner.skip(
      CARD_SUITE,
      'all steps',
      'scenario',
      'the specs have no E2E key call to encrypt the card number with',
      enrolOp,
    );
  const ctx: RequestContext = { ...lc.base, values: {} };
  const step = stepper(lc, CARD_SUITE, ctx);
  const otp = card.linkageConfirmationCode;
  const wrongOtp = otp === '000000' ? '111111' : '000000';

  const keyAnswer = await step({
    title: 'the pre-login E2E public key',
    op: ops.use,
    expectation: accepted,
    assert: (e) => (str(bodyOf(e).modulus) && str(bodyOf(e).exponent) ? undefined : 'no modulus and exponent'),
  });
  const key = bodyOf(keyAnswer);
  if (!str(key.modulus) || !str(key.exponent)) return;
  let encrypted: string;
  try {
    encrypted = await encryptWithE2eKey(
      { modulus: key.modulus as string, exponent: key.exponent as string },
      card.cardNumber!,
    );
  } catch (error) {
    return runner.fail(
      CARD_SUITE,
      'encrypt the card number under the E2E key',
      'scenario',
      `the published key does not encrypt: ${error instanceof Error ? error.message : String(error)}`,
      ops.use,
    );
  }
  const enrolBody = { cardNumber: encrypted, keyIdentifier: str(key.keyIdentifier) ?? 'CARD_LOGIN', scope: '/api' };
  const enrol = (title: string) =>
    step({
      title,
      op: enrolOp,
      patch: { body: enrolBody },
      expectation: accepted,
      assert: (e) => (str(bodyOf(e).access_token) ? undefined : 'the answer carries no access_token'),
    });
  const activate = (
    title: string,
    token: string,
    code: string,
    expectation: Expectation,
    assert?: CaseSpec['assert'],
  ) =>
    step({
      title,
      op: tokenOp,
      patch: { body: { access_token: token, otp: code } },
      expectation,
      ...(assert ? { assert } : {}),
    });

  const enrolled = await enrol(
    `enrol card …${card.lastFourDigitsCardNumber} (number encrypted under the E2E key) → a pending token, ` +
      'a one-time password by SMS',
  );
  const pending = str(bodyOf(enrolled).access_token);
  if (!pending) return;
  await step({
    title: 'the pending token is not accepted before activation → 401',
    op: ops.use,
    patch: { headers: bearer(pending) },
    expectation: unauthorized(ops.use),
  });
  await activate(
    'a wrong one-time password → activationFailed',
    pending,
    wrongOtp,
    refusedCode(tokenOp, 'activationFailed'),
  );
  const active = await activate(
    'the right one-time password → the active token and a refresh token',
    pending,
    otp,
    accepted,
    hasPair,
  );
  const access1 = str(bodyOf(active).access_token);
  const refresh1 = str(bodyOf(active).refresh_token);
  if (access1 && refresh1) {
    await step({
      title: 'the card access token is accepted',
      op: ops.use,
      patch: { headers: bearer(access1) },
      expectation: accepted,
    });
    if (ops.cardRefresh) {
      const rotated = await step({
        title: 'refresh → a new pair',
        op: ops.cardRefresh,
        patch: { body: { grant_type: 'refresh_token', refresh_token: refresh1 } },
        expectation: accepted,
        assert: hasPair,
      });
      const access2 = str(bodyOf(rotated).access_token);
      const refresh2 = str(bodyOf(rotated).refresh_token);
      await step({
        title: 'the old refresh token again → refused (it rotated out)',
        op: ops.cardRefresh,
        patch: { body: { grant_type: 'refresh_token', refresh_token: refresh1 } },
        expectation: refusedCode(ops.cardRefresh, 'invalidRefreshToken'),
      });
      if (access2 && refresh2) {
        await step({
          title: 'the new card access token is accepted',
          op: ops.use,
          patch: { headers: bearer(access2) },
          expectation: accepted,
        });
        if (ops.cardRevoke) {
          await step({
            title: 'revoke the refresh token',
            op: ops.cardRevoke,
            patch: { body: { token: refresh2, token_type_hint: 'refresh_token' } },
            expectation: accepted,
          });
          await step({
            title: 'its access token after the revocation → 401 (revoking either ends both)',
            op: ops.use,
            patch: { headers: bearer(access2) },
            expectation: unauthorized(ops.use),
          });
        }
      }
    }
  }

  const again = await enrol('enrol again, for the attempt limit');
  const locked = str(bodyOf(again).access_token);
  if (!locked) return;
  await activate(
    'wrong one-time password 1 of 3 → activationFailed',
    locked,
    wrongOtp,
    refusedCode(tokenOp, 'activationFailed'),
  );
  await activate(
    'wrong one-time password 2 of 3 → activationFailed',
    locked,
    wrongOtp,
    refusedCode(tokenOp, 'activationFailed'),
  );
  await activate(
    'wrong one-time password 3 of 3 → exceedsMaximumAttempts',
    locked,
    wrongOtp,
    refusedCode(tokenOp, 'exceedsMaximumAttempts'),
  );
  await activate(
    'the right one-time password after the lock → still exceedsMaximumAttempts',
    locked,
    otp,
    refusedCode(tokenOp, 'exceedsMaximumAttempts'),
  );
}

/**
 * With `--states-url`: expired customer tokens and codes, set up by provider state (the family's
 * vocabulary; another provider's endpoint must know the same sentences). Runs alone, after the
 * other state checks; the engine resets the provider after it.
 */
export async function authorizeStateChecks(lc: LaneContext, fixture: Fixture, states: StatesClient): Promise<void> {
  const ops = authorizeOperations(lc.base.set);
  if (!ops.use || !lc.isSelected(ops.use)) return;
  const ctx: RequestContext = { ...lc.base, values: {} };
  const step = stepper(lc, STATE_SUITE, ctx);
  const card = fixture.cards.find((c) => c.cardNumber !== undefined);
  const customer = fixture.customers?.[0];
  const expiredToken = async (state: string, title: string, op: Operation) => {
    const set = await states.setup(state, ctx.clientId ? { clientId: ctx.clientId } : {});
    if (!set.ok) return lc.runner.skip(STATE_SUITE, title, 'state', set.reason, op);
    const token = str(set.values.access_token);
    if (!token)
      return lc.runner.fail(STATE_SUITE, title, 'state', `the provider state "${state}" answered no access_token`, op);
    await step({ title, op, kind: 'state', patch: { headers: bearer(token) }, expectation: unauthorized(op) });
  };
  if (ops.cardEnrol && ops.cardToken && card && lc.base.basic) {
    const state = providerStateSentence({
      kind: 'cardAccessToken',
      card: card.lastFourDigitsCardNumber,
      condition: 'otpExpired',
    });
    const title = `"${state}" (provider state): activation → otpExpired`;
    const set = await states.setup(state, ctx.clientId ? { clientId: ctx.clientId } : {});
    if (!set.ok) lc.runner.skip(STATE_SUITE, title, 'state', set.reason, ops.cardToken);
    else
      await step({
        title,
        op: ops.cardToken,
        kind: 'state',
        patch: {
          body: {
            access_token: String(set.values.access_token ?? ''),
            otp: String(set.values.otp ?? card.linkageConfirmationCode),
          },
        },
        expectation: refusedCode(ops.cardToken, 'otpExpired'),
      });
  }
  if (ops.cardEnrol && card) {
    const state = providerStateSentence({
      kind: 'cardAccessToken',
      card: card.lastFourDigitsCardNumber,
      condition: 'expired',
    });
    await expiredToken(state, `"${state}" (provider state) → 401`, ops.use);
  }
  if (ops.page && customer) {
    const expired = providerStateSentence({
      kind: 'customerGrant',
      userId: customer.userId,
      condition: 'accessTokenExpired',
    });
    await expiredToken(expired, `"${expired}" (provider state) → 401`, ops.use);
    if (ops.codeToken && lc.base.basic) {
      const state = providerStateSentence({
        kind: 'customerGrant',
        userId: customer.userId,
        condition: 'expiredAuthorizationCode',
      });
      const title = `"${state}" (provider state): the code → invalid_grant`;
      const set = await states.setup(state, ctx.clientId ? { clientId: ctx.clientId } : {});
      if (!set.ok) lc.runner.skip(STATE_SUITE, title, 'state', set.reason, ops.codeToken);
      else
        await step({
          title,
          op: ops.codeToken,
          kind: 'state',
          patch: {
            body: {
              grant_type: 'authorization_code',
              code: String(set.values.code ?? ''),
              redirect_uri: String(set.values.redirect_uri ?? ''),
            },
          },
          expectation: { kind: 'refused', status: 400 },
          assert: oauthError('invalid_grant'),
        });
    }
  }
}

/**
 * Fills in and submits the page's login form as a browser would: hidden fields as they are, the
 * text field gets the user id, the password field the password, the Allow button. Answers where
 * the provider redirected to, or what went wrong. The login page is the bank's UI, not an API
 * call, so this exchange is not a case of its own; the redirect it yields is what is judged.
 */
async function submitLogin(pageUrl: string, html: string, userId: string, password: string): Promise<URL | string> {
  const form = /<form\b([^>]*)>([\s\S]*?)<\/form>/i.exec(html);
  if (!form) return 'the page has no form';
  const attr = (tag: string, name: string) => new RegExp(`\\b${name}\\s*=\\s*"([^"]*)"`, 'i').exec(tag)?.[1];
  const decode = (v: string) =>
    v
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  const fields = new URLSearchParams();
  let sawPassword = false;
  for (const [tag] of form[2].matchAll(/<input\b[^>]*>/gi)) {
    const name = attr(tag, 'name');
    if (!name) continue;
    const type = (attr(tag, 'type') ?? 'text').toLowerCase();
    if (type === 'hidden') fields.append(name, decode(attr(tag, 'value') ?? ''));
    else if (type === 'password') {
      fields.append(name, password);
      sawPassword = true;
    } else if (type === 'text' || type === 'email') fields.append(name, userId);
  }
  if (!sawPassword) return 'the form has no password field';
  const allow = [...form[2].matchAll(/<button\b[^>]*>/gi)]
    .map(([tag]) => tag)
    .find((tag) => /allow|accept|consent/i.test(attr(tag, 'value') ?? ''));
  if (allow && attr(allow, 'name')) fields.append(attr(allow, 'name')!, decode(attr(allow, 'value')!));
  const action = new URL(decode(attr(form[1], 'action') ?? ''), pageUrl);
  try {
    const response = await fetch(action, {
      method: (attr(form[1], 'method') ?? 'post').toUpperCase(),
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: fields.toString(),
      signal: AbortSignal.timeout(10_000),
    });
    await response.body?.cancel();
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location)
      return `logging in as the fixture's first customer answered ${response.status}, not a redirect`;
    return new URL(location, action);
  } catch (error) {
    return `the login form could not be submitted: ${error instanceof Error ? error.message : String(error)}`;
  }
}
