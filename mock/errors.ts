import type { FastifyReply } from 'fastify';
import type { Failure } from './outcome.ts';
import type { ErrorCatalog } from './plugin.ts';

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

/** The answers outside any operation of each catalog mock (its plug-in's rows), by app; set by server.ts. */
const outsideByApp = new WeakMap<object, { errors: OperationErrors; invalid: string }>();

export function setOutsideErrors(app: object, errors: OperationErrors, invalid: string): void {
  outsideByApp.set(app, { errors, invalid });
}

function outsideOf(server: object): { errors: OperationErrors; invalid: string } | undefined {
  for (let o: object | null = server; o !== null; o = Object.getPrototypeOf(o)) {
    const found = outsideByApp.get(o);
    if (found) return found;
  }
  return undefined;
}

/**
 * For the hooks every mock shares (routes/connection.ts refuses a request without `Host`): the
 * answer outside any operation of the app the reply belongs to. The hooks only refuse requests, so
 * a code the plug-in's catalog does not hold is answered as its `invalid` code.
 */
export const genericErrors = {
  send(reply: FastifyReply, failure: Pick<Failure, 'code' | 'location' | 'details'>): FastifyReply {
    const outside = outsideOf(reply.server);
    if (!outside)
      return reply.code(400).send({ code: failure.code, details: failure.details, location: failure.location });
    const known = outside.errors.has(failure.code);
    return outside.errors.send(reply, known ? failure : { ...failure, code: outside.invalid });
  },
};
