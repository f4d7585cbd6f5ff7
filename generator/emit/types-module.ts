import openapiTS, { astToString } from 'openapi-typescript';
import type { JsonObject } from '../document.ts';
import { InputError, errorMessage } from '../errors.ts';
import { GENERATED_HEADER } from './source-text.ts';

/** `types.ts`: openapi-typescript's output for the normalized OpenAPI 3 document. */
export async function emitTypesModule(openapi: JsonObject, file: string): Promise<string> {
  try {
    const ast = await openapiTS(structuredClone(openapi) as never, { silent: true });
    return `${GENERATED_HEADER}\n${astToString(ast)}`;
  } catch (error) {
    throw new InputError(`${file}: openapi-typescript could not type the normalized document: ${errorMessage(error)}`);
  }
}
