import type { JsonObject, LoadedSpec, SpecVersion } from '../../input/document.ts';
import { InputError, oneLine } from '../../input/errors.ts';
import { toOpenApi3 } from '../convert/to-openapi3.ts';
import { validateDocument } from '../load/validate-spec.ts';
import { locatedError } from '../load/input-limits.ts';
import { clientCredentialsProblem } from '../model/client-credentials.ts';
import { findInvalidPatterns } from './pattern-check.ts';
import { findRefProblems, replaceDanglingRefsInPlace, type RefProblem } from './ref-check.ts';
import type { Change } from './rule.ts';
import { normalizationRules, repairRules } from './rules/index.ts';
import { runRules, runRulesInPlace } from './run-rules.ts';

export interface NormalizeOptions {
  /** Dangling `$ref`s become unconstrained schemas instead of refusing the spec. */
  lenient?: boolean;
  /** Remote `$ref`s were bundled by the caller (see load/validate-spec.ts). */
  allowRemoteRefs?: boolean;
}

export interface NormalizedSpec {
  apiName: string;
  file: string;
  sourceVersion: SpecVersion;
  /** The normalized Swagger 2.0 document, when the input was Swagger 2.0. */
  swagger?: JsonObject;
  openapi: JsonObject;
  /** Pointers are prefixed with the document they address: `swagger.json#/…` or `openapi.json#/…`. */
  changes: Change[];
}

/** Spec in, normalized documents and the report out. No files are read or written here. */
export async function normalizeSpec(spec: LoadedSpec, options: NormalizeOptions = {}): Promise<NormalizedSpec> {
  const sourceDoc = spec.version === 'swagger2' ? 'swagger.json' : 'openapi.json';
  const changes: Change[] = [];
  const repaired = runRules(spec.document, spec.version, repairRules);
  changes.push(...repaired.changes);
  const document = checkRefs(spec, repaired.document, options, changes);

  const invalid = await validateDocument(document);
  if (invalid.length > 0)
    throw specError(
      spec,
      'is not a valid ' + (spec.version === 'swagger2' ? 'Swagger 2.0' : 'OpenAPI 3') + ' document',
      invalid.map((p) => ({ ...p, pointer: p.pointer })),
    );

  // `document` is the repair pipeline's private copy: the normalization rules edit it too.
  changes.push(...runRulesInPlace(document, spec.version, normalizationRules));
  const badPattern = findInvalidPatterns(document);
  if (badPattern.length > 0)
    throw locatedError(
      spec.file,
      spec.lineOf,
      badPattern[0].pointer,
      badPattern[0].message +
        (badPattern.length > 1
          ? ` (and ${badPattern.length - 1} more invalid pattern${badPattern.length > 2 ? 's' : ''})`
          : ''),
    );
  const badGrant = clientCredentialsProblem(document);
  if (badGrant) throw locatedError(spec.file, spec.lineOf, badGrant.pointer, badGrant.message);
  const prefixed = changes.map((c) => ({ ...c, pointer: `${sourceDoc}#${c.pointer}` }));

  if (spec.version === 'openapi3')
    return {
      apiName: spec.apiName,
      file: spec.file,
      sourceVersion: spec.version,
      openapi: document,
      changes: prefixed,
    };
  const openapi = await toOpenApi3(document, spec.file);
  return {
    apiName: spec.apiName,
    file: spec.file,
    sourceVersion: spec.version,
    swagger: document,
    openapi,
    changes: prefixed,
  };
}

/** Refuses unusable `$ref`s; with --lenient, types dangling ones as unknown in `document` itself (a private copy). */
function checkRefs(spec: LoadedSpec, document: JsonObject, options: NormalizeOptions, changes: Change[]): JsonObject {
  const problems = findRefProblems(document);
  const blocking = problems.filter((p) => p.kind !== 'dangling' || !options.lenient);
  if (blocking.length > 0) {
    const hint =
      blocking.some((p) => p.kind === 'remote') && !options.allowRemoteRefs
        ? ' (remote $refs are never fetched unless you pass --allow-remote-refs)'
        : blocking.some((p) => p.kind === 'dangling')
          ? ' (pass --lenient to type dangling $refs as unknown)'
          : '';
    throw specError(
      spec,
      `has ${blocking.length} unusable $ref(s)${hint}`,
      blocking.map((p) => ({ pointer: p.pointer, message: describeRef(p) })),
    );
  }
  const dangling = problems.filter((p) => p.kind === 'dangling');
  for (const p of dangling)
    changes.push({
      rule: 'lenient-dangling-ref',
      pointer: p.pointer,
      kind: 'change',
      message: `dangling $ref ${p.ref} typed as unknown (--lenient)`,
      before: { $ref: p.ref },
      after: {},
    });
  replaceDanglingRefsInPlace(document, dangling);
  return document;
}

function describeRef(problem: RefProblem): string {
  switch (problem.kind) {
    case 'remote':
      return `remote $ref "${problem.ref}"`;
    case 'dangling':
      return `$ref "${problem.ref}" points to nothing`;
    case 'circular':
      return `$ref "${problem.ref}" is a circular alias that never reaches a schema`;
  }
}

function specError(
  spec: LoadedSpec,
  summary: string,
  problems: Array<{ pointer: string; message: string }>,
): InputError {
  const lines = problems.map((p) => {
    const line = spec.lineOf(p.pointer);
    return `  ${spec.file}${line ? `:${line}` : ''} #${oneLine(p.pointer)}: ${oneLine(p.message)}`;
  });
  return new InputError(
    `${spec.file} ${summary}:\n${lines.join('\n')}`,
    lines.map((l) => l.trim()),
  );
}
