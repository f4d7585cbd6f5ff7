/**
 * `npm run bench -- verify`: pwpkit verify vs Dredd 14.1.0 on the same spec (Pay with Points) and
 * the same provider (pwpkit's mock, in this process, loopback), in one run: the real mock and each
 * deliberately broken variant of test/verifier/broken-providers.ts. Both run as CLI processes.
 *
 * Dredd cannot run on the published spec as it is: path parameters have no `x-example`, and its
 * validator (gavel) errors on `format: int64`. So Dredd gets a copy of the spec with `x-example`
 * on every non-body parameter (a bearer token fetched from the mock, a fixed uuid, the client id, a
 * rewardLinkCode provisioned and activated before its run), body examples changed into a valid
 * enrolment and redemption, and the `int64`/`double` formats removed. verify gets the spec as
 * published and provisions its own state. A Dredd hooks file removes two false positives of
 * Dredd's exact Content-Type comparison (see DREDD_HOOKS).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import yaml from 'js-yaml';
import {
  brokenVariants,
  startProvider,
  type BrokenVariant,
  type RunningProvider,
} from '../test/verifier/broken-providers.ts';
import { ensurePeers, peerBin } from './peers.ts';

const root = resolve(import.meta.dirname, '..');
const SPEC = join(root, 'spec/pay-with-points.swagger.yaml');

interface ToolRun {
  ok: boolean;
  checks: string;
  failures: number;
  ms: number;
  /** verify's own duration (its JSON summary): the run without process start-up. */
  innerMs?: number;
  note?: string;
}

interface Row {
  provider: string;
  defect: string;
  verify: ToolRun & { expected?: boolean };
  dredd: ToolRun;
}

export async function run(): Promise<void> {
  ensurePeers();
  const work = mkdtempSync(join(tmpdir(), 'pwpkit-bench-verify-'));
  const rows: Row[] = [];
  const only = process.env.PWPKIT_BENCH_VARIANTS?.split(',');
  for (const variant of [undefined, ...brokenVariants.filter((v) => !only || only.includes(v.name))]) {
    const name = variant?.name ?? 'real mock (no defect)';
    // A fresh provider for each tool: both start from the fixture's state.
    const v = await withProvider(variant, (p) => runVerifyCli(p, work, variant));
    const d = await withProvider(variant, (p) => runDredd(p, work));
    rows.push({ provider: name, defect: variant?.defect ?? '', verify: v, dredd: d });
    console.log(
      `${name}: verify ${v.ok ? 'pass' : `${v.failures} failed`} (${Math.round(v.ms)} ms), ` +
        `dredd ${d.ok ? 'pass' : `${d.failures} failed`} (${Math.round(d.ms)} ms)`,
    );
  }

  const [clean, ...broken] = rows;
  console.log('\n| provider | pwpkit verify | Dredd 14.1.0 |');
  console.log('|---|---|---|');
  for (const r of rows)
    console.log(
      `| ${r.provider}${r.defect ? ` (${r.defect})` : ''} ` +
        `| ${cell(r.verify, r === clean)} | ${cell(r.dredd, r === clean)} |`,
    );
  const found = (pick: (r: Row) => ToolRun) => broken.filter((r) => !pick(r).ok && pick(clean).ok).length;
  const median = (pick: (r: Row) => ToolRun) => {
    const sorted = rows.map((r) => pick(r).ms).sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
  };
  console.log('\n|  | pwpkit verify | Dredd 14.1.0 |');
  console.log('|---|---|---|');
  console.log(`| real mock | ${clean.verify.ok ? 'pass' : 'FAIL'} | ${clean.dredd.ok ? 'pass' : 'FAIL'} |`);
  console.log(`| checks made per run | ${clean.verify.checks} | ${clean.dredd.checks} |`);
  console.log(
    `| defects found (${broken.length} broken variants) | ${found((r) => r.verify)}/${broken.length} ` +
      `(expected finding: ${broken.filter((r) => r.verify.expected).length}/${broken.length}) ` +
      `| ${found((r) => r.dredd)}/${broken.length} |`,
  );
  console.log(
    '| wall time per run, median (CLI process, spec load included) ' +
      `| ${Math.round(median((r) => r.verify))} ms | ${Math.round(median((r) => r.dredd))} ms |`,
  );
  const inner = rows.map((r) => r.verify.innerMs ?? 0).sort((a, b) => a - b);
  console.log(
    '| run time inside the process, median (spec load, token, all checks) ' +
      `| ${Math.round(inner[Math.floor(inner.length / 2)])} ms | n/a |`,
  );
  console.log(
    `| wall time, all ${rows.length} runs | ${(rows.reduce((s, r) => s + r.verify.ms, 0) / 1000).toFixed(1)} s ` +
      `| ${(rows.reduce((s, r) => s + r.dredd.ms, 0) / 1000).toFixed(1)} s |`,
  );
  console.log(
    '\nDredd ran on a copy of the spec with x-example added to every non-body parameter ' +
      '(token, uuid, client id, a pre-provisioned active rewardLinkCode), valid body examples, ' +
      'and int64/double formats removed (gavel refuses them), plus a hooks file that accepts ' +
      '"application/json; charset=utf-8" and a body-less 200 without Content-Type; ' +
      'verify ran on the spec as published.',
  );
}

function cell(t: ToolRun & { expected?: boolean }, isClean: boolean): string {
  const verdict = isClean
    ? t.ok
      ? 'pass'
      : `FAIL (${t.failures})`
    : t.ok
      ? 'missed'
      : `found (${t.failures} failing${t.expected === false ? ', not the expected finding' : ''})`;
  return `${verdict}, ${t.checks}, ${Math.round(t.ms)} ms${t.note ? `, ${t.note}` : ''}`;
}

async function withProvider<T>(variant: BrokenVariant | undefined, fn: (p: RunningProvider) => Promise<T>): Promise<T> {
  const p = await startProvider(variant);
  try {
    return await fn(p);
  } finally {
    await p.close();
  }
}

async function runVerifyCli(
  p: RunningProvider,
  work: string,
  variant: BrokenVariant | undefined,
): Promise<ToolRun & { expected?: boolean }> {
  const json = join(work, `verify-${variant?.name ?? 'clean'}.json`);
  const r = await runProcess(
    process.execPath,
    [join(root, 'bin/pwpkit.js'), 'verify', '--provider-url', p.url, '--spec', SPEC, '--json', json],
    root,
  );
  if (r.code !== 0 && r.code !== 1)
    return {
      ok: false,
      checks: 'n/a',
      failures: 0,
      ms: r.ms,
      note: `exit ${r.code}: ${r.stderr.trim().split('\n').pop()}`,
    };
  const report = JSON.parse(readFileSync(json, 'utf8')) as {
    summary: { total: number; failed: number; durationMs: number };
    results: Array<{ suite: string; findings: Array<{ check: string; message: string }> }>;
  };
  const expected = variant
    ? report.results.some(
        (x) =>
          (!variant.expect.suite || variant.expect.suite.test(x.suite)) &&
          x.findings.some(
            (f) =>
              f.check === variant.expect.check && (!variant.expect.message || variant.expect.message.test(f.message)),
          ),
      )
    : undefined;
  return {
    ok: r.code === 0,
    checks: `${report.summary.total} checks`,
    failures: report.summary.failed,
    ms: r.ms,
    innerMs: report.summary.durationMs,
    ...(expected !== undefined ? { expected } : {}),
  };
}

async function runDredd(p: RunningProvider, work: string): Promise<ToolRun> {
  const spec = join(work, 'pay-with-points.dredd.yaml');
  writeFileSync(spec, yaml.dump(await dreddSpec(p)));
  const hooks = join(work, 'dredd-hooks.cjs');
  writeFileSync(hooks, DREDD_HOOKS);
  const r = await runProcess(
    peerBin('dredd'),
    [spec, p.url, '--hookfiles', hooks, '--loglevel', 'warning', '--color', 'false'],
    root,
  );
  if (process.env.PWPKIT_BENCH_DEBUG) console.log(r.stdout, r.stderr);
  const m = /complete: (\d+) passing, (\d+) failing, (\d+) errors, (\d+) skipped, (\d+) total/.exec(r.stdout);
  if (!m) return { ok: false, checks: 'n/a', failures: 0, ms: r.ms, note: `no summary (exit ${r.code})` };
  const [passing, failing, errors, skipped, total] = m.slice(1).map(Number);
  return {
    ok: r.code === 0 && failing + errors === 0,
    checks: `${total - skipped} transactions (${skipped} skipped)`,
    failures: failing + errors,
    ms: r.ms,
    ...(passing + failing + errors === 0 ? { note: 'nothing tested' } : {}),
  };
}

/**
 * Dredd compares Content-Type as an exact string: `application/json; charset=utf-8` fails against
 * `application/json`, and a 200 without a body fails for lacking a Content-Type the spec never
 * promised for it. These hooks remove both false positives (a text/plain answer still fails).
 */
const DREDD_HOOKS = `const hooks = require('hooks');
hooks.beforeEachValidation((transaction) => {
  const real = transaction.real || {};
  const headers = real.headers || {};
  const type = headers['content-type'];
  if (type && /^application\\/json\\s*;/i.test(type)) headers['content-type'] = 'application/json';
  if (!type && !real.body && transaction.expected && transaction.expected.headers) {
    for (const k of Object.keys(transaction.expected.headers)) {
      if (k.toLowerCase() === 'content-type') delete transaction.expected.headers[k];
    }
  }
});
`;

/** The spec as Dredd needs it to run at all, with state provisioned on the provider for it. */
async function dreddSpec(p: RunningProvider): Promise<Record<string, any>> {
  const api = `${p.url}/api`;
  const tokenAnswer = await fetch(`${api}/clientCredentials/oauth2/token/sg/gcb`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from('sandbox-client:sandbox-secret').toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials&scope=/api',
  });
  const token = (JSON.parse(await tokenAnswer.text()) as { access_token: string }).access_token;
  const headers = {
    authorization: `Bearer ${token}`,
    client_id: 'sandbox-client',
    accept: 'application/json',
    'content-type': 'application/json',
  };
  const enrol = await fetch(`${api}/v1/apac/rewards/linkage`, {
    method: 'POST',
    headers: { ...headers, uuid: crypto.randomUUID() },
    body: JSON.stringify({
      lastFourDigitsCardNumber: '7411',
      citiCardHolderPhoneNumber: '2608191234',
      merchantCustomerReferenceId: 'bench',
    }),
  });
  const link = (JSON.parse(await enrol.text()) as { rewardLinkCode: string }).rewardLinkCode;
  await fetch(`${api}/v1/apac/rewards/${link}/activations`, {
    method: 'PUT',
    headers: { ...headers, uuid: crypto.randomUUID() },
    body: JSON.stringify({ linkageConfirmationCode: '735937' }),
  });

  const doc = yaml.load(readFileSync(SPEC, 'utf8')) as Record<string, any>;
  const examples: Record<string, string> = {
    Authorization: `Bearer ${token}`,
    uuid: '123e4567-e89b-42d3-a456-426614174000',
    client_id: 'sandbox-client',
    Accept: 'application/json',
    'Content-Type': 'application/json',
    'Accept-Language': 'en',
    rewardLinkCode: link,
  };
  for (const item of Object.values<any>(doc.paths))
    for (const op of Object.values<any>(item))
      for (const prm of op.parameters ?? []) if (prm.in !== 'body') prm['x-example'] = examples[prm.name] ?? 'example';
  const defs = doc.definitions;
  // Another card for Dredd's enrolment (7411 is active), and a redemption worth 600 points in SGD.
  defs.RewardsLinkageRequest.properties.lastFourDigitsCardNumber.example = '5212';
  defs.RewardsLinkageRequest.properties.citiCardHolderPhoneNumber.example = '6563471895';
  Object.assign(defs.RedemptionOrder.properties.transactionAmount, { example: 151.26 });
  Object.assign(defs.RedemptionOrder.properties.currencyCode, { example: 'SGD' });
  Object.assign(defs.RedemptionOrder.properties.pointsToRedeem, { example: 600 });
  for (const def of Object.values<any>(defs))
    for (const prop of Object.values<any>(def.properties ?? {}))
      if (prop.format === 'int64' || prop.format === 'double') delete prop.format;
  return doc;
}

function runProcess(
  command: string,
  args: string[],
  cwd: string,
): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  return new Promise((done) => {
    const started = performance.now();
    const child = spawn(command, args, {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr, ms: performance.now() - started });
    });
  });
}
