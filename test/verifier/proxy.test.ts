import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createPayWithPointsClient } from '../../generated/pay-with-points/client.ts';
import { createRewardsApacClient } from '../../generated/rewards-apac/client.ts';
import { proxyText } from '../../reporting/proxy.ts';
import { proxyReport } from '../../verifier/proxy/report.ts';
import { startProxy, type RunningProxy } from '../../verifier/proxy/server.ts';
import { brokenVariants, startProvider, strayCodes, type RunningProvider } from './broken-providers.ts';
import { projectApis, ROOT, SPECS } from './specs.ts';

const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function proxied(
  variant?: (typeof brokenVariants)[number],
): Promise<{ provider: RunningProvider; proxy: RunningProxy }> {
  const provider = await startProvider(variant);
  cleanup.push(() => provider.close());
  const proxy = await startProxy({ target: provider.url, set: await projectApis() });
  cleanup.push(() => proxy.close());
  return { provider, proxy };
}

const card = {
  lastFourDigitsCardNumber: '7411',
  citiCardHolderPhoneNumber: '2608191234',
  merchantCustomerReferenceId: 'M-1',
};
const clientOptions = (url: string) => ({
  baseUrl: url,
  clientId: 'sandbox-client',
  clientSecret: 'sandbox-secret',
  validate: 'strict' as const,
});

describe('pwpkit proxy', () => {
  it('lets the typed client through unchanged; records nothing against a conformant client and provider', async () => {
    const { proxy } = await proxied();
    const pwp = createPayWithPointsClient(clientOptions(proxy.url));
    const apac = createRewardsApacClient(clientOptions(proxy.url));
    const enrol = await pwp.enrollInPayWithPoints({ body: card });
    expect(enrol.ok).toBe(true);
    const rewardLinkCode = (enrol as { data: { rewardLinkCode: string } }).data.rewardLinkCode;
    expect((await pwp.tokenActivation({ rewardLinkCode, body: { linkageConfirmationCode: '735937' } })).ok).toBe(true);
    const balance = await pwp.retrieveRewardsBalance({ rewardLinkCode });
    expect(balance).toMatchObject({ ok: true, data: { availablePointBalance: 10000 } });
    const redeem = await pwp.submitRedemptionRequest({
      rewardLinkCode,
      body: {
        transactionReferenceNumber: randomUUID(),
        redemptionOrder: { transactionAmount: 252.1, currencyCode: 'SGD' },
      },
    });
    expect(redeem).toMatchObject({ ok: true, data: { availablePointBalance: 9000 } });
    const refused = await pwp.submitRedemptionRequest({
      rewardLinkCode,
      body: {
        transactionReferenceNumber: randomUUID(),
        redemptionOrder: { transactionAmount: 1, currencyCode: 'SGD' },
      },
    });
    expect(refused).toMatchObject({
      ok: false,
      kind: 'error',
      status: 400,
      error: { code: 'belowMinimumPointsAllowed' },
    });
    expect((await apac.deRegisterPayWithPointsEnrollmentInCard({ rewardLinkCode })).ok).toBe(true);

    const results = await proxy.close();
    const judged = results.filter((r) => !r.skipped);
    expect(judged.map((r) => r.operation)).toEqual([
      'enrollInPayWithPoints',
      'tokenActivation',
      'retrieveRewardsBalance',
      'submitRedemptionRequest',
      'submitRedemptionRequest',
      'deRegisterPayWithPointsEnrollmentInCard',
    ]);
    expect(results.flatMap((r) => r.findings)).toEqual([]);
    // one token request per client, forwarded but not judged: the token endpoint is not in the specs
    expect(results.filter((r) => r.skipped).map((r) => r.title)).toEqual([
      'POST /api/clientCredentials/oauth2/token/sg/gcb → 200',
      'POST /api/clientCredentials/oauth2/token/sg/gcb → 200',
    ]);
    expect(proxyReport(await projectApis(), 'x', results, 1).exitCode).toBe(0);
  });

  it('records a broken client: missing uuid, invalid body, unknown path, undocumented method', async () => {
    const { proxy } = await proxied();
    const token = 'sandbox-static-token';
    const headers = {
      authorization: `Bearer ${token}`,
      client_id: 'sandbox-client',
      accept: 'application/json',
      'content-type': 'application/json',
    };
    const api = `${proxy.url}/api/v1/apac/rewards`;
    const noUuid = await fetch(`${api}/linkage`, { method: 'POST', headers, body: JSON.stringify(card) });
    expect(noUuid.status).toBe(400); // the provider's own answer, forwarded
    await fetch(`${api}/1234567/redemption`, {
      method: 'POST',
      headers: { ...headers, uuid: randomUUID() },
      body: JSON.stringify({ transactionReferenceNumber: 'T-1', redemptionOrder: { transactionAmount: '12.5' } }),
    });
    await fetch(`${api}/1234567/nothing-here`, { headers: { ...headers, uuid: randomUUID() } });
    await fetch(`${api}/1234567/pointBalance`, { method: 'PATCH', headers: { ...headers, uuid: randomUUID() } });

    const results = await proxy.close();
    const findings = results.map(
      (r) => `${r.suite}: ${r.findings.map((f) => `${f.check}/${f.code} ${f.message}`).join(' | ')}`,
    );
    expect(findings).toEqual([
      'enrollInPayWithPoints: request-headers/required-header-missing required header "uuid" is not sent',
      'submitRedemptionRequest: request-body/request-body-invalid ' +
        'request body at /redemptionOrder/transactionAmount must be number',
      'unknown path: request-path/path-not-documented ' +
        '/api/v1/apac/rewards/1234567/nothing-here is not a documented path',
      'undocumented method: request-path/method-not-documented ' +
        'PATCH is not documented for /api/v1/apac/rewards/1234567/pointBalance',
    ]);
    expect(strayCodes(results)).toEqual([]);
    const report = proxyReport(await projectApis(), proxy.url, results, 1);
    expect(report.exitCode).toBe(1);
    expect(proxyText(report)).toContain('authorization: Bearer ***');
    expect(proxyText(report)).not.toContain(token);
  });

  it('records a provider that breaks the contract', async () => {
    const { proxy } = await proxied(brokenVariants.find((v) => v.name === 'wrong-type'));
    const pwp = createPayWithPointsClient({ ...clientOptions(proxy.url), validate: 'responses' });
    const enrol = (await pwp.enrollInPayWithPoints({ body: card })) as { data: { rewardLinkCode: string } };
    await pwp.tokenActivation({
      rewardLinkCode: enrol.data.rewardLinkCode,
      body: { linkageConfirmationCode: '735937' },
    });
    await pwp.retrieveRewardsBalance({ rewardLinkCode: enrol.data.rewardLinkCode });
    const results = await proxy.close();
    expect(results.flatMap((r) => r.findings)).toEqual([
      {
        code: 'response-body-invalid',
        severity: 'error',
        check: 'response-schema',
        message: 'the 200 body does not match the documented schema: #/availablePointBalance must be integer',
        location: { part: 'response', in: 'body' },
      },
    ]);
  });

  it('forwards bytes, headers and status unchanged, compressed answers included', async () => {
    const seen: Array<{ method?: string; url?: string; headers: Record<string, unknown>; body: string }> = [];
    const upstream = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString() });
        res.writeHead(418, 'Teapot', {
          'content-type': 'application/json',
          'content-encoding': 'gzip',
          'x-upstream': 'yes',
        });
        res.end(gzipSync(JSON.stringify({ type: 'error', code: 'teapot' })));
      });
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
    cleanup.push(() => new Promise((r) => upstream.close(r)));
    const proxy = await startProxy({
      target: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`,
      set: await projectApis(),
    });
    cleanup.push(() => proxy.close());
    const body = '{"lastFourDigitsCardNumber":"7411",  "x": [1,2]}';
    const res = await fetch(`${proxy.url}/api/v1/apac/rewards/linkage?q=1`, {
      method: 'POST',
      headers: { 'x-custom': 'kept', 'content-type': 'application/json' },
      body,
    });
    expect(res.status).toBe(418);
    expect(res.headers.get('x-upstream')).toBe('yes');
    // fetch inflated the gzip the proxy passed through.
    expect(await res.json()).toEqual({ type: 'error', code: 'teapot' });
    expect(seen[0]).toMatchObject({
      method: 'POST',
      url: '/api/v1/apac/rewards/linkage?q=1',
      body,
      headers: { 'x-custom': 'kept', 'content-type': 'application/json' },
    });
    const [result] = await proxy.close();
    expect(result.findings.map((f) => f.check)).toEqual(
      expect.arrayContaining(['request-headers', 'request-body', 'status-documented']),
    );
  });
});

describe('pwpkit proxy (the command)', () => {
  function runProxy(target: string, reportBase: string) {
    const child = spawn(
      process.execPath,
      [
        join(ROOT, 'bin/pwpkit.js'),
        'proxy',
        '--provider-url',
        target,
        '--port',
        '0',
        '--report',
        reportBase,
        '--quiet',
        '--spec',
        ...SPECS,
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const listening = new Promise<string>((resolve, reject) => {
      child.stdout.on('data', () => {
        const m = /listening on (http:\/\/\S+)/.exec(stdout);
        if (m) resolve(m[1]);
      });
      child.once('exit', (code) => reject(new Error(`proxy exited ${code}: ${stderr}`)));
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    return { child, listening, exited, output: () => stdout };
  }

  it('writes text, JUnit and JSON on SIGTERM and exits 1 when a request broke the spec', async () => {
    const provider = await startProvider();
    cleanup.push(() => provider.close());
    const dir = mkdtempSync(join(tmpdir(), 'pwpkit-proxy-'));
    const proxy = runProxy(provider.url, join(dir, 'proxy-report'));
    const url = await proxy.listening;
    await fetch(`${url}/api/v1/apac/rewards/1234567/pointBalance`, {
      headers: {
        authorization: 'Bearer sandbox-static-token',
        client_id: 'sandbox-client',
        accept: 'application/json',
      },
    });
    proxy.child.kill('SIGTERM');
    expect(await proxy.exited).toBe(1);
    expect(proxy.output()).toContain('SIGTERM, stopping');
    expect(readFileSync(join(dir, 'proxy-report.txt'), 'utf8')).toContain('required header "uuid" is not sent');
    expect(readFileSync(join(dir, 'proxy-report.junit.xml'), 'utf8')).toMatch(
      /<testsuites name="pwpkit proxy [^"]*" tests="1" failures="1"/,
    );
    expect(JSON.parse(readFileSync(join(dir, 'proxy-report.json'), 'utf8'))).toMatchObject({
      tool: 'pwpkit proxy',
      summary: { total: 1, failed: 1 },
    });
  }, 20_000);

  it('exits 0 on SIGINT when everything conformed', async () => {
    const provider = await startProvider();
    cleanup.push(() => provider.close());
    const dir = mkdtempSync(join(tmpdir(), 'pwpkit-proxy-'));
    const proxy = runProxy(provider.url, join(dir, 'clean'));
    const url = await proxy.listening;
    const pwp = createPayWithPointsClient(clientOptions(url));
    expect((await pwp.enrollInPayWithPoints({ body: card })).ok).toBe(true);
    proxy.child.kill('SIGINT');
    expect(await proxy.exited).toBe(0);
    expect(existsSync(join(dir, 'clean.junit.xml'))).toBe(true);
  }, 20_000);
});
