/**
 * JUnit XML, the report format every CI reads. pact-check, verify and the proxy all write their
 * findings through this one function so their reports look alike.
 */
export interface JUnitCase {
  /** Grouping: one <testsuite> per distinct suite (an operation, a pact interaction's file…). */
  suite: string;
  name: string;
  /** Absent: the case passed. */
  failure?: { message: string; detail?: string };
  /** The case could not run at all (JUnit's <error>, not a <failure>): the tool, not the system under test. */
  error?: { message: string; detail?: string };
  skipped?: string;
  timeMs?: number;
}

export function toJUnitXml(title: string, cases: readonly JUnitCase[]): string {
  const suites = new Map<string, JUnitCase[]>();
  for (const c of cases) {
    const list = suites.get(c.suite) ?? [];
    list.push(c);
    suites.set(c.suite, list);
  }
  const failures = cases.filter((c) => c.failure).length;
  const skipped = cases.filter((c) => c.skipped !== undefined && !c.failure && !c.error).length;
  const errors = cases.filter((c) => c.error && !c.failure).length;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${attr(title)}" ${counts(cases.length, failures, errors, skipped)}>`,
  ];
  for (const [suite, list] of suites) {
    const suiteFailures = list.filter((c) => c.failure).length;
    const suiteSkipped = list.filter((c) => c.skipped !== undefined && !c.failure && !c.error).length;
    const suiteErrors = list.filter((c) => c.error && !c.failure).length;
    lines.push(`  <testsuite name="${attr(suite)}" ${counts(list.length, suiteFailures, suiteErrors, suiteSkipped)}>`);
    for (const c of list) lines.push(...testCase(suite, c));
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}

/** The counts of a suite (or of all) as attributes; `errors` is written only when some case could not run. */
function counts(tests: number, failures: number, errors: number, skipped: number): string {
  return `tests="${tests}" failures="${failures}"${errors ? ` errors="${errors}"` : ''} skipped="${skipped}"`;
}

function testCase(suite: string, c: JUnitCase): string[] {
  const time = c.timeMs !== undefined ? ` time="${(c.timeMs / 1000).toFixed(3)}"` : '';
  const open = `    <testcase classname="${attr(suite)}" name="${attr(c.name)}"${time}`;
  if (c.failure)
    return [
      `${open}>`,
      `      <failure message="${attr(c.failure.message)}">${text(c.failure.detail ?? c.failure.message)}</failure>`,
      '    </testcase>',
    ];
  if (c.error)
    return [
      `${open}>`,
      `      <error message="${attr(c.error.message)}">${text(c.error.detail ?? c.error.message)}</error>`,
      '    </testcase>',
    ];
  if (c.skipped !== undefined) return [`${open}>`, `      <skipped message="${attr(c.skipped)}"/>`, '    </testcase>'];
  return [`${open}/>`];
}

// XML 1.0 forbids most control characters even when escaped: drop them.
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function text(value: string): string {
  return value.replace(INVALID_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/\n/g, '&#10;');
}
