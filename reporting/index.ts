/**
 * Every report of every command, and the one writer. Laid out by command, because a reader looks
 * for "what does `pwpkit proxy` print?", not for "where is all the JSON?":
 *
 * - `verify.ts` (also `pwpkit demo`'s text), `verify-progress.ts`, `proxy.ts`, `pact-check.ts`,
 *   `pact-verify.ts`: one file per command; `<command>ReportFormats(report)` gives its text, JSON and JUnit.
 * - `case-results/`: the formats verify and the proxy share, because both judge exchanges into the
 *   verifier's case results (text lines, JSON, JUnit, the coverage table).
 * - `junit.ts`: the JUnit XML every command writes through; `write-reports.ts`: the one writer
 *   (`-` = stdout).
 *
 * Above the tools: it reads their result types (`import type` only, checked by
 * test/architecture/layers.test.ts) and no tool imports it. It formats; the tools compute (coverage,
 * summaries, results masked with the secrets a run saw), and the CLI calls a tool, formats its
 * result here and writes it through `writeReports`.
 */
export { formatCoverage } from './case-results/coverage.ts';
export { toJsonReport, type JsonReport } from './case-results/json.ts';
export { verifyJUnit } from './case-results/junit.ts';
export { formatTextReport, type TextReportInput } from './case-results/text.ts';
export { toJUnitXml, type JUnitCase } from './junit.ts';
export { pactCheckJson, pactCheckJUnit, pactCheckReportFormats, pactCheckText } from './pact-check.ts';
export { pactVerifyJson, pactVerifyJUnit, pactVerifyReportFormats, pactVerifyText } from './pact-verify.ts';
export { proxyExchangeLine, proxyReportFormats, proxyText } from './proxy.ts';
export { verifyReportFormats, verifyText } from './verify.ts';
export { progressReporter } from './verify-progress.ts';
export { stdoutFormat, writeReports, type ReportFormats, type ReportTargets } from './write-reports.ts';
