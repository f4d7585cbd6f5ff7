import type { Operation } from '../api-set.ts';
import { runChecks, type Check } from '../checks/index.ts';
import { describeExpectation } from '../checks/expectation.ts';
import type { Sender } from '../http/send.ts';
import { maskResult } from '../mask.ts';
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
  /**
   * An answer that says the check cannot be made here, not that the provider is wrong (an
   * enrolment refused because the card is still enrolled from an earlier run): the reason. The
   * answer is then held only to the spec (any documented answer) and the check is recorded as
   * skipped with the reason.
   */
  excuse?: (exchange: Exchange) => string | undefined;
}

/**
 * Sends one case, runs every registered check and the case's own assertions on the answer, and
 * records a masked result (`maskResult`). Results keep the order cases were created in, whatever order the
 * concurrent requests finish in.
 */
export class CaseRunner {
  readonly results: Array<CaseResult & { seq: number }> = [];
  private seq = 0;
  private readonly limit: ReturnType<typeof limiter>;

  /**
   * Requests that must be accepted (expectation `accepted`): how many were answered, how many of
   * those 401; and how many answers of any case were 2xx. All 401 and none 2xx: the provider
   * refused the run's credentials, so verify could not run (`refusedCredentials`).
   */
  private readonly auth = { mustAccept: 0, unauthorized: 0, accepted: 0 };

  constructor(
    private readonly sender: Sender,
    private readonly checks: readonly Check[],
    private readonly secrets: () => readonly string[],
    private readonly emit: (event: VerifyEvent) => void,
    concurrency: number,
    /**
     * Aborted when the run's deadline passes: what was cut or is still to come is recorded as not run, not as a
     * finding.
     */
    private readonly stop?: AbortSignal,
  ) {
    this.limit = limiter(concurrency);
  }

  /** How many requests that must succeed were all answered 401 (undefined: some were not, or none was sent). */
  refusedCredentials(): number | undefined {
    const { mustAccept, unauthorized, accepted } = this.auth;
    return mustAccept > 0 && unauthorized === mustAccept && accepted === 0 ? mustAccept : undefined;
  }

  /** Housekeeping (ending what an earlier run left): sent within the concurrency limit, not a check, not recorded. */
  send(request: HttpRequest): Promise<Exchange> {
    return this.limit(() => this.sender.send(request));
  }

  /** Sends the case and returns the raw exchange (scenarios read bodies the report masks). */
  async run(spec: CaseSpec): Promise<Exchange> {
    const seq = this.seq++;
    this.emit({ type: 'planned', count: 1 });
    const exchange = await this.limit(() => this.sender.send(spec.request));
    if (this.stop?.aborted && exchange.error !== undefined) {
      this.record(seq, {
        ...resultOf(spec),
        findings: [],
        skipped: `not run: ${exchange.error}`,
        ms: Math.round(exchange.ms),
      });
      return exchange;
    }
    const excused = exchange.response ? spec.excuse?.(exchange) : undefined;
    const expectation: Expectation = excused !== undefined ? { kind: 'documented' } : spec.expectation;
    const status = exchange.response?.status;
    if (status !== undefined) {
      if (status >= 200 && status < 300) this.auth.accepted++;
      if (expectation.kind === 'accepted') {
        this.auth.mustAccept++;
        if (status === 401) this.auth.unauthorized++;
      }
    }
    const findings: Finding[] = runChecks(this.checks, { operation: spec.operation, exchange, expectation });
    if (spec.assert && exchange.response && excused === undefined) {
      const out = spec.assert(exchange);
      for (const message of Array.isArray(out) ? out : [out])
        if (message) findings.push({ code: 'scenario-step-failed', severity: 'error', check: 'behaviour', message });
    }
    this.record(seq, {
      ...resultOf(spec),
      exchange,
      findings,
      ...(excused !== undefined && findings.length === 0 ? { skipped: excused } : {}),
      ms: Math.round(exchange.ms),
    });
    return exchange;
  }

  skip(suite: string, title: string, kind: CaseKind, reason: string, operation?: Operation): void {
    this.recordWithoutExchange(suite, title, kind, operation, { findings: [], skipped: reason });
  }

  /** A finding with no exchange of its own (a setup that could not proceed). */
  fail(suite: string, title: string, kind: CaseKind, message: string, operation?: Operation): void {
    if (this.stop?.aborted) {
      this.skip(suite, title, kind, `not run: ${message}`, operation);
      return;
    }
    const finding: Finding = { code: 'setup-failed', severity: 'error', check: 'setup', message };
    this.recordWithoutExchange(suite, title, kind, operation, { findings: [finding] });
  }

  /** A result no request of its own stands behind: a skipped check or a setup that failed. */
  private recordWithoutExchange(
    suite: string,
    title: string,
    kind: CaseKind,
    operation: Operation | undefined,
    outcome: { findings: Finding[]; skipped?: string },
  ): void {
    this.emit({ type: 'planned', count: 1 });
    this.record(this.seq++, {
      id: `${suite}/${title}`,
      suite,
      ...(operation ? { api: operation.api.api.name, operation: operation.name, endpoint: endpointOf(operation) } : {}),
      title,
      kind,
      expected: '',
      ...outcome,
      ms: 0,
    });
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

  /** Every result is masked here, once, before any reporter (progress, text, JUnit, JSON) sees it. */
  private record(seq: number, raw: CaseResult): void {
    const result = maskResult(raw, this.secrets());
    this.results.push({ ...result, seq });
    this.emit({ type: 'case', result });
  }
}

/** What a result says of the case it reports, before anything was sent. */
function resultOf(
  spec: CaseSpec,
): Pick<CaseResult, 'id' | 'suite' | 'api' | 'operation' | 'endpoint' | 'title' | 'kind' | 'expected'> {
  return {
    id: `${spec.suite}/${spec.title}`,
    suite: spec.suite,
    api: spec.operation.api.api.name,
    operation: spec.operation.name,
    endpoint: endpointOf(spec.operation),
    title: spec.title,
    kind: spec.kind,
    expected: describeExpectation(spec.expectation),
  };
}
