/**
 * What generated validators need at run time: ajv standalone code calls a few ajv helpers and the
 * ajv-formats checks. Generated code imports them from here, so an app depends on this package
 * only, never on ajv's compiler (which is never loaded: these modules are standalone).
 */
import { fullFormats } from 'ajv-formats/dist/formats.js';
import equalModule from 'ajv/dist/runtime/equal.js';
import ucs2lengthModule from 'ajv/dist/runtime/ucs2length.js';
import uriModule from 'ajv/dist/runtime/uri.js';
import validationErrorModule from 'ajv/dist/runtime/validation_error.js';

/** Every format ajv-formats knows, by name (`date-time`, `uuid`, `int64`, …). */
export const formats = fullFormats;
// CommonJS modules whose value sits on `.default` when imported from ESM.
export const equal = equalModule.default;
export const ucs2length = ucs2lengthModule.default;
/** Parses URIs for `format: uri` checks (fast-uri's `parse`, as ajv uses it). */
export const uri: { parse(uri: string): { error?: string } } = uriModule.default;
export const ValidationError = validationErrorModule.default;

/** One failure as ajv reports it. */
export interface ValidationIssue {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** A compiled validator: `errors` holds the first failure after a `false` result. */
export interface Validator {
  (data: unknown): boolean;
  errors?: ValidationIssue[] | null;
}

/** One operation's validators, as `validators.ts` exports them. */
export interface OperationValidators {
  readonly headers?: Validator;
  readonly path?: Validator;
  readonly query?: Validator;
  readonly body?: Validator;
  readonly responses: Readonly<Record<string, Validator>>;
}
