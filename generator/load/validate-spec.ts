import SwaggerParser from '@apidevtools/swagger-parser';
import type { JsonObject } from '../document.ts';
import { errorMessage } from '../errors.ts';

/**
 * Schema- and spec-validates a document with swagger-parser. Returns the problems as
 * `pointer: message` strings (empty when valid). Works on a copy: swagger-parser dereferences
 * in place.
 */
export async function validateDocument(document: JsonObject): Promise<Array<{ pointer: string; message: string }>> {
  try {
    await SwaggerParser.validate(structuredClone(document) as never, { resolve: { external: false }, dereference: { circular: 'ignore' } } as never);
    return [];
  } catch (error) {
    const details = (error as { details?: Array<{ instancePath?: string; message?: string; params?: Record<string, unknown> }> }).details;
    if (Array.isArray(details) && details.length > 0) {
      return details.map((d) => ({ pointer: d.instancePath || '/', message: describe(d) }));
    }
    const message = errorMessage(error).replace(/\s+/g, ' ').trim();
    const at = /#(\/\S*)/.exec(message);
    return [{ pointer: at ? at[1] : '/', message: message.replace(/^Swagger schema validation failed\.\s*/, '') }];
  }
}

function describe(detail: { message?: string; params?: Record<string, unknown> }): string {
  const extra = detail.params && 'additionalProperty' in detail.params ? ` ("${String(detail.params.additionalProperty)}")` : '';
  return `${detail.message ?? 'invalid'}${extra}`;
}

/** Inlines file (and, when allowed, http) `$ref`s into one document. */
export async function bundleExternalRefs(file: string, allowRemote: boolean): Promise<JsonObject> {
  return (await SwaggerParser.bundle(file, { resolve: { http: allowRemote ? {} : false, file: true } } as never)) as unknown as JsonObject;
}
