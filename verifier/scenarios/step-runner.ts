import { isObject } from '../../input/document.ts';
import type { Operation } from '../api-set.ts';
import { toHttpRequest, validParts, type RequestParts } from '../cases/build-request.ts';
import type { CaseRunner } from '../engine/case-runner.ts';
import type { LaneContext } from '../engine/lanes.ts';
import type { Exchange, Expectation } from '../types.ts';
import { withFields } from './body-fields.ts';
import { refusalOf } from './refusals.ts';

/**
 * Sends a scenario's steps in order, each a valid request of its operation with a change. While
 * stopped (a precondition failed: no resource, no subject left to enrol), each step is reported
 * skipped with the reason instead, so every run counts the same checks.
 */
export class StepRunner {
  private stopped: string | undefined;
  private readonly runner: CaseRunner;

  constructor(
    private readonly lc: LaneContext,
    readonly suite: string,
    readonly values: Record<string, unknown>,
  ) {
    this.runner = lc.runner;
  }

  /** Why steps are being skipped, if they are. */
  get reason(): string | undefined {
    return this.stopped;
  }

  /** Steps from here on run (`undefined`) or are skipped with this reason. */
  resume(reason: string | undefined): void {
    this.stopped = reason;
  }

  /**
   * `change.body`: top-level body fields to set; `change.fields`: properties set wherever the
   * schema puts them (`undefined` removes one). `unless`: this one step is skipped, with that reason.
   */
  async step(
    op: Operation,
    title: string,
    change: { body?: Record<string, unknown>; fields?: Record<string, unknown> },
    expectation: Expectation,
    assert?: (e: Exchange) => string | undefined,
    unless?: string,
  ): Promise<Exchange | undefined> {
    const full = `${title} → ${labelOf(expectation)}`;
    const unpromised =
      expectation.kind === 'refused' && expectation.unpromised
        ? `${op.name} documents no error codes, so not the rule (${expectation.unpromised})`
        : undefined;
    const skipped = this.stopped ?? unless ?? unpromised;
    if (skipped !== undefined) {
      this.runner.skip(this.suite, full, 'scenario', skipped, op);
      return undefined;
    }
    const ctx = { ...this.lc.base, values: this.values };
    const parts: RequestParts = validParts(op, ctx);
    if (change.body) parts.body = { ...(isObject(parts.body) ? parts.body : {}), ...change.body };
    if (change.fields) parts.body = withFields(this.lc.base.set, op, parts.body, change.fields);
    return this.runner.run({
      suite: this.suite,
      title: full,
      kind: 'scenario',
      operation: op,
      request: toHttpRequest(op, ctx, parts),
      expectation,
      assert,
    });
  }

  skip(op: Operation, title: string, reason: string): void {
    this.runner.skip(this.suite, title, 'scenario', this.stopped ?? reason, op);
  }

  /**
   * Refused with this code (at the status the spec documents it under), when the operation
   * documents it; refused at all otherwise.
   */
  refusal(op: Operation, ...codes: string[]): Expectation {
    return refusalOf(op, ...codes);
  }
}

function labelOf(e: Expectation): string {
  if (e.kind === 'accepted') return 'accepted';
  if (e.kind === 'refused') return e.codes?.length ? e.codes.join(' or ') : 'refused';
  return 'answered';
}
