import type { OperationSpec, OperationValidatorSet, ValidatorFn } from '@pwpkit/runtime';
import type { LoadedApiDefinition } from '../../generator/api-definition.ts';
import { derefLocal, isObject, type JsonObject } from '../../generator/document.ts';
import type { OperationModel } from '../../generator/model/api-model.ts';

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

/** A security alternative: every scheme listed must be present on the request. */
export type SecurityAlternative = readonly {
  name: string;
  type: string;
  in?: string;
  param?: string;
  scheme?: string;
}[];

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
  readonly bodyMediaTypes: readonly string[];
}

const JSON_TYPE = /^application\/(.+\+)?json\b|^\*\/\*$/i;

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
      const response = deref(doc, entry);
      if (!isObject(response)) continue;
      const content = isObject(response.content) ? response.content : {};
      const mediaTypes = Object.keys(content).sort((a, b) => Number(JSON_TYPE.test(b)) - Number(JSON_TYPE.test(a)));
      const examples = new Map<string, { name: string; value: unknown }[]>();
      for (const type of mediaTypes) {
        const media = content[type];
        if (!isObject(media)) continue;
        const list: { name: string; value: unknown }[] = [];
        if (media.example !== undefined) list.push({ name: 'default', value: media.example });
        if (isObject(media.examples)) {
          for (const [name, ex] of Object.entries(media.examples)) {
            const example = deref(doc, ex);
            if (isObject(example) && example.value !== undefined) list.push({ name, value: example.value });
          }
        }
        if (list.length > 0) examples.set(type, list);
      }
      const model_ = model.responses.find((r) => r.status === key);
      const headers = isObject(response.headers)
        ? Object.entries(response.headers).flatMap(([name, h]) => {
            const header = deref(doc, h);
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
    const requirements = Array.isArray(raw.security) ? raw.security : Array.isArray(doc.security) ? doc.security : [];
    const schemes =
      isObject(doc.components) && isObject(doc.components.securitySchemes) ? doc.components.securitySchemes : {};
    const security: SecurityAlternative[] = requirements.filter(isObject).map((req) =>
      Object.keys(req).flatMap((name) => {
        const scheme = deref(doc, schemes[name]);
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
    return {
      name: model.name,
      method: model.method.toUpperCase(),
      template: api.api.basePath + model.path,
      api,
      model,
      spec: api.operations[model.name],
      validators,
      responses,
      security: security.some((alt) => alt.length === 0) ? [] : security,
      bodyMediaTypes: model.requestBody?.mediaTypes ?? [],
    };
  });
}

function deref(doc: JsonObject, node: unknown): unknown {
  let current = node;
  for (let i = 0; i < 32 && isObject(current) && typeof current.$ref === 'string'; i++)
    current = derefLocal(doc, current);
  return current;
}

/** Whether a request carries what one of the operation's security alternatives needs (presence only: the mock knows no secrets). */
export function securityMet(
  op: MockOperation,
  headers: Record<string, string | string[] | undefined>,
  query: Record<string, unknown>,
): boolean {
  if (op.security.length === 0) return true;
  const authorization = typeof headers.authorization === 'string' ? headers.authorization : '';
  const cookie = typeof headers.cookie === 'string' ? headers.cookie : '';
  return op.security.some((alt) =>
    alt.every((s) => {
      if (s.type === 'apiKey') {
        const name = s.param ?? '';
        if (s.in === 'query') return query[name] !== undefined && query[name] !== '';
        if (s.in === 'cookie')
          return new RegExp(`(^|;\\s*)${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}=`).test(cookie);
        const value = headers[name.toLowerCase()];
        return value !== undefined && value !== '';
      }
      if (s.type === 'http')
        return s.scheme === 'basic'
          ? /^Basic +\S/i.test(authorization)
          : s.scheme === 'bearer'
            ? /^Bearer +\S/i.test(authorization)
            : authorization !== '';
      if (s.type === 'oauth2' || s.type === 'openIdConnect') return /^Bearer +\S/i.test(authorization);
      return true;
    }),
  );
}
