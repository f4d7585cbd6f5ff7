import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { VerifyReport } from '../engine/run-verify.ts';
import { formatCoverage } from './coverage.ts';
import { toJsonReport } from './json.ts';
import { verifyJUnit } from './junit.ts';
import { formatTextReport } from './text.ts';

export interface ReportTargets {
  junit?: string;
  json?: string;
  /** Leave passing checks out of the text report. */
  failuresOnly?: boolean;
}

/** The text report and coverage table, as printed. */
export function verifyText(report: VerifyReport, failuresOnly = false): string {
  const title = `pwpkit verify ${report.baseUrl} (${report.specs.join(', ')})`;
  return `${formatTextReport({ title, results: report.results, summary: report.summary, passes: !failuresOnly })}\n\n${formatCoverage(report.coverage)}\n`;
}

/** Writes the JUnit and JSON files asked for. */
export async function writeVerifyFiles(report: VerifyReport, targets: ReportTargets): Promise<void> {
  const title = `pwpkit verify ${report.baseUrl}`;
  if (targets.junit) await writeText(targets.junit, verifyJUnit(title, report.results));
  if (targets.json) await writeText(targets.json, toJsonReport({ tool: 'pwpkit verify', target: report.baseUrl, specs: report.specs, summary: report.summary, results: report.results, coverage: report.coverage }));
}

export async function writeText(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text);
}
