import {
  credentialsSent,
  type Credential,
  type OperationSpec,
  type OperationValidatorSet,
  type ValidatorFn,
} from '@pwpkit/runtime';
import type { LoadedApiDefinition } from '../../core/api-definition.ts';
import { derefChain, derefLocal, isObject, type JsonObject } from '../../input/document.ts';
import { isJsonMediaType, type OperationModel } from '../../generator/model/api-model.ts';
import { credentialsOf, securityOf, type SecurityAlternative } from '../../core/security.ts';

export type { SecurityAlternative };

/** One documented response of an operation, as the mock answers it. */
export interface MockResponse {
  /** `200`, `4XX` or `default`. */
  readonly key: string;
  /** Every media type the spec lists for it (JSON ones first). */
  readonly mediaTypes: readonly string[];
  readonly validate?: ValidatorFn;
  readonly schema?: JsonObject;
  /** Named examples by media type (`example` is named `default`), in document order. */
  readonly examples: ReadonlyMap<string, readonly { name: string; value: unknown }[]>;
  readonly headers: readonly { name: string; schema: JsonObject; required: boolean }[];
  /** Error-code catalog rows documented for this status (Citi-style specs). */
  readonly codes: readonly { type: string; code: string; details?: string }[];
}

export interface MockOperation {
  readonly name: string;
  readonly method: string;
  /** basePath + path, as the spec writes it (`/api/pets/{id}`). */
  readonly template: string;
  readonly api: LoadedApiDefinition;
  readonly model: OperationModel;
  readonly spec: OperationSpec;
  readonly validators: OperationValidatorSet;
  readonly responses: ReadonlyMap<string, MockResponse>;
  /** Empty: anonymous access; an empty alternative among others: anonymous allowed too. */
  readonly security: readonly SecurityAlternative[];
  /** Where a request carries each alternative's credentials (from `security`). */
  readonly credentials: readonly (readonly Credential[])[];
  readonly bodyMediaTypes: readonly string[];
}

export function mockOperations(api: LoadedApiDefinition): MockOperation[] {
  const doc = api.openapi;
  const paths = isObject(doc.paths) ? doc.paths : {};
  return api.model.operations.map((model) => {
    const pathItem = derefLocal(doc, paths[model.path]);
    const raw = isObject(pathItem) && isObject(pathItem[model.method]) ? (pathItem[model.method] as JsonObject) : {};
    const validators = api.validators[model.name] ?? { responses: {} };
    const catalog = api.errorCatalog[model.name] ?? {};
    const responses = new Map<string, MockResponse>();
    const rawResponses = isObject(raw.responses) ? raw.responses : {};
    for (const [key, entry] of Object.entries(rawResponses)) {
      const response = derefChain(doc, entry);
      if (!isObject(response)) continue;
      const content = isObject(response.content) ? response.content : {};
      const mediaTypes = Object.keys(content).sort((a, b) => Number(isJsonMediaType(b)) - Number(isJsonMediaType(a)));
      const examples = new Map<string, { name: string; value: unknown }[]>();
      for (const type of mediaTypes) {
        const media = content[type];
        if (!isObject(media)) continue;
        const list: { name: string; value: unknown }[] = [];
        if (media.example !== undefined) list.push({ name: 'default', value: media.example });
        if (isObject(media.examples)) {
          for (const [name, ex] of Object.entries(media.examples)) {
            const example = derefChain(doc, ex);
            if (isObject(example) && example.value !== undefined) list.push({ name, value: example.value });
          }
        }
        if (list.length > 0) examples.set(type, list);
      }
      const model_ = model.responses.find((r) => r.status === key);
      const headers = isObject(response.headers)
        ? Object.entries(response.headers).flatMap(([name, h]) => {
            const header = derefChain(doc, h);
            return isObject(header)
              ? [
                  {
                    name,
                    schema: isObject(header.schema) ? header.schema : { type: 'string' },
                    required: header.required === true,
                  },
                ]
              : [];
          })
        : [];
      const mock: MockResponse = {
        key,
        mediaTypes,
        ...(model_?.schema ? { schema: model_.schema } : {}),
        examples,
        headers,
        codes: (catalog[key] ?? []) as MockResponse['codes'],
      };
      // Read when first used: a validator built at run time compiles then, so a large spec starts
      // without compiling every response schema.
      if (Object.hasOwn(validators.responses, key))
        Object.defineProperty(mock, 'validate', { enumerable: true, get: () => validators.responses[key] });
      responses.set(key, mock);
    }
    const security = securityOf(api, model);
    return {
      name: model.name,
      method: model.method.toUpperCase(),
      template: api.api.basePath + model.path,
      api,
      model,
      spec: api.operations[model.name],
      validators,
      responses,
      security,
      credentials: credentialsOf(security),
      bodyMediaTypes: model.requestBody?.mediaTypes ?? [],
    };
  });
}

/**
 * Whether a request carries what one of the operation's security alternatives needs (presence
 * only: the mock knows no secrets). Runtime's judgment, the one pact-check and the proxy ask.
 */
export function securityMet(
  op: MockOperation,
  headers: Record<string, string | string[] | undefined>,
  query: Record<string, unknown>,
): boolean {
  return credentialsSent(op.credentials, headers, query);
}
