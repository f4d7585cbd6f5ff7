import { isObject, pointer, walkObjects, type JsonObject } from '../../input/document.ts';

export interface PatternProblem {
  pointer: string;
  message: string;
}

/**
 * Every `pattern` (and `patternProperties` key) must compile as the validators will compile it:
 * an ECMAScript regular expression without the `u` flag (ajv's `unicodeRegExp: false`). Found
 * here, with its pointer, instead of as a bare exception from the ajv compiler.
 */
export function findInvalidPatterns(doc: JsonObject): PatternProblem[] {
  const problems: PatternProblem[] = [];
  const check = (source: string, ptr: string) => {
    try {
      new RegExp(source);
    } catch (error) {
      const reason = (error instanceof Error ? error.message : String(error)).replace(
        /^Invalid regular expression: \/.*\/[a-z]*: /s,
        '',
      );
      problems.push({
        pointer: ptr,
        message:
          `${JSON.stringify(source)} is not a valid regular expression (${reason}): ` +
          'expected an ECMAScript regular expression',
      });
    }
  };
  walkObjects(doc, (node, ptr) => {
    if (typeof node.pattern === 'string') check(node.pattern, `${ptr}/pattern`);
    if (isObject(node.patternProperties))
      for (const key of Object.keys(node.patternProperties)) check(key, `${ptr}${pointer('patternProperties', key)}`);
  });
  return problems;
}
