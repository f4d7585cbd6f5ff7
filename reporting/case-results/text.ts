import { oneLine } from '../../input/errors.ts';
import type { CaseResult, Exchange, Summary } from '../../verifier/types.ts';

export interface TextReportInput {
  title: string;
  results: readonly CaseResult[];
  summary: Summary;
  /** Show passing cases too (default true); failures are always shown in full. */
  passes?: boolean;
}

const BODY_MAX = 300;

/**
 * One line per check, grouped by operation (then scenario); a failed check shows the request
 * (method, path, masked headers, body), what was expected, what came back, and each finding.
 */
export function formatTextReport(input: TextReportInput): string {
  const lines = [input.title, ''];
  const suites = new Map<string, CaseResult[]>();
  for (const r of input.results) suites.set(r.suite, [...(suites.get(r.suite) ?? []), r]);
  for (const [suite, cases] of suites) {
    const failed = cases.filter((c) => c.findings.length > 0).length;
    if (failed === 0 && input.passes === false) continue;
    const endpoint = cases.find((c) => c.endpoint)?.endpoint;
    const where = endpoint && cases.every((c) => c.endpoint === endpoint || !c.endpoint) ? `  ${endpoint}` : '';
    lines.push(`${suite}${where}  (${cases.length - failed}/${cases.length} passed)`);
    for (const c of cases) {
      if (c.findings.length === 0 && input.passes === false) continue;
      lines.push(`  ${mark(c)} ${c.title}${answerOf(c)}`);
      if (c.findings.length > 0) lines.push(...detail(c).map((l) => `      ${l}`));
      else if (c.skipped) lines.push(`      skipped: ${c.skipped}`);
    }
    lines.push('');
  }
  const s = input.summary;
  const skipped = s.skipped ? `, ${s.skipped} skipped` : '';
  lines.push(
    `${s.failed === 0 ? 'PASS' : 'FAIL'}: ${s.total} checks, ${s.passed} passed, ${s.failed} failed${skipped}` +
      ` (${s.requests} requests in ${(s.durationMs / 1000).toFixed(2)} s)`,
  );
  // Every line quotes the provider (titles, codes, bodies, errors): one line each, control characters escaped.
  return lines.map(oneLine).join('\n');
}

function mark(c: CaseResult): string {
  return c.findings.length > 0 ? '✗' : c.skipped ? '-' : '✓';
}

function answerOf(c: CaseResult): string {
  const r = c.exchange?.response;
  if (!r) return c.exchange?.error ? '  [no answer]' : '';
  const body = r.body as { type?: unknown; code?: unknown } | undefined;
  return r.status >= 400 && body && typeof body === 'object' && body.code !== undefined
    ? `  [${r.status} ${String(body.code)}]`
    : `  [${r.status}]`;
}

export function detail(c: CaseResult): string[] {
  const lines: string[] = [];
  if (c.exchange) lines.push(...requestLines(c.exchange));
  if (c.expected) lines.push(`expected: ${c.expected}`);
  if (c.exchange) lines.push(`actual:   ${actualOf(c.exchange)}`);
  for (const f of c.findings) lines.push(`- ${f.check}: ${f.message}`);
  return lines.map(oneLine);
}

export function requestLines(e: Exchange): string[] {
  const headers = Object.entries(e.request.headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join('  ');
  const out = [`request:  ${e.request.method} ${e.request.path}`];
  if (headers) out.push(`          ${headers}`);
  if (e.request.body !== undefined) out.push(`          ${clip(e.request.body)}`);
  return out;
}

function actualOf(e: Exchange): string {
  if (!e.response) return `no answer (${e.error ?? 'unknown error'})`;
  const type = e.response.headers['content-type'];
  return `${e.response.status}${type ? ` (${type})` : ''}${e.response.bodyText ? ` ${clip(e.response.bodyText)}` : ''}`;
}

function clip(text: string): string {
  const one = text.replace(/\s+/g, ' ');
  return one.length > BODY_MAX ? `${one.slice(0, BODY_MAX)}…` : one;
}
