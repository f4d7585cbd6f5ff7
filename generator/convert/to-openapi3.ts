import s2o from 'swagger2openapi';
import type { JsonObject } from '../../input/document.ts';
import { pointer } from '../../input/document.ts';
import { InputError, errorMessage } from '../../input/errors.ts';

/**
 * Swagger 2.0 → OpenAPI 3.0 with swagger2openapi (in memory, no resolution: refs are local by now).
 * swagger2openapi converts its own copy; of `swagger` it only copies a node that two places share
 * (see `anchors`) into each, which leaves its content as it was, so no copy is made here.
 */
export async function toOpenApi3(swagger: JsonObject, file: string): Promise<JsonObject> {
  try {
    // `text`: swagger2openapi otherwise YAML-serializes the whole input into `options.text`, which
    // nothing reads (a tenth of conversion time on a large spec).
    // `anchors`: a node that YAML aliases share between two places is copied for each (without it
    // swagger2openapi refuses any alias; cycles and alias bombs were refused when the spec was parsed).
    const result = await s2o.convertObj(
      swagger as never,
      { patch: true, warnOnly: true, resolve: false, direct: false, text: '(in memory)', anchors: true } as never,
    );
    return result.openapi as unknown as JsonObject;
  } catch (error) {
    const key = error instanceof URIError ? keyWithLoneSurrogate(swagger) : undefined;
    if (key !== undefined)
      throw new InputError(
        `${file}: #${key}: a key holds a lone UTF-16 surrogate ` +
          '(an unpaired \\uD800–\\uDFFF escape): expected Unicode text',
      );
    throw new InputError(`${file}: conversion to OpenAPI 3 failed: ${errorMessage(error)}`);
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The pointer of the first key swagger2openapi cannot percent-encode into a JSON pointer. */
function keyWithLoneSurrogate(document: unknown): string | undefined {
  const stack: Array<{ node: unknown; path: string[] }> = [{ node: document, path: [] }];
  const seen = new Set<unknown>();
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    if (typeof node !== 'object' || node === null || seen.has(node)) continue;
    seen.add(node);
    for (const [key, value] of Object.entries(node)) {
      if (LONE_SURROGATE.test(key))
        return pointer(
          ...path,
          key.replace(LONE_SURROGATE, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase()}`),
        );
      stack.push({ node: value, path: [...path, key] });
    }
  }
  return undefined;
}
