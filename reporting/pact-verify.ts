/** `pwpkit pact-verify`'s summary (printed after the Pact verifier's own report), its JSON and its JUnit XML. */
import type { PactVerifyReport } from '../contracts/verify/verify-pacts.ts';
import { oneLine } from '../input/errors.ts';
import { toJUnitXml } from './junit.ts';
import type { ReportFormats } from './write-reports.ts';

export function pactVerifyReportFormats(report: PactVerifyReport): ReportFormats {
  return { text: pactVerifyText(report), json: () => pactVerifyJson(report), junit: () => pactVerifyJUnit(report) };
}

export function pactVerifyText(report: PactVerifyReport): string {
  const lines: string[] = [''];
  for (const p of report.pacts)
    lines.push(
      `pact-verify: ${p.file} (${p.consumer} → ${p.provider}): ` +
        `${p.interactions} interaction${p.interactions === 1 ? '' : 's'}`,
    );
  const failed = report.interactions.filter((i) => !i.ok);
  for (const i of failed) {
    // A pact's descriptions and the provider's values quoted in mismatches are outside text: one line each.
    const given = i.states.length ? ` given ${i.states.map(oneLine).join(', ')}` : '';
    lines.push(`  ✗ "${oneLine(i.description)}"${given}`);
    for (const m of i.mismatches.length ? i.mismatches : ['not verified']) lines.push(`      ${oneLine(m)}`);
  }
  for (const e of report.errors) lines.push(`  ✗ ${oneLine(e)}`);
  const total = report.interactions.length;
  const states = report.statesUrl ? ` (provider states: ${report.statesUrl})` : ' (no provider states)';
  const where = `against ${report.providerUrl}${states}`;
  const otherErrors = report.errors.length ? `, ${report.errors.length} other error(s)` : '';
  lines.push(
    report.ok
      ? `pact-verify: ${total} of ${total} interactions verified ${where}`
      : `pact-verify: ${failed.length} of ${total} interactions failed${otherErrors} ${where}`,
  );
  return `${lines.join('\n')}\n`;
}

export function pactVerifyJson(report: PactVerifyReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

export function pactVerifyJUnit(report: PactVerifyReport): string {
  const suites = new Map(report.pacts.map((p) => [p.file, `${p.consumer} → ${p.provider} (${p.file})`]));
  return toJUnitXml('pwpkit pact-verify', [
    ...report.interactions.map((i) => ({
      suite: suites.get(i.pact) ?? i.pact,
      name: i.description,
      ...(i.ok ? {} : { failure: { message: i.mismatches[0] ?? 'not verified', detail: i.mismatches.join('\n') } }),
    })),
    ...report.errors.map((e) => ({ suite: 'pact-verify', name: 'verifier', failure: { message: e } })),
  ]);
}
