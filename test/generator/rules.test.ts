import { describe, expect, it } from 'vitest';
import { defineRule, type Rule } from '../../generator/normalize/rule.ts';
import { runRules } from '../../generator/normalize/run-rules.ts';
import { integerFormatRule } from '../../generator/normalize/rules/integer-format.ts';
import { objectTypeImpliedRule } from '../../generator/normalize/rules/object-type-implied.ts';
import { exampleMismatchRule } from '../../generator/normalize/rules/example-mismatch.ts';
import { clientIdHeaderRule } from '../../generator/normalize/rules/client-id-header.ts';
import { uuidHeaderFormatRule } from '../../generator/normalize/rules/uuid-header-format.ts';
import { contentHeadersRule } from '../../generator/normalize/rules/content-headers.ts';
import { nullableExtensionRule } from '../../generator/normalize/rules/nullable-extension.ts';
import { infoVersionRule } from '../../generator/normalize/rules/info-version.ts';
import { basePathTemplateRule } from '../../generator/normalize/rules/base-path-template.ts';
import { extensionRefsRule } from '../../generator/normalize/rules/extension-refs.ts';
import { pathTemplatePatternsRule } from '../../generator/normalize/rules/path-template-patterns.ts';
import { unknownSchemaKeysRule } from '../../generator/normalize/rules/unknown-schema-keys.ts';
import { duplicateOperationIdsRule } from '../../generator/normalize/rules/duplicate-operation-ids.ts';
import { requiredUndeclaredRule } from '../../generator/normalize/rules/required-undeclared.ts';

const op = (parameters: unknown[], extra: Record<string, unknown> = {}) => ({
  swagger: '2.0',
  info: { title: 't', version: '1' },
  paths: { '/p/{id}': { post: { parameters, responses: { '200': { description: 'ok' } } } } },
  ...extra,
});

interface Scenario {
  rule: Rule;
  given: Record<string, unknown>;
  /** A pointer into the result and the value expected there. */
  at: string;
  want: unknown;
  reported: { pointer: string; kind: 'change' | 'warning' };
  /** x-nullable reports every occurrence it hands to the OpenAPI 3 conversion, on every run. */
  reportsEveryRun?: boolean;
}

function get(doc: unknown, ptr: string): unknown {
  return ptr
    .split('/')
    .slice(1)
    .reduce<any>((node, s) => node?.[s.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
}

const scenarios: Array<[string, Scenario]> = [
  [
    'number+int64 becomes integer',
    {
      rule: integerFormatRule,
      given: {
        definitions: {
          A: { properties: { n: { type: 'number', format: 'int64' }, d: { type: 'number', format: 'double' } } },
        },
      },
      at: '/definitions/A/properties/n/type',
      want: 'integer',
      reported: { pointer: '/definitions/A/properties/n/type', kind: 'change' },
    },
  ],
  [
    'properties without a type become type object',
    {
      rule: objectTypeImpliedRule,
      given: { definitions: { RedemptionOrder: { properties: { transactionAmount: { type: 'number' } } } } },
      at: '/definitions/RedemptionOrder/type',
      want: 'object',
      reported: { pointer: '/definitions/RedemptionOrder/type', kind: 'change' },
    },
  ],
  [
    'a numeric example on a string schema is converted',
    {
      rule: exampleMismatchRule,
      given: { definitions: { R: { properties: { cardLogo: { type: 'string', example: 4412 } } } } },
      at: '/definitions/R/properties/cardLogo/example',
      want: '4412',
      reported: { pointer: '/definitions/R/properties/cardLogo/example', kind: 'change' },
    },
  ],
  [
    'an example with no safe conversion is flagged',
    {
      rule: exampleMismatchRule,
      given: { definitions: { R: { properties: { n: { type: 'integer', example: 'many' } } } } },
      at: '/definitions/R/properties/n/example',
      want: 'many',
      reported: { pointer: '/definitions/R/properties/n/example', kind: 'warning' },
    },
  ],
  [
    'apiKey header follows the operations',
    {
      rule: clientIdHeaderRule,
      given: op([{ name: 'client_id', in: 'header', type: 'string', required: true }], {
        securityDefinitions: { Client_id: { type: 'apiKey', name: 'X-IBM-Client-Id', in: 'header' } },
      }),
      at: '/securityDefinitions/Client_id/name',
      want: 'client_id',
      reported: { pointer: '/securityDefinitions/Client_id/name', kind: 'change' },
    },
  ],
  [
    'uuid header gets format uuid',
    {
      rule: uuidHeaderFormatRule,
      given: op([{ name: 'uuid', in: 'header', type: 'string', required: true }]),
      at: '/paths/~1p~1{id}/post/parameters/0/format',
      want: 'uuid',
      reported: { pointer: '/paths/~1p~1{id}/post/parameters/0/format', kind: 'change' },
    },
  ],
  [
    'Accept/Content-Type header parameters move to x-content-headers',
    {
      rule: contentHeadersRule,
      given: op(
        [
          { name: 'Accept', in: 'header', type: 'string', required: true },
          { name: 'uuid', in: 'header', type: 'string' },
        ],
        { produces: ['application/json'] },
      ),
      at: '/paths/~1p~1{id}/post/x-content-headers',
      want: [{ name: 'Accept', required: true, mediaTypes: ['application/json'] }],
      reported: { pointer: '/paths/~1p~1{id}/post/parameters/0', kind: 'change' },
    },
  ],
  [
    'x-isnullable is read as x-nullable',
    {
      rule: nullableExtensionRule,
      given: { definitions: { A: { type: 'string', 'x-isnullable': true } } },
      at: '/definitions/A/x-nullable',
      want: true,
      reported: { pointer: '/definitions/A/x-isnullable', kind: 'change' },
      reportsEveryRun: true,
    },
  ],
  [
    'missing info.version gets a placeholder',
    {
      rule: infoVersionRule,
      given: { info: { title: 't' } },
      at: '/info/version',
      want: '0.0.0',
      reported: { pointer: '/info/version', kind: 'change' },
    },
  ],
  [
    'template variables leave basePath',
    {
      rule: basePathTemplateRule,
      given: { basePath: '{{AppSubUrl | JSEscape}}/api/v1' },
      at: '/basePath',
      want: '/api/v1',
      reported: { pointer: '/basePath', kind: 'change' },
    },
  ],
  [
    'external $refs inside x- extensions are dropped',
    {
      rule: extensionRefsRule,
      given: { paths: { '/a': { get: { 'x-ms-examples': { ok: { $ref: './examples/a.json' } } } } } },
      at: '/paths/~1a/get/x-ms-examples',
      want: {},
      reported: { pointer: '/paths/~1a/get/x-ms-examples/ok', kind: 'change' },
    },
  ],
  [
    'regex path constraints become parameter patterns',
    {
      rule: pathTemplatePatternsRule,
      given: {
        paths: {
          '/ns/{namespace:[a-z]+}': {
            get: { parameters: [{ name: 'namespace', in: 'path', required: true, type: 'string' }] },
          },
        },
      },
      at: '/paths/~1ns~1{namespace}/get/parameters/0/pattern',
      want: '^[a-z]+$',
      reported: { pointer: '/paths/~1ns~1{namespace:[a-z]+}', kind: 'change' },
    },
  ],
  [
    'unknown schema keys become x- extensions',
    {
      rule: unknownSchemaKeysRule,
      given: { definitions: { A: { type: 'object', example_type: 'Schema' } } },
      at: '/definitions/A/x-example_type',
      want: 'Schema',
      reported: { pointer: '/definitions/A/example_type', kind: 'change' },
    },
  ],
  [
    'duplicate operationIds are made unique',
    {
      rule: duplicateOperationIdsRule,
      given: { paths: { '/a': { get: { operationId: 'List' } }, '/b': { get: { operationId: 'List' } } } },
      at: '/paths/~1b/get/operationId',
      want: 'List_get_b',
      reported: { pointer: '/paths/~1b/get/operationId', kind: 'change' },
    },
  ],
  [
    'required names without a property are dropped',
    {
      rule: requiredUndeclaredRule,
      given: {
        definitions: { A: { type: 'object', required: ['a', 'ghost'], properties: { a: { type: 'string' } } } },
      },
      at: '/definitions/A/required',
      want: ['a'],
      reported: { pointer: '/definitions/A/required', kind: 'change' },
    },
  ],
];

describe('normalization rules', () => {
  it.each(scenarios)('%s', (_name, { rule, given, at, want, reported }) => {
    const before = structuredClone(given);
    const { document, changes } = rule.apply(given);
    expect(get(document, at)).toEqual(want);
    expect(changes).toContainEqual(expect.objectContaining({ rule: rule.name, ...reported }));
    expect(given).toEqual(before);
  });

  it.each(scenarios.filter(([, s]) => !s.reportsEveryRun))(
    '%s: nothing to do on an already-normal document',
    (_name, { rule, given }) => {
      const once = rule.apply(given).document;
      const twice = rule.apply(once);
      expect(twice.changes.filter((c) => c.kind === 'change')).toEqual([]);
    },
  );

  it('object-type-implied leaves typed schemas, $refs and schemas without properties alone', () => {
    const given = {
      definitions: {
        A: { type: 'object', properties: {} },
        B: { $ref: '#/definitions/A' },
        C: { description: 'anything' },
        D: { type: 'string' },
      },
    };
    const { document, changes } = objectTypeImpliedRule.apply(given);
    expect(changes).toEqual([]);
    expect(document).toEqual(given);
  });

  it('a pipeline edits one private copy: the input is untouched and each report keeps the value it saw', () => {
    const given = { swagger: '2.0', definitions: { A: { type: 'number', format: 'int64' } } };
    const before = structuredClone(given);
    // A later rule edits the very node an earlier rule reported as its `after`.
    const tag = defineRule('tag', ['swagger2'], 'tags A', (doc, report) => {
      const a = (doc.definitions as Record<string, Record<string, unknown>>).A;
      a['x-tag'] = 1;
      report({ pointer: '/definitions/A', kind: 'change', message: 'tagged', after: a });
    });
    const retag = defineRule('retag', ['swagger2'], 'retags A', (doc) => {
      (doc.definitions as Record<string, Record<string, unknown>>).A['x-tag'] = 2;
    });
    const { document, changes } = runRules(given, 'swagger2', [integerFormatRule, tag, retag]);
    expect(given).toEqual(before);
    expect(document.definitions).toEqual({ A: { type: 'integer', format: 'int64', 'x-tag': 2 } });
    expect(changes.map((c) => c.rule)).toEqual([integerFormatRule.name, 'tag']);
    expect(changes[1].after).toEqual({ type: 'integer', format: 'int64', 'x-tag': 1 });
  });
});
