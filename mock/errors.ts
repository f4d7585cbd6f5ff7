import type { FastifyReply } from 'fastify';
import type { ApiDefinition } from '@pwpkit/runtime';
import type { DomainCode, Failure } from './state/outcome.ts';

/** One documented error: the status it is listed under and its `{ type, code, details }`. */
export interface ErrorRow {
  readonly status: number;
  readonly type: string;
  readonly code: string;
  readonly details: string;
}

/** The ErrorResponse body the mock sends. */
export interface ErrorBody {
  type: string;
  code: string;
  details: string;
  location?: string;
}

/**
 * When an operation's catalog does not document the domain's code, the documented code it
 * answers instead (first match). E.g. seed 003's Shop with Points linkage lists
 * `registrationFailed` but not `cardAlreadyRegistered`; activation lists no
 * `invalidRewardLinkCode`, so an unknown code fails activation.
 */
const FALLBACKS: Partial<Record<DomainCode, readonly string[]>> = {
  cardAlreadyRegistered: ['registrationFailed'],
  invalidRewardLinkCode: ['activationFailed', 'resourceNotFound'],
  inactiveRewardLinkCode: ['invalidRewardLinkCode'],
  invalidCardType: ['registrationFailed'],
  invalidCustomer: ['invalidRequest'],
};

/** A mapping bug: the mock wanted to answer a code the operation does not document. */
export class UndocumentedCodeError extends Error {
  constructor(operation: string, code: string) {
    super(
      `mock mapping bug: ${operation} documents neither "${code}" nor any fallback (${(FALLBACKS[code as DomainCode] ?? []).join(', ') || 'none'})`,
    );
    this.name = 'UndocumentedCodeError';
  }
}

/** The rows the mock answers outside any operation (token endpoint, admin, unknown paths): Pay with Points' texts. */
export const GENERIC_CATALOG: Readonly<Record<string, readonly { type: string; code: string; details: string }[]>> = {
  '400': [{ type: 'invalid', code: 'invalidRequest', details: 'Missing or invalid parameters' }],
  '401': [{ type: 'error', code: 'unAuthorized', details: 'Authorization credentials are missing or invalid' }],
  '403': [{ type: 'error', code: 'accessNotConfigured', details: 'Access is not configured for this resource' }],
  '404': [{ type: 'error', code: 'resourceNotFound', details: 'Empty resource/resource not found' }],
  '500': [
    {
      type: 'fatal',
      code: 'serverUnavailable',
      details: 'The request failed due to an internal error/server unavailability',
    },
  ],
};

type Catalog = ApiDefinition['errorCatalog'][string];

/** An operation's error answers, resolved once from its catalog. */
export class OperationErrors {
  private readonly rows = new Map<string, ErrorRow>();
  private readonly resolved = new Map<DomainCode, ErrorRow>();
  private readonly shared = new Map<DomainCode, ErrorBody>();

  constructor(
    readonly operation: string,
    catalog: Catalog,
  ) {
    for (const [status, list] of Object.entries(catalog)) {
      if (!/^\d{3}$/.test(status)) continue;
      for (const r of list) {
        const details = (r as { details?: string }).details ?? r.code;
        if (!this.rows.has(r.code))
          this.rows.set(r.code, { status: Number(status), type: r.type, code: r.code, details });
      }
    }
  }

  /** The documented row for a domain code (after fallbacks); throws UndocumentedCodeError if none. */
  row(code: DomainCode): ErrorRow {
    let row = this.resolved.get(code);
    if (row) return row;
    row = this.rows.get(code) ?? (FALLBACKS[code] ?? []).map((c) => this.rows.get(c)).find((r) => r !== undefined);
    if (!row) throw new UndocumentedCodeError(this.operation, code);
    this.resolved.set(code, row);
    return row;
  }

  has(code: DomainCode): boolean {
    try {
      this.row(code);
      return true;
    } catch {
      return false;
    }
  }

  /** Status and ErrorResponse body of a failure. */
  answer(failure: Pick<Failure, 'code' | 'location' | 'details'>): { status: number; body: ErrorBody } {
    const row = this.row(failure.code);
    if (failure.location === undefined && failure.details === undefined) {
      let body = this.shared.get(failure.code);
      if (!body)
        this.shared.set(
          failure.code,
          (body = Object.freeze({ type: row.type, code: row.code, details: row.details }) as ErrorBody),
        );
      return { status: row.status, body };
    }
    const body: ErrorBody = { type: row.type, code: row.code, details: failure.details ?? row.details };
    if (failure.location !== undefined) body.location = failure.location;
    return { status: row.status, body };
  }

  send(reply: FastifyReply, failure: Pick<Failure, 'code' | 'location' | 'details'>): FastifyReply {
    const { status, body } = this.answer(failure);
    return reply.code(status).send(body);
  }
}

export const genericErrors = new OperationErrors('(no operation)', GENERIC_CATALOG);
