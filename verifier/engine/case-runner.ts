import type { Operation } from '../api-set.ts';
import { runChecks, type Check } from '../checks/index.ts';
import { describeExpectation } from '../checks/expectation.ts';
import type { Sender } from '../http/send.ts';
import { maskExchange } from '../mask.ts';
import type { CaseKind, CaseResult, Exchange, Expectation, Finding, HttpRequest, VerifyEvent } from '../types.ts';
import { limiter } from './limit.ts';

export function endpointOf(op: Operation): string {
  return `${op.model.method.toUpperCase()} ${op.model.path}`;
}

export interface CaseSpec {
  suite: string;
  title: string;
  kind: CaseKind;
  operation: Operation;
  request: HttpRequest;
  expectation: Expectation;
  /** Behavioural assertions on top of the checks (scenario steps). */
  assert?: (exchange: Exchange) => Array<string | undefined> | string | undefined;
}

/**
 * Sends one case, runs every registered check and the case's own assertions on the answer, and
 * records a masked result. Results keep the order cases were created in, whatever order the
 * concurrent requests finish in.
 */
export class CaseRunner {
  readonly results: Array<CaseResult & { seq: number }> = [];
  private seq = 0;
  private readonly limit: ReturnType<typeof limiter>;

  constructor(
    private readonly sender: Sender,
    private readonly checks: readonly Check[],
    private readonly secrets: () => readonly string[],
    private readonly emit: (event: VerifyEvent) => void,
    concurrency: number,
  ) {
    this.limit = limiter(concurrency);
  }

  /** Sends the case and returns the raw exchange (scenarios read bodies the report masks). */
  async run(spec: CaseSpec): Promise<Exchange> {
    const seq = this.seq++;
    this.emit({ type: 'planned', count: 1 });
    const exchange = await this.limit(() => this.sender.send(spec.request));
    const findings: Finding[] = runChecks(this.checks, { operation: spec.operation, exchange, expectation: spec.expectation });
    if (spec.assert && exchange.response) {
      const out = spec.assert(exchange);
      for (const message of Array.isArray(out) ? out : [out]) if (message) findings.push({ check: 'behaviour', message });
    }
    this.record(seq, {
      id: `${spec.suite}/${spec.title}`,
      suite: spec.suite,
      api: spec.operation.api.api.name,
      operation: spec.operation.name,
      endpoint: endpointOf(spec.operation),
      title: spec.title,
      kind: spec.kind,
      expected: describeExpectation(spec.expectation),
      exchange: maskExchange(exchange, this.secrets()),
      findings,
      ms: Math.round(exchange.ms),
    });
    return exchange;
  }

  skip(suite: string, title: string, kind: CaseKind, reason: string, operation?: Operation): void {
    this.emit({ type: 'planned', count: 1 });
    this.record(this.seq++, { id: `${suite}/${title}`, suite, ...(operation ? { api: operation.api.api.name, operation: operation.name, endpoint: endpointOf(operation) } : {}), title, kind, expected: '', findings: [], skipped: reason, ms: 0 });
  }

  /** A finding with no exchange of its own (a setup that could not proceed). */
  fail(suite: string, title: string, kind: CaseKind, message: string, operation?: Operation): void {
    this.emit({ type: 'planned', count: 1 });
    this.record(this.seq++, { id: `${suite}/${title}`, suite, ...(operation ? { api: operation.api.api.name, operation: operation.name, endpoint: endpointOf(operation) } : {}), title, kind, expected: '', findings: [{ check: 'setup', message }], ms: 0 });
  }

  /** Results grouped by suite in `suiteOrder` (unlisted suites after, scenarios last), each suite in creation order. */
  ordered(suiteOrder: readonly string[] = []): CaseResult[] {
    const rank = (suite: string) => {
      const i = suiteOrder.indexOf(suite);
      return i >= 0 ? i : suiteOrder.length + (suite.startsWith('scenario') ? 1 : 0);
    };
    const firstSeq = new Map<string, number>();
    for (const r of this.results) firstSeq.set(r.suite, Math.min(firstSeq.get(r.suite) ?? Infinity, r.seq));
    return [...this.results]
      .sort((a, b) => rank(a.suite) - rank(b.suite) || firstSeq.get(a.suite)! - firstSeq.get(b.suite)! || a.seq - b.seq)
      .map(({ seq: _seq, ...r }) => r);
  }

  private record(seq: number, result: CaseResult): void {
    this.results.push({ ...result, seq });
    this.emit({ type: 'case', result });
  }
}
