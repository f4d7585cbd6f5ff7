/** `pwpkit pact-check`'s report as text (stdout), JSON (`--json`) and JUnit XML (`--junit`). */
import type { PactCheckReport } from '../contracts/check/check-pacts.ts';
import type { PactFinding } from '../contracts/check/findings.ts';
import { oneLine } from '../input/errors.ts';
import { toJUnitXml, type JUnitCase } from './junit.ts';
import type { ReportFormats } from './write-reports.ts';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
/** Text a pact holds (descriptions, names, paths, quoted values), escaped: a pact cannot write lines of the report. */
const shown = oneLine;

export function pactCheckReportFormats(report: PactCheckReport): ReportFormats {
  return { text: pactCheckText(report), json: () => pactCheckJson(report), junit: () => pactCheckJUnit(report) };
}

export function pactCheckText(report: PactCheckReport): string {
  const lines: string[] = [];
  lines.push(`pact-check against ${report.specs.map((s) => `${s.api} (${s.file})`).join(', ')}`);
  for (const pact of report.pacts) {
    const interactions = plural(pact.interactions.length, 'interaction');
    lines.push(
      '',
      `${pact.file}  ${shown(pact.consumer)} → ${shown(pact.provider)}  ` +
        `(Pact ${shown(pact.specification)}, ${interactions})`,
    );
    const failing = pact.interactions.filter((i) => i.findings.length > 0);
    const clean = pact.interactions.length - failing.length;
    if (clean > 0)
      lines.push(
        `  ✓ ${plural(clean, 'interaction')} agree${clean === 1 ? 's' : ''} ` +
          `with the spec${report.specs.length === 1 ? '' : 's'}`,
      );
    for (const i of failing) {
      const errors = i.findings.some((f) => f.severity === 'error');
      const operation = i.operation ? `  [${i.operation.api} ${i.operation.name}]` : '';
      const request = `${shown(i.method)} ${shown(i.path)} → ${i.status}`;
      lines.push(`  ${errors ? '✗' : '!'} "${shown(i.description)}"  ${request}${operation}`);
      for (const f of i.findings) {
        lines.push(`      ${f.severity.padEnd(7)} ${f.check}/${f.code} at ${shown(f.pointer)}`);
        lines.push(`              ${shown(f.message)}`);
      }
    }
    for (const s of pact.skipped) lines.push(`  - skipped "${shown(s.description)}": ${shown(s.reason)}`);
  }
  const { files, interactions, errors, warnings, skipped } = report.summary;
  lines.push(
    '',
    `pact-check: ${plural(files, 'file')}, ${plural(interactions, 'interaction')}` +
      `${skipped ? ` (${skipped} skipped)` : ''}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`,
  );
  return `${lines.join('\n')}\n`;
}

/**
 * The JSON report. A finding's check is a rule, and pact-check's JSON has always called it `rule`:
 * it keeps that name (and its place), so a consumer of the report sees the same fields as before.
 */
export function pactCheckJson(report: PactCheckReport): string {
  const json = {
    tool: 'pwpkit pact-check',
    ...report,
    pacts: report.pacts.map((p) => ({
      ...p,
      interactions: p.interactions.map((i) => ({ ...i, findings: i.findings.map(findingJson) })),
    })),
    findings: report.findings.map(findingJson),
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

function findingJson({ file, interaction, index, check, code, severity, pointer, message, ...rest }: PactFinding) {
  return { file, interaction, index, rule: check, code, severity, pointer, message, ...rest };
}

/** One test suite per pact file, one test case per interaction; findings become the failure. */
export function pactCheckJUnit(report: PactCheckReport): string {
  const cases: JUnitCase[] = [];
  for (const pact of report.pacts) {
    const suite = `${pact.consumer} → ${pact.provider} (${pact.file})`;
    for (const i of pact.interactions) {
      const errors = i.findings.filter((f) => f.severity === 'error');
      const name = `${i.description} (${i.method} ${i.path} → ${i.status})`;
      if (errors.length === 0) {
        cases.push({ suite, name });
        continue;
      }
      const detail = i.findings
        .map((f) => `${f.severity} ${f.check}/${f.code} at ${f.pointer}: ${f.message}`)
        .join('\n');
      const more = errors.length > 1 ? ` (+${errors.length - 1} more)` : '';
      cases.push({ suite, name, failure: { message: `${errors[0].code}: ${errors[0].message}${more}`, detail } });
    }
    for (const s of pact.skipped) cases.push({ suite, name: s.description, skipped: s.reason });
  }
  return toJUnitXml('pwpkit pact-check', cases);
}
