import { isClientIdHeader, type ApiDefinition, type DocumentedRequest, type OperationSpec } from '@pwpkit/runtime';
import type { LoadedApiDefinition } from '../core/api-definition.ts';
import { documentedRequestOf, documentedRequestOfTables } from '../core/documented-request.ts';
import { mockOperations, type MockOperation } from './generic/operations.ts';

/** One operation the mock serves, with everything a request needs computed once, at start. */
export interface ServedOperation {
  readonly api: ApiDefinition;
  readonly name: string;
  /** Upper-case. */
  readonly method: string;
  /** basePath + path, as the spec writes it (`/api/pets/{id}`). */
  readonly template: string;
  readonly spec: OperationSpec;
  /** What runtime's request judgment takes. */
  readonly request: DocumentedRequest;
  /** Lower-case names of the headers that carry a credential of the operation's security. */
  readonly credentialHeaders: ReadonlySet<string>;
  /** The client id header a plug-in's caller must name, if the operation documents one (`key`: lower-case). */
  readonly clientIdHeader?: { readonly key: string; readonly name: string };
  /** The operation's first path parameter, handed to a behaviour. */
  readonly pathParam?: string;
  /** What a behaviour's value is answered with: the first documented 2xx, and whether it has a body. */
  readonly success: { readonly status: number; readonly hasBody: boolean };
  /** The `WWW-Authenticate` of a 401 (the first security scheme's challenge). */
  readonly wwwAuthenticate: string;
  /** For a spec loaded at run time: its documented answers (examples, schemas, headers, error bodies). */
  readonly documented?: MockOperation;
}

function isLoaded(api: ApiDefinition): api is LoadedApiDefinition {
  return 'model' in api && 'openapi' in api;
}

/** The operations of one API: from the loaded spec when there is one, else from the generated tables alone. */
export function servedOperations(api: ApiDefinition): ServedOperation[] {
  if (isLoaded(api)) {
    const documented = new Map(mockOperations(api).map((op) => [op.name, op]));
    return api.model.operations.map((model) => {
      const op = documented.get(model.name);
      const request = documentedRequestOf(api, model);
      const headers = new Set(
        request.credentials.flatMap((alternative) =>
          alternative.flatMap((c) => (c.in === 'header' ? [c.name.toLowerCase()] : [])),
        ),
      );
      return served(api, model.name, request, headers, op);
    });
  }
  return Object.entries(api.operations).map(([name, spec]) =>
    served(api, name, documentedRequestOfTables(name, spec, api.validators[name]), new Set()),
  );
}

function served(
  api: ApiDefinition,
  name: string,
  request: DocumentedRequest,
  credentialHeaders: ReadonlySet<string>,
  documented?: MockOperation,
): ServedOperation {
  const spec = api.operations[name];
  const successKey = spec.statuses.find((s) => /^2/.test(s)) ?? '200';
  const clientIdName = spec.headers.find((h) => isClientIdHeader(h.name))?.name;
  const clientIdHeader =
    clientIdName === undefined ? undefined : { key: clientIdName.toLowerCase(), name: clientIdName };
  const pathParam = spec.pathParams[0];
  return {
    api,
    name,
    method: spec.method.toUpperCase(),
    template: api.api.basePath + spec.path,
    spec,
    request,
    credentialHeaders,
    ...(clientIdHeader !== undefined ? { clientIdHeader } : {}),
    ...(pathParam !== undefined ? { pathParam } : {}),
    success: {
      status: /^\d{3}$/.test(successKey) ? Number(successKey) : 200,
      // `hasOwn`: a loaded spec's validators compile when first read.
      hasBody: Object.hasOwn(api.validators[name]?.responses ?? {}, successKey),
    },
    wwwAuthenticate: challengeOf(documented),
    ...(documented ? { documented } : {}),
  };
}

function challengeOf(op: MockOperation | undefined): string {
  const first = op?.security[0]?.[0];
  if (first?.type === 'http' && first.scheme === 'basic') return 'Basic realm="pwpkit mock"';
  if (first?.type === 'apiKey') return `ApiKey ${first.in ?? 'header'}=${quotedString(first.param ?? '')}`;
  return 'Bearer';
}

/**
 * A spec's parameter name as an RFC 9110 quoted-string: `"` and `\` escaped, anything outside visible ASCII
 * dropped, so a hostile name can neither break the challenge nor make Node refuse the header (a 500).
 */
function quotedString(text: string): string {
  return `"${text.replace(/[^\x20-\x7e]/g, '').replace(/["\\]/g, '\\$&')}"`;
}
