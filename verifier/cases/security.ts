import { securityOf, wantsBearer } from '../../core/security.ts';
import type { ApiSet, Operation } from '../api-set.ts';

/**
 * Whether verify must authenticate, read from the spec: an operation wants a bearer token when
 * it documents an `Authorization` header (as Citi's specs do) or when its security (its own, else
 * the document's) requires an `oauth2`, `openIdConnect` or `http` bearer scheme in every
 * alternative it offers. A spec with neither asks for no token.
 */
export function securityWantsBearer(op: Operation): boolean {
  const alternatives = securityOf(op.api, op.model);
  return alternatives.length > 0 && alternatives.every((alternative) => alternative.some(wantsBearer));
}

/** The operation documents an Authorization header, or its security asks for a bearer token. */
export function wantsToken(op: Operation): boolean {
  return (
    op.model.parameters.some((p) => p.in === 'header' && p.name.toLowerCase() === 'authorization') ||
    securityWantsBearer(op)
  );
}

/** Whether any operation of the run needs a token: without one, verify never asks a token endpoint. */
export function anyWantsToken(set: ApiSet): boolean {
  return set.operations.some(wantsToken);
}
