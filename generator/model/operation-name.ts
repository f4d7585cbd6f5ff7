const ARTICLES = new Set(['a', 'an', 'the']);
const BOILERPLATE = /^(this\s+api\s+is\s+used\s+to|this\s+api\s+will|this\s+api|used\s+to|api\s+to|will)\s+/i;
const MAX_SUMMARY_WORDS = 8;
const RESERVED = new Set([
  'delete',
  'new',
  'default',
  'function',
  'class',
  'return',
  'import',
  'export',
  'switch',
  'case',
  'void',
  'in',
  'typeof',
  'instanceof',
  'this',
  'var',
  'let',
  'const',
  'if',
  'else',
  'for',
  'while',
  'do',
  'break',
  'continue',
  'throw',
  'try',
  'catch',
  'finally',
  'with',
  'yield',
  'await',
  'enum',
  'super',
  'extends',
  'debugger',
  'null',
  'true',
  'false',
  'constructor',
  '__proto__',
  'prototype',
]);

/** Readable, stable method names: operationId, else the summary, else method + path. */
export function baseOperationName(input: {
  operationId?: unknown;
  summary?: unknown;
  method: string;
  path: string;
}): string {
  if (typeof input.operationId === 'string' && /[A-Za-z0-9]/.test(input.operationId))
    return camelCase(input.operationId.split(/[^A-Za-z0-9]+/));
  if (typeof input.summary === 'string' && /[A-Za-z]/.test(input.summary)) {
    const words = input.summary
      .trim()
      .replace(BOILERPLATE, '')
      .replace(/[.!]+$/, '')
      .split(/[^A-Za-z0-9]+/)
      .filter((w) => w && !ARTICLES.has(w.toLowerCase()));
    if (words.length > 0) return camelCase(words.slice(0, MAX_SUMMARY_WORDS).map((w) => w.toLowerCase()));
  }
  const segments = input.path
    .split('/')
    .filter(Boolean)
    .map((s) => (s.startsWith('{') ? 'by ' + s.slice(1, -1) : s));
  return camelCase([input.method, ...segments.flatMap((s) => s.split(/[^A-Za-z0-9]+/))]);
}

function camelCase(parts: string[]): string {
  const words = parts.filter(Boolean);
  const joined = words
    .map((w, i) => (i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1)))
    .join('');
  const safe = /^[0-9]/.test(joined) ? 'op' + joined : joined || 'operation';
  return RESERVED.has(safe) ? safe + 'Operation' : safe;
}

/** Gives every operation a unique name; collisions get the HTTP method, then a number. Order-stable. */
export function uniqueNames(bases: Array<{ base: string; method: string }>): string[] {
  const taken = new Set<string>();
  return bases.map(({ base, method }) => {
    let name = base;
    if (taken.has(name)) name = base + method.charAt(0).toUpperCase() + method.slice(1);
    for (let n = 2; taken.has(name); n++) name = `${base}${n}`;
    taken.add(name);
    return name;
  });
}
