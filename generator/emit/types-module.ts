import type { JsonObject } from '../../input/document.ts';
import { InputError, errorMessage } from '../../input/errors.ts';
import { GENERATED_HEADER } from './source-text.ts';
import { renderTypesInWorker } from './types-worker/client.js';

/** `types.ts`: openapi-typescript's output for the normalized OpenAPI 3 document. */
export async function emitTypesModule(openapi: JsonObject, file: string): Promise<string> {
  try {
    return `${GENERATED_HEADER}\n${await renderTypesInWorker(openapi)}`;
  } catch (error) {
    throw new InputError(`${file}: openapi-typescript could not type the normalized document: ${errorMessage(error)}`);
  }
}
