/**
 * A pact's response body is the consumer's *minimum* expectation: Pact matches a provider's answer
 * when it has at least the fields the consumer listed. So pact-check judges an expected response
 * body against the documented schema with every `required` list lifted (fields may be left out),
 * while a field that is present must still have the documented type, format and enum
 * (swagger-mock-validator judges pacts the same way).
 */
import type { LoadedApiDefinition } from '../../core/api-definition.ts';
import { createValidatorAjv } from '../../generator/compile/validator-ajv.ts';
import { prepareValidatorSchemas } from '../../generator/emit/validator-schemas.ts';
import type { ValidatorFn } from '@pwpkit/runtime';

/** Operation name + documented status key → a validator that does not insist on required fields. */
export type MinimumResponseValidators = (operation: string, statusKey: string) => ValidatorFn | undefined;

/** Compiles lazily, and only the responses a pact mentions: most specs have many more. */
export function minimumResponseValidators(definition: LoadedApiDefinition): MinimumResponseValidators {
  let compile: ((operation: string, statusKey: string) => ValidatorFn | undefined) | undefined;
  const cache = new Map<string, ValidatorFn | undefined>();
  return (operation, statusKey) => {
    const key = `${operation} ${statusKey}`;
    if (!cache.has(key)) {
      compile ??= compilerFor(definition);
      cache.set(key, compile(operation, statusKey));
    }
    return cache.get(key);
  };
}

function compilerFor(
  definition: LoadedApiDefinition,
): (operation: string, statusKey: string) => ValidatorFn | undefined {
  const prepared = prepareValidatorSchemas(definition.model, definition.openapi);
  const ajv = createValidatorAjv({ standalone: false });
  ajv.addSchema(withoutRequired(prepared.components) as object[]);
  return (operation, statusKey) => {
    const entry = prepared.schemas.find((s) => s.operation === operation && s.part === `response:${statusKey}`);
    return entry === undefined ? undefined : (ajv.compile(withoutRequired(entry.schema) as object) as ValidatorFn);
  };
}

/** A copy of a schema with every `required: [...]` list removed, at any depth. */
function withoutRequired(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutRequired);
  if (schema === null || typeof schema !== 'object') return schema;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'required' && Array.isArray(value)) continue;
    copy[key] = withoutRequired(value);
  }
  return copy;
}
