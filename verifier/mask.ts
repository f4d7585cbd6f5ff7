import { maskExchange, maskText, secretsKnownFrom } from '../core/mask.ts';
import type { CaseResult } from './types.ts';

export {
  maskBody,
  maskExchange,
  maskHeaders,
  maskRequest,
  maskText,
  maskUrl,
  REPORT_BODY_MAX,
  secretsOf,
} from '../core/mask.ts';

/** A result as reports may show it: its exchange, findings, title and reasons masked (see `maskExchange`). */
export function maskResult(result: CaseResult, secrets: readonly string[]): CaseResult {
  const known = result.exchange ? secretsKnownFrom(result.exchange, secrets) : secrets;
  return {
    ...result,
    id: maskText(result.id, known),
    title: maskText(result.title, known),
    ...(result.exchange ? { exchange: maskExchange(result.exchange, known) } : {}),
    findings: result.findings.map((f) => ({ ...f, message: maskText(f.message, known) })),
    ...(result.skipped !== undefined ? { skipped: maskText(result.skipped, known) } : {}),
  };
}
