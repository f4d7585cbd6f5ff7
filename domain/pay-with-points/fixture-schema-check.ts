/**
 * The fixture's schema check: ajv (the repo's one configuration, loaded on first use so a sandbox
 * on its embedded fixture never pays for it) and one located message for its first error.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Fixture } from './fixture.ts';
import { FIXTURE_SCHEMA } from './fixture-schema.ts';

/** A fixture defect: where (JSON pointer) and what it must be. */
export interface FixtureProblem {
  pointer: string;
  message: string;
}

export type SchemaVerdict = { ok: true; fixture: Fixture } | { ok: false; problem: FixtureProblem };

let compiled: Promise<ValidateFunction<Fixture>> | undefined;

function validator(): Promise<ValidateFunction<Fixture>> {
  compiled ??= import('../../generator/compile/validator-ajv.ts').then(({ createValidatorAjv }) =>
    createValidatorAjv({ standalone: false }).compile<Fixture>(FIXTURE_SCHEMA),
  );
  return compiled;
}

export async function checkFixtureSchema(value: unknown): Promise<SchemaVerdict> {
  const validate = await validator();
  if (validate(value)) return { ok: true, fixture: value };
  const error = validate.errors?.[0];
  return {
    ok: false,
    problem: error ? problemOf(error) : { pointer: '', message: 'does not match the fixture schema' },
  };
}

type SchemaNode = { readonly [keyword: string]: unknown };

function isNode(value: unknown): value is SchemaNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The schema object at a JSON pointer of FIXTURE_SCHEMA (ajv's `schemaPath` without its keyword). */
function nodeAt(schemaPath: string): SchemaNode {
  let node: SchemaNode = FIXTURE_SCHEMA;
  for (const segment of schemaPath.replace(/^#\/?/, '').split('/').filter(Boolean)) {
    const next = node[segment.replace(/~1/g, '/').replace(/~0/g, '~')];
    if (!isNode(next)) break;
    node = next;
  }
  return node;
}

const expected = (node: SchemaNode | undefined) =>
  typeof node?.['x-expected'] === 'string' ? `must be ${node['x-expected']}` : 'is not as the fixture schema says';

/** ajv's first error as the fixture's message: the value's pointer and what it must be. */
function problemOf(error: ErrorObject): FixtureProblem {
  const parent = nodeAt(error.schemaPath.slice(0, error.schemaPath.lastIndexOf('/')));
  if (error.keyword === 'required') {
    const missing = String(error.params.missingProperty);
    const properties = parent.properties;
    const property = isNode(properties) && isNode(properties[missing]) ? properties[missing] : undefined;
    return { pointer: `${error.instancePath}/${missing}`, message: expected(property) };
  }
  if (error.keyword === 'minItems' && typeof parent['x-too-few'] === 'string')
    return { pointer: error.instancePath, message: `must list at least one ${parent['x-too-few']}` };
  return { pointer: error.instancePath, message: expected(parent) };
}
