import { derefLocal, eachOperation, isObject, type HttpMethod, type JsonObject } from '../../input/document.ts';
import type { ErrorCodeRow } from '../normalize/rules/error-code-tables.ts';
import { baseOperationName, uniqueNames } from './operation-name.ts';
import { clientCredentialsOf } from './client-credentials.ts';
import { isJsonMediaType as isJson, type ClientCredentialsGrant } from '@pwpkit/runtime';

export type ParameterLocation = 'header' | 'path' | 'query' | 'cookie';

export interface ParameterModel {
  name: string;
  in: ParameterLocation;
  required: boolean;
  schema: JsonObject;
  description?: string;
}

export interface ContentHeaderModel {
  name: string;
  required: boolean;
  mediaTypes: string[];
}

export interface ResponseModel {
  /** `200`, `4XX` or `default`. */
  status: string;
  description: string;
  contentType?: string;
  /**
   * Every media type documented for the response (`text/html` and `application/json` for a page that may also
   * answer an error).
   */
  mediaTypes?: string[];
  /** Present when the body is JSON and has a schema. */
  schema?: JsonObject;
  errorCodes: ErrorCodeRow[];
}

export interface OperationModel {
  name: string;
  method: HttpMethod;
  path: string;
  operationId?: string;
  summary?: string;
  parameters: ParameterModel[];
  contentHeaders: ContentHeaderModel[];
  requestBody?: {
    required: boolean;
    contentType: string;
    mediaTypes: string[];
    schema?: JsonObject /** Top-level required properties of the body schema, $refs followed. */;
    requiredProperties: string[];
    /** The required property that makes a retry safe (see `idempotencyKeyOf`), if any. */
    idempotencyKey?: string;
  };
  responses: ResponseModel[];
}

export interface ApiModel {
  apiName: string;
  title: string;
  version: string;
  basePath: string;
  /** Where the API's client-credentials token is fetched, if its spec says (see client-credentials.ts). */
  clientCredentials?: ClientCredentialsGrant;
  operations: OperationModel[];
}

/** A JSON body, or a spec's wildcard (documented as anything: generated and judged as JSON). */
export function isJsonMediaType(mediaType: string): boolean {
  return isJson(mediaType) || mediaType.trim() === '*/*';
}

/**
 * `application/x-www-form-urlencoded`: a flat object of fields (OAuth token calls), typed and validated like a JSON
 * body.
 */
export function isFormMediaType(mediaType: string): boolean {
  return /^application\/x-www-form-urlencoded\b/i.test(mediaType);
}

/** The normalized OpenAPI 3 document as the emitters need it: one record per operation. */
export function buildApiModel(apiName: string, openapi: JsonObject): ApiModel {
  const found = [...eachOperation(openapi)];
  const names = uniqueNames(
    found.map(({ operation, method, path }) => ({
      base: baseOperationName({ operationId: operation.operationId, summary: operation.summary, method, path }),
      method,
    })),
  );
  const info = isObject(openapi.info) ? openapi.info : {};
  const clientCredentials = clientCredentialsOf(openapi);
  return {
    apiName,
    title: typeof info.title === 'string' ? info.title : apiName,
    version: typeof info.version === 'string' ? info.version : '',
    basePath: basePathOf(openapi),
    ...(clientCredentials ? { clientCredentials } : {}),
    operations: found.map(({ operation, pathItem, method, path }, i) => ({
      name: names[i],
      method,
      path,
      ...(typeof operation.operationId === 'string' ? { operationId: operation.operationId } : {}),
      ...(typeof operation.summary === 'string' ? { summary: operation.summary } : {}),
      parameters: parametersOf(openapi, pathItem, operation),
      contentHeaders: contentHeadersOf(operation),
      ...requestBodyOf(openapi, operation),
      responses: responsesOf(openapi, operation),
    })),
  };
}

function basePathOf(openapi: JsonObject): string {
  const server = Array.isArray(openapi.servers) && isObject(openapi.servers[0]) ? openapi.servers[0] : undefined;
  if (!server || typeof server.url !== 'string') return '';
  const url = server.url.replace(/\{[^}]*\}/g, '');
  const path = /^[a-z]+:\/\//i.test(url) ? new URL(url).pathname : url.replace(/^\/\//, '/');
  return path === '/' ? '' : path.replace(/\/+$/, '');
}

function parametersOf(doc: JsonObject, pathItem: JsonObject, operation: JsonObject): ParameterModel[] {
  const byKey = new Map<string, ParameterModel>();
  for (const list of [pathItem.parameters, operation.parameters]) {
    if (!Array.isArray(list)) continue;
    for (const entry of list) {
      const p = derefLocal(doc, entry);
      if (!isObject(p) || typeof p.name !== 'string' || !['header', 'path', 'query', 'cookie'].includes(String(p.in)))
        continue;
      const schema = isObject(p.schema) ? p.schema : isObject(p.content) ? (firstSchema(p.content) ?? {}) : {};
      byKey.set(`${p.in}:${p.name}`, {
        name: p.name,
        in: p.in as ParameterLocation,
        required: p.required === true || p.in === 'path',
        schema,
        ...(typeof p.description === 'string' ? { description: p.description } : {}),
      });
    }
  }
  return [...byKey.values()];
}

function firstSchema(content: JsonObject): JsonObject | undefined {
  const media = Object.values(content).find(isObject);
  return media && isObject(media.schema) ? media.schema : undefined;
}

function contentHeadersOf(operation: JsonObject): ContentHeaderModel[] {
  const list = operation['x-content-headers'];
  if (!Array.isArray(list)) return [];
  return list.filter(isObject).map((h) => ({
    name: String(h.name),
    required: h.required === true,
    mediaTypes: Array.isArray(h.mediaTypes) ? h.mediaTypes.map(String) : [],
  }));
}

function requestBodyOf(doc: JsonObject, operation: JsonObject): Pick<OperationModel, 'requestBody'> {
  const body = derefLocal(doc, operation.requestBody);
  if (!isObject(body) || !isObject(body.content)) return {};
  const mediaTypes = Object.keys(body.content);
  const contentType = mediaTypes.find(isJsonMediaType) ?? mediaTypes[0];
  if (!contentType) return {};
  const media = body.content[contentType];
  const schema =
    isObject(media) && isObject(media.schema) && (isJsonMediaType(contentType) || isFormMediaType(contentType))
      ? media.schema
      : undefined;
  const resolved = derefLocal(doc, schema);
  const requiredProperties =
    isObject(resolved) && Array.isArray(resolved.required) ? resolved.required.map(String) : [];
  const idempotencyKey = isObject(resolved) ? idempotencyKeyOf(doc, resolved, requiredProperties) : undefined;
  return {
    requestBody: {
      required: body.required === true,
      contentType,
      mediaTypes,
      ...(schema ? { schema } : {}),
      requiredProperties,
      ...(idempotencyKey ? { idempotencyKey } : {}),
    },
  };
}

const IDEMPOTENCY_KEY_NAME = /^idempotency[_-]?key$/i;

/**
 * A required body property that makes a write safe to send twice: one named as an idempotency key
 * (Square's `idempotency_key`), or one the spec marks `x-idempotency-key: true` (a merchant's
 * transaction reference, where the spec's prose says a replay returns the first answer).
 */
function idempotencyKeyOf(doc: JsonObject, schema: JsonObject, required: readonly string[]): string | undefined {
  const properties = isObject(schema.properties) ? schema.properties : {};
  return required.find((name) => {
    if (IDEMPOTENCY_KEY_NAME.test(name)) return true;
    const property = derefLocal(doc, properties[name]);
    return isObject(property) && property['x-idempotency-key'] === true;
  });
}

function responsesOf(doc: JsonObject, operation: JsonObject): ResponseModel[] {
  if (!isObject(operation.responses)) return [];
  return Object.entries(operation.responses).flatMap(([status, entry]) => {
    const response = derefLocal(doc, entry);
    if (!isObject(response)) return [];
    const content = isObject(response.content) ? response.content : {};
    const mediaTypes = Object.keys(content);
    const contentType = mediaTypes.find(isJsonMediaType) ?? mediaTypes[0];
    const media = contentType ? content[contentType] : undefined;
    const schema =
      contentType && isJsonMediaType(contentType) && isObject(media) && isObject(media.schema)
        ? media.schema
        : undefined;
    const codes = Array.isArray(response['x-error-codes'])
      ? response['x-error-codes']
          .filter(isObject)
          .map((r) => ({ type: String(r.type), code: String(r.code), details: String(r.details ?? '') }))
      : [];
    return [
      {
        status,
        description: typeof response.description === 'string' ? response.description : '',
        ...(contentType ? { contentType } : {}),
        ...(mediaTypes.length > 1 ? { mediaTypes } : {}),
        ...(schema ? { schema } : {}),
        errorCodes: codes,
      },
    ];
  });
}
