/**
 * An operation's security requirements, read once from the spec: the mock checks their presence
 * (401), pact-check and the proxy ask the request judgment whether a credential was sent, verify
 * decides whether it needs a token.
 */
import type { Credential } from '@pwpkit/runtime';
import type { LoadedApiDefinition } from './api-definition.ts';
import { derefChain, derefLocal, isObject, type JsonObject } from '../input/document.ts';
import type { OperationModel } from '../generator/model/api-model.ts';

/** One security scheme an alternative asks for. */
export interface SecurityScheme {
  /** The scheme's name in `components.securitySchemes`. */
  readonly name: string;
  /** `apiKey`, `http`, `oauth2`, `openIdConnect`, `mutualTLS`. */
  readonly type: string;
  /** apiKey: `header`, `query` or `cookie`. */
  readonly in?: string;
  /** apiKey: the header, query or cookie name. */
  readonly param?: string;
  /** http: the scheme, lower-case (`bearer`, `basic`). */
  readonly scheme?: string;
}

/** Every scheme listed must be present on the request. */
export type SecurityAlternative = readonly SecurityScheme[];

/**
 * The operation's security (its own, else the document's), as alternatives: any one suffices.
 * Empty: anonymous access (nothing required, or `{}` among the alternatives, or an alternative
 * naming only schemes the document does not define).
 */
export function securityOf(api: LoadedApiDefinition, model: OperationModel): readonly SecurityAlternative[] {
  const doc = api.openapi;
  const paths = isObject(doc.paths) ? doc.paths : {};
  const pathItem = derefLocal(doc, paths[model.path]);
  const raw = isObject(pathItem) && isObject(pathItem[model.method]) ? (pathItem[model.method] as JsonObject) : {};
  const requirements = Array.isArray(raw.security) ? raw.security : Array.isArray(doc.security) ? doc.security : [];
  const schemes =
    isObject(doc.components) && isObject(doc.components.securitySchemes) ? doc.components.securitySchemes : {};
  const alternatives: SecurityAlternative[] = requirements.filter(isObject).map((requirement) =>
    Object.keys(requirement).flatMap((name) => {
      const scheme = derefChain(doc, schemes[name]);
      if (!isObject(scheme)) return [];
      return [
        {
          name,
          type: String(scheme.type),
          ...(typeof scheme.in === 'string' ? { in: scheme.in } : {}),
          ...(typeof scheme.name === 'string' ? { param: scheme.name } : {}),
          ...(typeof scheme.scheme === 'string' ? { scheme: scheme.scheme.toLowerCase() } : {}),
        },
      ];
    }),
  );
  return alternatives.some((alternative) => alternative.length === 0) ? [] : alternatives;
}

/**
 * Where a request carries the scheme's credential (for `Authorization`, with the scheme its value
 * starts with); `undefined`: nothing a request shows (mutualTLS, an apiKey without a name).
 */
export function credentialOf(scheme: SecurityScheme): Credential | undefined {
  if (scheme.type === 'apiKey') {
    if (scheme.param === undefined) return undefined;
    const where = scheme.in === 'query' || scheme.in === 'cookie' ? scheme.in : 'header';
    return { in: where, name: scheme.param, scheme: scheme.name };
  }
  const authorization = { in: 'header', name: 'Authorization', scheme: scheme.name } as const;
  if (scheme.type === 'http')
    return scheme.scheme === 'basic' || scheme.scheme === 'bearer'
      ? { ...authorization, authScheme: scheme.scheme }
      : authorization;
  if (scheme.type === 'oauth2' || scheme.type === 'openIdConnect') return { ...authorization, authScheme: 'bearer' };
  return undefined;
}

/** The credentials of each alternative, as runtime's `credentialsSent` and `judgeRequest` take them. */
export function credentialsOf(alternatives: readonly SecurityAlternative[]): Credential[][] {
  return alternatives.map((alternative) => alternative.flatMap((scheme) => credentialOf(scheme) ?? []));
}

/** A bearer token answers this scheme (oauth2, openIdConnect, http bearer). */
export function wantsBearer(scheme: SecurityScheme): boolean {
  return (
    scheme.type === 'oauth2' ||
    scheme.type === 'openIdConnect' ||
    (scheme.type === 'http' && scheme.scheme === 'bearer')
  );
}
