/**
 * Mutators for the fuzz tests: structural ones over a parsed JSON/YAML tree (delete, duplicate,
 * swap a type, huge strings, deep nesting, hostile `$ref`s, code breakers) and textual ones over
 * the serialized file (anchors and aliases, invalid UTF-8, NUL bytes, truncation, byte flips).
 * Every mutator returns a short label, so a failing case says what was done to its input.
 */
import { stringify as toYaml } from 'yaml';
import { CODE_BREAKERS, type Rng } from './prng.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = Array<string | number>;

const isContainer = (v: unknown): v is Record<string, Json> | Json[] => typeof v === 'object' && v !== null;

/** Every node's path (the root included), at most `limit`. */
export function nodePaths(root: Json, limit = 5000): Path[] {
  const out: Path[] = [];
  const walk = (v: Json, path: Path) => {
    if (out.length >= limit) return;
    out.push(path);
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
    else if (isContainer(v)) for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
  };
  walk(root, []);
  return out;
}

function get(root: Json, path: Path): Json {
  let v: Json = root;
  for (const k of path) v = (v as Record<string | number, Json>)[k];
  return v;
}

function set(root: Json, path: Path, value: Json): void {
  const parent = get(root, path.slice(0, -1)) as Record<string | number, Json>;
  parent[path[path.length - 1]] = value;
}

function remove(root: Json, path: Path): void {
  const parent = get(root, path.slice(0, -1));
  const key = path[path.length - 1];
  if (Array.isArray(parent)) parent.splice(key as number, 1);
  else delete (parent as Record<string, Json>)[key as string];
}

const label = (path: Path) => `/${path.map(String).join('/')}`.slice(0, 80);

/** Values of every JSON type, the odd ones included. */
function oddValue(rng: Rng): Json {
  return rng.pick<() => Json>([
    () => null,
    () => true,
    () => 0,
    () => -1,
    () => 1e308,
    () => -0,
    () => 2 ** 53 + 1,
    () => 0.1,
    () => '',
    () => ' ',
    () => 'string',
    () => rng.pick(CODE_BREAKERS),
    () => [],
    () => [null],
    () => ({}),
    () => ({ type: rng.pick(['object', 'array', 'string', 'integer', 'file', 'null', 'bogus', '']) }),
    () => ({ $ref: rng.pick(['#', '#/', '#/definitions', '']) }),
    () => ({ __proto__: { polluted: true } }) as unknown as Json,
    () => JSON.parse('{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}') as Json,
  ])();
}

/** Nested `depth` levels, as schemas or as plain arrays. */
export function deep(depth: number, leaf: Json, rng: Rng): Json {
  const kind = rng.int(0, 2);
  let v = leaf;
  for (let i = 0; i < depth; i++)
    v = kind === 0 ? { type: 'object', properties: { a: v } } : kind === 1 ? [v] : { items: v, type: 'array' };
  return v;
}

export interface TreeMutatorOptions {
  /** `$ref` values to try (relative to the mutated file). */
  refs: readonly string[];
  /** The longest huge string (bytes). */
  maxString: number;
  /** The deepest nesting. */
  maxDepth: number;
}

/** One structural mutation, in place; returns its label. */
export function mutateTree(root: Json, rng: Rng, options: TreeMutatorOptions): string {
  const paths = nodePaths(root);
  const inner = paths.filter((p) => p.length > 0);
  if (inner.length === 0) return 'nothing to mutate';
  const path = rng.pick(inner);
  const op = rng.int(0, 8);
  switch (op) {
    case 0: {
      remove(root, path);
      return `delete ${label(path)}`;
    }
    case 1: {
      // duplicate a node into another container (a sibling key, or appended to an array)
      const copy = structuredClone(get(root, path));
      const containers = paths.filter((p) => isContainer(get(root, p)));
      const into = rng.pick(containers);
      const target = get(root, into) as Record<string, Json> | Json[];
      if (Array.isArray(target)) target.push(copy);
      else target[rng.bool() ? String(path[path.length - 1]) : `${String(path[path.length - 1])}_copy`] = copy;
      return `duplicate ${label(path)} into ${label(into)}`;
    }
    case 2: {
      const value = oddValue(rng);
      set(root, path, value);
      return `type swap ${label(path)} → ${JSON.stringify(value)?.slice(0, 40)}`;
    }
    case 3: {
      const n = rng.int(1024, options.maxString);
      const unit = rng.pick(['a', 'é', '👾', '*/', '${', '`', '\\', '\n', ' ']);
      set(root, path, unit.repeat(Math.ceil(n / Buffer.byteLength(unit))));
      return `huge string (${n} B of ${JSON.stringify(unit)}) at ${label(path)}`;
    }
    case 4: {
      const depth = rng.pick([20, 99, 101, 150, rng.int(200, options.maxDepth)]);
      set(root, path, deep(depth, get(root, path), rng));
      return `nest ${depth} deep at ${label(path)}`;
    }
    case 5: {
      const ref = rng.pick(options.refs);
      const objects = paths.filter((p) => p.length > 0 && isContainer(get(root, p)) && !Array.isArray(get(root, p)));
      const at = objects.length > 0 ? rng.pick(objects) : path;
      set(root, at, { $ref: ref });
      return `$ref ${JSON.stringify(ref).slice(0, 60)} at ${label(at)}`;
    }
    case 6: {
      // a code breaker as a string value or as a key (paths, property names, operationIds…)
      const breaker = rng.pick(CODE_BREAKERS);
      const parentPath = path.slice(0, -1);
      const parent = get(root, parentPath);
      if (!Array.isArray(parent) && isContainer(parent) && rng.bool()) {
        const key = String(path[path.length - 1]);
        const value = parent[key];
        delete parent[key];
        const newKey = key.startsWith('/') || rng.bool() ? `${key}${breaker}` : breaker;
        parent[newKey] = value;
        return `key ${label(path)} → ${JSON.stringify(newKey).slice(0, 60)}`;
      }
      const value = get(root, path);
      set(root, path, typeof value === 'string' ? `${value}${breaker}` : breaker);
      return `code breaker ${JSON.stringify(breaker).slice(0, 40)} at ${label(path)}`;
    }
    case 7: {
      // swap two nodes
      const other = rng.pick(inner);
      const a = structuredClone(get(root, path));
      const b = structuredClone(get(root, other));
      if (label(other).startsWith(label(path)) || label(path).startsWith(label(other)))
        return `swap skipped (${label(path)} contains ${label(other)})`;
      set(root, path, b);
      set(root, other, a);
      return `swap ${label(path)} ↔ ${label(other)}`;
    }
    default: {
      // many siblings: a wide node
      const n = rng.pick([1000, 5000]);
      const wide: Record<string, Json> = {};
      for (let i = 0; i < n; i++) wide[`k${i}`] = { type: 'string' };
      set(root, path, rng.bool() ? { type: 'object', properties: wide } : Object.values(wide));
      return `${n} siblings at ${label(path)}`;
    }
  }
}

/** Serializes as YAML or JSON (the file's extension follows). */
export function serialize(root: Json, rng: Rng): { text: string; ext: 'yaml' | 'json' } {
  if (rng.bool(0.6)) {
    try {
      return { text: toYaml(root, { aliasDuplicateObjects: false, lineWidth: 0 }), ext: 'yaml' };
    } catch {
      // fall through to JSON
    }
  }
  return { text: JSON.stringify(root, null, rng.bool() ? 2 : undefined), ext: 'json' };
}

/** One textual mutation of a serialized document; returns the new bytes and a label. */
export function mutateText(bytes: Buffer, ext: 'yaml' | 'json', rng: Rng): { bytes: Buffer; label: string } {
  const at = rng.int(0, bytes.length);
  const splice = (insert: Buffer | string, drop = 0) =>
    Buffer.concat([bytes.subarray(0, at), Buffer.from(insert), bytes.subarray(at + drop)]);
  const lineStart = () => {
    const nl = bytes.lastIndexOf(0x0a, at);
    return nl + 1;
  };
  const op = rng.int(0, 9);
  switch (op) {
    case 0:
      return {
        bytes: splice(Buffer.from([rng.pick([0x80, 0xc3, 0xff, 0xfe, 0xed, 0xf4])]), 0),
        label: `invalid UTF-8 byte at ${at}`,
      };
    case 1:
      return { bytes: splice('\u0000'), label: `NUL byte at ${at}` };
    case 2:
      return { bytes: bytes.subarray(0, at), label: `truncated at ${at}` };
    case 3: {
      const out = Buffer.from(bytes);
      const n = rng.int(1, 5);
      for (let i = 0; i < n && out.length > 0; i++) out[rng.int(0, out.length - 1)] = rng.int(0, 255);
      return { bytes: out, label: `${n} random bytes` };
    }
    case 4:
      return {
        bytes: Buffer.concat([
          Buffer.from('\uFEFF'),
          Buffer.from(bytes.toString('latin1').replace(/\n/g, rng.pick(['\r\n', '\r', '\n\n'])), 'latin1'),
        ]),
        label: 'BOM and odd line ends',
      };
    case 5: {
      // duplicate a line (YAML: a duplicate key; JSON: usually a syntax error)
      const start = lineStart();
      const end = bytes.indexOf(0x0a, start);
      const line = bytes.subarray(start, end < 0 ? bytes.length : end + 1);
      return {
        bytes: Buffer.concat([bytes.subarray(0, start), line, line, bytes.subarray(start)]),
        label: `duplicated line at ${start}`,
      };
    }
    case 6:
      if (ext === 'yaml') return aliasBomb(bytes, rng);
      return {
        bytes: splice(rng.pick(['{', '}', '[', ']', ',', '"', ':', '\\u', '\\uD800', '1e999999', '-'])),
        label: `JSON breaker at ${at}`,
      };
    case 7:
      if (ext === 'yaml')
        return { bytes: Buffer.concat([bytes, Buffer.from(rng.pick(yamlOddities))]), label: 'YAML oddity appended' };
      return { bytes: splice(rng.pick(CODE_BREAKERS)), label: `code breaker text at ${at}` };
    case 8:
      return {
        bytes: splice(
          rng.pick([
            '\t',
            '  ',
            '- ',
            ': ',
            '? ',
            '&a ',
            '*a ',
            '!!binary ',
            '!!js/function ',
            '%YAML 1.1\n---\n',
            '---\n',
            '...\n',
            '#',
            '|',
            '>',
          ]),
        ),
        label: `YAML token at ${at}`,
      };
    default:
      return {
        bytes: Buffer.concat([
          bytes,
          Buffer.from(
            `\n${rng.pick(['x-tail', 'paths', 'definitions', 'swagger'])}: ` +
              `${rng.pick(['1', 'null', '[', '*nope', '&anchor {}', '!!str 1'])}\n`,
          ),
        ]),
        label: 'top-level key appended',
      };
  }
}

const yamlOddities = [
  // anchors and aliases used legitimately, across the document
  '\nx-anchors:\n  base: &base { type: string, description: shared }\n  again: *base\n  list: [*base, *base, *base]\n',
  // an alias to an anchor that does not exist
  '\nx-missing: *nowhere\n',
  // a merge key
  '\nx-merge:\n  a: &m { x: 1 }\n  b: { <<: *m, y: 2 }\n',
  // a cycle: an alias inside its own anchor
  '\nx-cycle: &c\n  self: *c\n',
  // tags
  '\nx-tags: !!map { a: !!set { b, c }, d: !!timestamp 2001-12-14, e: !!binary aGVsbG8= }\n',
  // a second document
  '\n---\nswagger: "2.0"\n',
  // a very long plain scalar key
  `\n${'k'.repeat(2000)}: v\n`,
];

/** A billion-laughs style expansion of random depth under an x- key (or a definition). */
function aliasBomb(bytes: Buffer, rng: Rng): { bytes: Buffer; label: string } {
  const levels = rng.int(3, 12);
  const width = rng.int(2, 9);
  const lines = [`${rng.bool() ? 'x-bomb' : 'x-bombs'}:`, '  l0: &l0 [lol, lol]'];
  for (let i = 1; i < levels; i++)
    lines.push(`  l${i}: &l${i} [${Array.from({ length: width }, () => `*l${i - 1}`).join(', ')}]`);
  return {
    bytes: Buffer.concat([bytes, Buffer.from(`\n${lines.join('\n')}\n`)]),
    label: `alias bomb ${levels} levels × ${width}`,
  };
}

/**
 * One mutation that keeps a Swagger document valid but hostile: code breakers and huge strings
 * in descriptions, titles, examples, enum values, path keys and property names; schemas nested
 * just under the limit, very wide ones, recursive ones. These reach the emitters.
 */
export function mutateGently(root: Json, rng: Rng): string {
  const paths = nodePaths(root);
  const last = (p: Path) => String(p[p.length - 1]);
  const texts = paths.filter(
    (p) =>
      ['description', 'summary', 'title', 'example', 'operationId', 'x-example'].includes(last(p)) &&
      typeof get(root, p) === 'string',
  );
  const enums = paths.filter(
    (p) => p.length >= 2 && String(p[p.length - 2]) === 'enum' && typeof get(root, p) === 'string',
  );
  const propertyNames = paths.filter((p) => p.length >= 2 && String(p[p.length - 2]) === 'properties');
  const pathKeys = paths.filter((p) => p.length === 2 && p[0] === 'paths');
  const definitions = paths.filter((p) => p.length === 2 && p[0] === 'definitions');
  const op = rng.int(0, 6);
  const breaker = rng.pick(CODE_BREAKERS);
  const renameKey = (p: Path, key: string) => {
    const parent = get(root, p.slice(0, -1)) as Record<string, Json>;
    const value = parent[last(p)];
    delete parent[last(p)];
    parent[key] = value;
  };
  if (op === 0 && texts.length > 0) {
    const p = rng.pick(texts);
    set(root, p, `${get(root, p) as string}${breaker}`);
    return `gentle: breaker ${JSON.stringify(breaker).slice(0, 40)} in ${label(p)}`;
  }
  if (op === 1 && enums.length > 0) {
    const p = rng.pick(enums);
    set(root, p, `${get(root, p) as string}${breaker}`);
    return `gentle: breaker in enum ${label(p)}`;
  }
  if (op === 2 && propertyNames.length > 0) {
    const p = rng.pick(propertyNames);
    renameKey(p, `${last(p)}${breaker}`);
    return `gentle: breaker in property name ${label(p)}`;
  }
  if (op === 3 && pathKeys.length > 0) {
    const p = rng.pick(pathKeys);
    renameKey(p, `${last(p)}${breaker.replace(/[{}]/g, '')}`);
    return `gentle: breaker in path ${label(p)}`;
  }
  if (op === 4 && texts.length > 0) {
    const p = rng.pick(texts);
    const n = rng.int(10_000, rng.bool(0.2) ? 2_000_000 : 200_000);
    const unit = rng.pick(['a', 'é', '👾', '*/', '${', '`', '\\', '\n']);
    set(root, p, unit.repeat(Math.ceil(n / Buffer.byteLength(unit))));
    return `gentle: ${n} B of ${JSON.stringify(unit)} in ${label(p)}`;
  }
  if (op === 5 && definitions.length > 0) {
    const p = rng.pick(definitions);
    const depth = rng.int(10, 90);
    let schema: Json = { type: 'string', description: breaker };
    for (let i = 0; i < depth; i++) schema = { type: 'object', properties: { [`n${i}`]: schema } };
    (get(root, p) as Record<string, Json>).properties = {
      ...((get(root, p) as Record<string, Record<string, Json>>).properties ?? {}),
      deep: schema,
      self: { $ref: `#/${p.join('/')}` },
    };
    return `gentle: ${depth}-deep and recursive properties in ${label(p)}`;
  }
  if (definitions.length > 0) {
    const p = rng.pick(definitions);
    const n = rng.pick([300, 2000]);
    const props: Record<string, Json> = {};
    for (let i = 0; i < n; i++)
      props[`p${i}${i % 97 === 0 ? breaker : ''}`] = { type: rng.pick(['string', 'integer', 'boolean']) };
    (get(root, p) as Record<string, Json>).properties = props;
    return `gentle: ${n} properties in ${label(p)}`;
  }
  return 'gentle: nothing to do';
}
