import SwaggerParser from '@apidevtools/swagger-parser';
import { fileURLToPath } from 'node:url';
import type { JsonObject, LoadedSpec } from '../../input/document.ts';
import { InputError, errorMessage } from '../../input/errors.ts';
import { checkFileRefs, readRefFile, type RefPolicy } from './file-refs.ts';
import { validate as openapi30Schema } from './document-schemas/openapi-3.0.js';
import { validate as swagger20Schema } from './document-schemas/swagger-2.0.js';
import type { DocumentSchemaError, DocumentSchemaValidate } from './document-schemas/validate-function.d.ts';

export interface DocumentProblem {
  pointer: string;
  message: string;
}

/**
 * Schema- and spec-validates a document. Returns the problems as pointer + message (empty when
 * valid). The schema check runs precompiled (document-schemas/) on the document as written, so a
 * problem inside a shared definition is reported once, where it is written; swagger-parser then
 * adds its checks beyond the schema (path parameters, duplicate operationIds, required
 * properties) on a dereferenced copy.
 */
export async function validateDocument(document: JsonObject): Promise<DocumentProblem[]> {
  const precompiled = documentSchemaFor(document);
  if (precompiled && !precompiled(document)) return (precompiled.errors ?? []).map(toProblem);
  try {
    // Works on a copy: swagger-parser dereferences in place.
    const options = {
      resolve: { external: false },
      dereference: { circular: 'ignore' },
      validate: { schema: precompiled === undefined, spec: true },
    };
    await SwaggerParser.validate(structuredClone(document) as never, options as never);
    return [];
  } catch (error) {
    const details = (error as { details?: DocumentSchemaError[] }).details;
    if (Array.isArray(details) && details.length > 0) return details.map(toProblem);
    const message = errorMessage(error).replace(/\s+/g, ' ').trim();
    const at = /#(\/\S*)/.exec(message);
    return [{ pointer: at ? at[1] : '/', message: message.replace(/^Swagger schema validation failed\.\s*/, '') }];
  }
}

/** OpenAPI 3.1 is left to swagger-parser, which patches the 3.1 schema before compiling it. */
function documentSchemaFor(document: JsonObject): DocumentSchemaValidate | undefined {
  if (document.swagger === '2.0') return swagger20Schema;
  if (typeof document.openapi === 'string' && document.openapi.startsWith('3.0')) return openapi30Schema;
  return undefined;
}

function toProblem(detail: Pick<DocumentSchemaError, 'instancePath' | 'message' | 'params'>): DocumentProblem {
  const extra =
    detail.params && 'additionalProperty' in detail.params ? ` ("${String(detail.params.additionalProperty)}")` : '';
  return { pointer: detail.instancePath || '/', message: `${detail.message ?? 'invalid'}${extra}` };
}

/**
 * Inlines file (and, when allowed, http) `$ref`s into one document. Every file ref, of the spec
 * and of the files it names, is first checked against the policy (regular file, size, folder:
 * see file-refs.ts) with a located message; the bundler then reads files only through the same
 * bounded reader, and starts from the document already parsed instead of reading the spec again.
 */
export async function bundleExternalRefs(
  spec: Pick<LoadedSpec, 'file' | 'document' | 'lineOf'>,
  allowRemote: boolean,
  policy: RefPolicy,
): Promise<JsonObject> {
  const { file } = spec;
  const read = await checkFileRefs(file, spec.document, spec.lineOf, policy);
  // The bundler replaces a resolver's error by "Error reading file …": keep the reason.
  let failedRead: string | undefined;
  const readFile = async (target: { url: string }) => {
    const path = fileSystemPath(target.url);
    const known = read.get(path);
    if (known) return known;
    try {
      return await readRefFile(path, policy);
    } catch (error) {
      failedRead ??= `Error opening file ${path}: ${errorMessage(error)}`;
      throw error;
    }
  };
  try {
    const options = { resolve: { external: true, http: allowRemote ? {} : false, file: { read: readFile } } };
    return (await SwaggerParser.bundle(
      file,
      structuredClone(spec.document) as never,
      options as never,
    )) as unknown as JsonObject;
  } catch (error) {
    // A referenced file that is missing or unparsable is the user's input, not pwpkit's fault:
    // its first line names the file and the reason (the rest is a source excerpt).
    const reason =
      /^Error reading file /.test(errorMessage(error)) && failedRead !== undefined ? failedRead : errorMessage(error);
    throw new InputError(`${file}: an external $ref cannot be resolved: ${reason.split('\n')[0]}`);
  }
}

/** The bundler's file URL (a path, or a `file:` URL) as a path. */
function fileSystemPath(url: string): string {
  if (/^file:/i.test(url)) return fileURLToPath(url);
  let path = url;
  try {
    path = decodeURI(url);
  } catch {
    // a bare % is a file name character
  }
  return path.length > 1 && /[\\/]$/.test(path) ? path.slice(0, -1) : path;
}
