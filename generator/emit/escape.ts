/**
 * The one way spec-derived text enters generated source. A spec is input from another team: its
 * paths, summaries, descriptions, names and patterns may hold `*\/`, quotes, backticks, `${`,
 * newlines or U+2028/U+2029, and must come out as inert text, never as code. Emitters never
 * interpolate such a string directly: comments go through `commentText`, strings through
 * `stringLiteral`, object keys through `propertyKey`, and names used as code through
 * `identifier`, which refuses anything that is not one. (openapi-typescript builds `types.ts` with
 * the TypeScript printer, which escapes its own literals and comments; the ajv standalone code in
 * `validators.ts` is escaped by ajv's code generator. test/generator/hostile-input.test.ts proves
 * every generated file inert on a spec made of such strings.)
 */

/** Line terminators of JavaScript: each would end a `//` comment, and they split a JSDoc line. */
const LINE_TERMINATORS = /\r\n|[\n\r\u2028\u2029]/g;

/** Text inside a one-line block or JSDoc comment (`/** … *\/`): it cannot close the comment or break the line. */
export function commentText(text: string): string {
  return text.replace(LINE_TERMINATORS, ' ').replace(/\*\//g, '*\\/');
}

/**
 * A string as a double-quoted JavaScript/TypeScript literal: JSON's escaping (quotes, backslash,
 * control characters, lone surrogates), plus U+2028/U+2029 (line terminators in older engines and
 * in many tools) and `</` (so the source can never close a `<script>` element it is inlined in).
 */
export function stringLiteral(value: string): string {
  return JSON.stringify(value)
    .replace(/[\u2028\u2029]/g, (c) => (c === '\u2028' ? '\\u2028' : '\\u2029'))
    .replace(/<\//g, '<\\/');
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * An object-literal or type-member key: bare when it is an identifier, else a string literal.
 * `__proto__` is written computed (`["__proto__"]`): as a plain key, even quoted, it would set
 * the object's prototype instead of adding the property.
 */
export function propertyKey(key: string): string {
  if (key === '__proto__') return `[${stringLiteral(key)}]`;
  return IDENTIFIER.test(key) ? key : stringLiteral(key);
}

/** A name used as code (a method, a type, an export): returned as is, refused unless it is an identifier. */
export function identifier(name: string): string {
  if (!IDENTIFIER.test(name))
    throw new Error(`pwpkit bug: ${JSON.stringify(name)} would be emitted as an identifier but is not one`);
  return name;
}
