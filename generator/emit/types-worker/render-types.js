// openapi-typescript's rendering, called without its front door. Plain JavaScript: the worker
// thread loads it without the TypeScript loader.
//
// `openapiTS()` first runs Redocly's lint and bundle over the document. pwpkit hands it a document
// it has already validated and whose `$ref`s are all internal, so that pass changes nothing, yet
// loading and running Redocly was a third of the time generate waited on types. This calls the
// same transform with the same defaults (openapiTS in openapi-typescript 7.13.0, dist/index.cjs).
// test/generator/render-types.test.ts proves the output byte-identical to openapiTS() on every
// fixture and corpus spec, so an upgrade that changes the defaults fails there.
import { createRequire } from 'node:module';

// The CommonJS build: importing it as ESM makes Node lex the 9 MB compiler for named exports.
const require = createRequire(import.meta.url);
const transformSchema = require('openapi-typescript/dist/transform/index.cjs');
const { astToString } = require('openapi-typescript/dist/lib/ts.cjs');
const { resolveRef, scanDiscriminators } = require('openapi-typescript/dist/lib/utils.cjs');

/** `types.ts` source (without pwpkit's header) for a validated OpenAPI 3 document. */
export function renderTypes(openapi) {
  const ctx = {
    additionalProperties: false,
    alphabetize: false,
    arrayLength: false,
    defaultNonNullable: true,
    discriminators: scanDiscriminators(openapi, {}),
    emptyObjectsUnknown: false,
    enum: false,
    enumValues: false,
    conditionalEnums: false,
    dedupeEnums: false,
    excludeDeprecated: false,
    exportType: false,
    immutable: false,
    rootTypes: false,
    rootTypesNoSchemaPrefix: false,
    rootTypesKeepCasing: false,
    injectFooter: [],
    pathParamsAsTypes: false,
    postTransform: undefined,
    propertiesRequiredByDefault: false,
    redoc: undefined,
    silent: true,
    inject: undefined,
    transform: undefined,
    transformProperty: undefined,
    makePathsEnum: false,
    generatePathParams: false,
    readWriteMarkers: false,
    resolve: ($ref) => resolveRef(openapi, $ref, { silent: true }),
  };
  return astToString(transformSchema(openapi, ctx));
}
