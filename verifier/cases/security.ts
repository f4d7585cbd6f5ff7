import { isObject } from '../../generator/document.ts';
import type { ApiSet, Operation } from '../api-set.ts';
import { rawOperation } from './examples.ts';

/**
 * Whether verify must authenticate, read from the spec: an operation wants a bearer token when
 * it documents an `Authorization` header (as Citi's specs do) or when its security (its own, else
 * the document's) requires an `oauth2`, `openIdConnect` or `http` bearer scheme in every
 * alternative it offers. A spec with neither asks for no token.
 */
export function securityWantsBearer(op: Operation): boolean {
  const raw = rawOperation(op);
  const requirements =
    raw && Array.isArray(raw.operation.security)
      ? raw.operation.security
      : Array.isArray(op.api.openapi.security)
        ? op.api.openapi.security
        : [];
  if (requirements.length === 0) return false;
  const components =
    isObject(op.api.openapi.components) && isObject(op.api.openapi.components.securitySchemes)
      ? op.api.openapi.components.securitySchemes
      : {};
  const bearer = (name: string) => {
    const scheme = op.api.openapi && isObject(components[name]) ? components[name] : undefined;
    if (!scheme) return false;
    return (
      scheme.type === 'oauth2' ||
      scheme.type === 'openIdConnect' ||
      (scheme.type === 'http' && typeof scheme.scheme === 'string' && scheme.scheme.toLowerCase() === 'bearer')
    );
  };
  // `{}` among the alternatives: the operation may be called without credentials.
  return requirements.every((req) => isObject(req) && Object.keys(req).some(bearer));
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
