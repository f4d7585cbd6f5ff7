import type { GeneratedApi } from './generate-files.ts';

/** The console summary of one API's normalization: counts per rule, then every warning. */
export function formatNormalizationSummary(api: GeneratedApi): string {
  const byRule = new Map<string, { changes: number; warnings: number }>();
  for (const c of api.changes) {
    const entry = byRule.get(c.rule) ?? { changes: 0, warnings: 0 };
    if (c.kind === 'warning') entry.warnings++;
    else entry.changes++;
    byRule.set(c.rule, entry);
  }
  const ops = api.model.operations.length;
  const lines = [
    `${api.apiName}: ${ops} operation${ops === 1 ? '' : 's'}, ` +
      `${api.changes.length} normalization finding${api.changes.length === 1 ? '' : 's'}`,
  ];
  for (const [rule, n] of byRule)
    lines.push(`  ${rule.padEnd(30)} ${n.changes} changed${n.warnings ? `, ${n.warnings} flagged` : ''}`);
  for (const w of api.changes.filter((c) => c.kind === 'warning').slice(0, 20))
    lines.push(`  warning ${w.pointer}: ${w.message}`);
  const more = api.changes.filter((c) => c.kind === 'warning').length - 20;
  if (more > 0) lines.push(`  … ${more} more warnings in normalization.json`);
  return lines.join('\n');
}
