/**
 * What the spec documents about an operation's requests, in the shape runtime's request judgment
 * takes: built once here from the loaded spec (the proxy, pact-check, `mock --spec`) or from the
 * generated tables alone (a mock plug-in's APIs).
 */
import type { DocumentedRequest, OperationSpec, OperationValidatorSet } from '@pwpkit/runtime';
import type { LoadedApiDefinition } from './api-definition.ts';
import type { OperationModel } from '../generator/model/api-model.ts';
import { credentialsOf, securityOf } from './security.ts';

export function documentedRequestOf(api: LoadedApiDefinition, model: OperationModel): DocumentedRequest {
  const spec = api.operations[model.name];
  const validators = api.validators[model.name];
  return {
    name: model.name,
    headers: spec.headers,
    queryParams: spec.queryParams,
    body: spec.body,
    consumes: model.requestBody?.mediaTypes ?? [],
    produces: producesOf(model),
    credentials: credentialsOf(securityOf(api, model)),
    // Getters, not values: a validator is compiled when a request first needs it.
    validators: {
      get headers() {
        return validators?.headers;
      },
      get path() {
        return validators?.path;
      },
      get query() {
        return validators?.query;
      },
      get body() {
        return validators?.body;
      },
    },
  };
}

/**
 * From the generated tables alone: the body's one media type is what it consumes, the responses'
 * media types what it produces. The tables hold no security schemes: the plug-in that serves them
 * authenticates its callers itself.
 */
export function documentedRequestOfTables(
  name: string,
  spec: OperationSpec,
  validators: OperationValidatorSet | undefined,
): DocumentedRequest {
  return {
    name,
    headers: spec.headers,
    queryParams: spec.queryParams,
    body: spec.body,
    consumes: spec.body ? [spec.body.contentType] : [],
    produces: [...new Set(Object.values(spec.responseContentTypes ?? {}).filter((t): t is string => t !== undefined))],
    credentials: [],
    validators: validators ?? {},
  };
}

/** Every media type of every documented response, each once, in document order. */
export function producesOf(model: OperationModel): string[] {
  return [...new Set(Object.values(producesByStatus(model)).flat())];
}

/** Status key → the media types documented for that response; a response without a body is absent. */
export function producesByStatus(model: OperationModel): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const r of model.responses) {
    const mediaTypes = r.mediaTypes ?? (r.contentType ? [r.contentType] : []);
    if (mediaTypes.length > 0) out[r.status] = mediaTypes;
  }
  return out;
}
