import type { FastifyReply } from 'fastify';
import { unescapePointerToken, type ApiDefinition } from '@pwpkit/runtime';
import { fail, type Failure } from './outcome.ts';
import type { ErrorCatalog, ErrorVocabulary, RefusalCodes } from './plugin.ts';
import type { Answer, Refusal, RefusalKind, RefusalPhrasing, Violation } from './refusal.ts';
import type { ServedOperation } from './served-operation.ts';

/** One documented error: the status it is listed under and its `{ type, code, details }`. */
export interface ErrorRow {
  readonly status: number;
  readonly type: string;
  readonly code: string;
  readonly details: string;
}

/** The error body the mock sends. */
export interface ErrorBody {
  type: string;
  code: string;
  details: string;
  location?: string;
}

/** When an operation does not document a code: the documented codes it answers instead (first match). */
export type Fallbacks = Readonly<Record<string, readonly string[]>>;

/** A mapping bug: the mock wanted to answer a code the operation does not document. */
export class UndocumentedCodeError extends Error {
  constructor(operation: string, code: string, fallbacks: readonly string[]) {
    super(
      `mock mapping bug: ${operation} documents neither "${code}" nor any fallback (${fallbacks.join(', ') || 'none'})`,
    );
    this.name = 'UndocumentedCodeError';
  }
}

/** An operation's error answers, resolved once from its catalog. */
export class OperationErrors {
  private readonly rows = new Map<string, ErrorRow>();
  private readonly resolved = new Map<string, ErrorRow>();
  private readonly shared = new Map<string, ErrorBody>();

  constructor(
    readonly operation: string,
    catalog: ErrorCatalog,
    private readonly fallbacks: Fallbacks = {},
  ) {
    for (const [status, list] of Object.entries(catalog)) {
      if (!/^\d{3}$/.test(status)) continue;
      for (const r of list) {
        const details = r.details ?? r.code;
        if (!this.rows.has(r.code))
          this.rows.set(r.code, { status: Number(status), type: r.type, code: r.code, details });
      }
    }
  }

  /** The documented row for a code (after fallbacks); throws UndocumentedCodeError if none. */
  row(code: string): ErrorRow {
    let row = this.resolved.get(code);
    if (row) return row;
    const fallbacks = this.fallbacks[code] ?? [];
    row = this.rows.get(code) ?? fallbacks.map((c) => this.rows.get(c)).find((r) => r !== undefined);
    if (!row) throw new UndocumentedCodeError(this.operation, code, fallbacks);
    this.resolved.set(code, row);
    return row;
  }

  has(code: string): boolean {
    try {
      this.row(code);
      return true;
    } catch {
      return false;
    }
  }

  /** Status and error body of a failure. */
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

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * Refusals and behaviours' failures as rows of a plug-in's error catalog (`{ type, code, details }`):
 * each operation answers from its own documented rows (with the vocabulary's fallbacks), anything
 * outside an operation from the vocabulary's rows.
 */
export class CatalogPhrasing implements RefusalPhrasing<ServedOperation> {
  readonly outside: OperationErrors;
  private readonly tables = new WeakMap<ApiDefinition, Map<string, OperationErrors>>();
  private readonly shared = new WeakMap<OperationErrors, Map<string, Answer>>();

  constructor(private readonly vocabulary: ErrorVocabulary) {
    this.outside = new OperationErrors('(no operation)', vocabulary.catalog, vocabulary.fallbacks);
  }

  /** An operation's documented error answers (made once per operation). */
  errorsOf(api: ApiDefinition, operation: string): OperationErrors {
    let table = this.tables.get(api);
    if (!table) this.tables.set(api, (table = new Map()));
    let errors = table.get(operation);
    if (!errors) {
      const catalog = api.errorCatalog[operation] ?? {};
      errors = new OperationErrors(`${api.api.name}.${operation}`, catalog, this.vocabulary.fallbacks);
      table.set(operation, errors);
    }
    return errors;
  }

  answer(op: ServedOperation | undefined, refusal: Refusal): Answer {
    return this.failure(op, this.failureOf(refusal));
  }

  /** The vocabulary's code for a refusal; `location` and `details` from its first violation. */
  failureOf(refusal: Refusal): Failure {
    const first = refusal.violations[0];
    const location = first ? locationOf(first) : undefined;
    // A credential or an access refusal answers the catalog's own text: it explains, and never echoes.
    const ownText = refusal.kind === 'unauthorized' || refusal.kind === 'forbidden';
    return fail(codeOf(refusal.kind, this.vocabulary.codes), location, ownText ? undefined : first?.message);
  }

  /** A failure's answer; the common ones (no location, no details) are serialized once. */
  failure(op: ServedOperation | undefined, failure: Pick<Failure, 'code' | 'location' | 'details'>): Answer {
    const errors = op ? this.errorsOf(op.api, op.name) : this.outside;
    const plain = failure.location === undefined && failure.details === undefined;
    let cache = plain ? this.shared.get(errors) : undefined;
    const cached = cache?.get(failure.code);
    if (cached) return cached;
    const { status, body } = errors.answer(failure);
    const answer = { status, headers: { 'content-type': JSON_TYPE }, body: JSON.stringify(body) };
    if (plain) {
      if (!cache) this.shared.set(errors, (cache = new Map()));
      cache.set(failure.code, answer);
    }
    return answer;
  }
}

function codeOf(kind: RefusalKind, codes: RefusalCodes): string {
  switch (kind) {
    case 'unauthorized':
      return codes.unauthorized;
    case 'forbidden':
      return codes.forbidden;
    case 'not-found':
      return codes.notFound;
    case 'method':
      return codes.methodNotAllowed;
    case 'server':
      return codes.unavailable;
    default:
      return codes.invalid;
  }
}

/** The header or parameter as the spec spells it, or the body field (`order.currencyCode`, `items[0].id`). */
function locationOf(v: Violation): string | undefined {
  if (v.in === 'body') {
    const tokens = (v.pointer ?? '').split('/').slice(1).map(unescapePointerToken);
    if (tokens.length === 0) return 'body';
    return tokens.reduce((acc, t) => (/^\d+$/.test(t) ? `${acc}[${t}]` : acc ? `${acc}.${t}` : t), '');
  }
  return v.name;
}
