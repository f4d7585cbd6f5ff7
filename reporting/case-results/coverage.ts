import type { Coverage } from '../../verifier/coverage.ts';

/** The coverage table as text: one line per operation and status. */
export function formatCoverage(coverage: Coverage): string {
  const width = Math.max(9, ...coverage.rows.map((r) => r.operation.length));
  const { statuses, codes: errorCodes } = coverage;
  const lines = [
    `Coverage: ${statuses.seen}/${statuses.total} documented statuses and ` +
      `${errorCodes.seen}/${errorCodes.total} documented error codes exercised (✓ seen, · not seen)`,
    '',
  ];
  lines.push(`${'operation'.padEnd(width)}  status  error codes`);
  for (const row of coverage.rows) {
    row.statuses.forEach((s, i) => {
      const codes = s.codes.map((c) => `${c.seen ? '✓' : '·'} ${c.code}`);
      const extra = s.undocumented.map((c) => `✗ ${c} (undocumented)`);
      const operation = (i === 0 ? row.operation : '').padEnd(width);
      const status = `${s.seen ? '✓' : '·'} ${s.status.padEnd(4)}`;
      lines.push(`${operation}  ${status}  ${[...codes, ...extra].join('  ')}`.trimEnd());
    });
  }
  return lines.join('\n');
}
