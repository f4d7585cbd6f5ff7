/**
 * pact-check: every HTTP interaction of every pact file, against every operation of the given
 * specs. Pure apart from reading the files; the CLI formats and writes the report.
 */
import { documentedStatusKey, judgeRequest } from '@pwpkit/runtime';
import { loadApiDefinition, type LoadOptions } from '../../core/api-definition.ts';
import type { PactFinding } from './findings.ts';
import { maskText, maskUrl, secretsOf } from '../../core/mask.ts';
import type { Exchange } from '../../core/exchange.ts';
import { readPactFile, type PactBody, type PactDocument, type PactHeader, type PactInteraction } from './pact-file.ts';
import { rules } from './rules/index.ts';
import { sentRequestOf } from './rules/request-judgment.ts';
import type { RuleContext } from './rules/rule.ts';
import { buildSpecIndex, type SpecIndex } from './spec-index.ts';

export interface CheckedInteraction {
  index: number;
  description: string;
  method: string;
  path: string;
  status: number;
  operation?: PactFinding['operation'];
  findings: PactFinding[];
}

export interface CheckedPact {
  file: string;
  consumer: string;
  provider: string;
  specification: string;
  interactions: CheckedInteraction[];
  skipped: PactDocument['skipped'];
}

export interface PactCheckReport {
  specs: Array<{ api: string; file: string }>;
  pacts: CheckedPact[];
  findings: PactFinding[];
  summary: { files: number; interactions: number; skipped: number; errors: number; warnings: number };
}

/** Loads (normalizes, compiles) every spec; InputError on a bad one. */
export async function loadSpecIndex(specFiles: readonly string[], options: LoadOptions = {}): Promise<SpecIndex> {
  const definitions = await Promise.all(
    specFiles.map(async (file) => ({ file, definition: await loadApiDefinition(file, options) })),
  );
  return buildSpecIndex(definitions);
}

export function checkInteraction(file: string, interaction: PactInteraction, index: SpecIndex): CheckedInteraction {
  const match = index.match(interaction.request.method, interaction.request.path);
  const operation = match.kind === 'operation' || match.kind === 'undecodable-path' ? match.operation : undefined;
  const context: RuleContext = {
    interaction,
    match,
    ...(operation
      ? { operation, statusKey: documentedStatusKey(operation.spec.statuses, interaction.response.status) }
      : {}),
    pathParams: match.kind === 'operation' ? match.pathParams : {},
    requestFindings: operation
      ? judgeRequest(operation.request, sentRequestOf(interaction, match.kind === 'operation' ? match.pathParams : {}))
      : [],
  };
  const summary = operation
    ? {
        api: operation.api,
        name: operation.name,
        method: operation.method.toUpperCase(),
        path: `${operation.basePath}${operation.path}`,
      }
    : undefined;
  const findings: PactFinding[] = [];
  for (const rule of rules) {
    for (const f of rule.check(context)) {
      findings.push({
        file,
        interaction: interaction.description,
        index: interaction.index,
        check: rule.name,
        code: f.code,
        severity: f.severity ?? 'error',
        pointer: f.pointer,
        message: f.message,
        ...(summary ? { operation: summary } : {}),
      });
    }
    if (!operation) break; // nothing else can be judged without the operation
  }
  return {
    index: interaction.index,
    description: interaction.description,
    method: interaction.request.method.toUpperCase(),
    path: interaction.request.path,
    status: interaction.response.status,
    ...(summary ? { operation: summary } : {}),
    findings,
  };
}

export function checkPact(pact: PactDocument, index: SpecIndex): CheckedPact {
  const secrets = [...new Set(pact.interactions.flatMap((i) => secretsOf(asExchange(i))))];
  return {
    file: pact.file,
    consumer: pact.consumer,
    provider: pact.provider,
    specification: pact.specification,
    interactions: pact.interactions.map((i) => masked(checkInteraction(pact.file, i, index), secrets)),
    skipped: pact.skipped.map((x) => ({ ...x, description: maskText(x.description, secrets) })),
  };
}

/**
 * A finding may quote what the pact holds (a header's value, a path parameter, an error code):
 * every format of the report shows it through verify's masking pass, with the secrets the pact's
 * own interactions show (their credentials, codes, phone numbers), so none is printed.
 */
function masked(checked: CheckedInteraction, secrets: readonly string[]): CheckedInteraction {
  const description = maskText(checked.description, secrets);
  return {
    ...checked,
    description,
    path: maskUrl(checked.path, secrets),
    findings: checked.findings.map((f) => ({ ...f, interaction: description, message: maskText(f.message, secrets) })),
  };
}

/** An interaction in the shape verify's masking reads. */
function asExchange(i: PactInteraction): Exchange {
  const headers = (m: Map<string, PactHeader>) =>
    Object.fromEntries([...m].map(([name, h]) => [name, h.values.join(', ')]));
  const text = (b: PactBody | undefined) =>
    b === undefined || b.value === undefined
      ? undefined
      : typeof b.value === 'string'
        ? b.value
        : JSON.stringify(b.value);
  const query = [...i.request.query].flatMap(([k, values]) => values.map((v) => `${k}=${v}`)).join('&');
  const path = query ? `${i.request.path}?${query}` : i.request.path;
  const body = text(i.request.body);
  return {
    request: {
      method: i.request.method,
      url: path,
      path,
      headers: headers(i.request.headers),
      ...(body !== undefined ? { body } : {}),
    },
    response: {
      status: i.response.status,
      headers: headers(i.response.headers),
      bodyText: text(i.response.body) ?? '',
      malformed: false,
    },
    ms: 0,
  };
}

/** Reads every pact first (a bad file is an InputError before anything is checked), then checks them. */
export async function runPactCheck(options: {
  pacts: readonly string[];
  specs: readonly string[];
  index?: SpecIndex;
  /** The project's generated/ folder, reused when it holds a spec's very output (see core/api-definition.ts). */
  generatedDir?: string;
}): Promise<PactCheckReport> {
  const [index, documents] = await Promise.all([
    options.index
      ? Promise.resolve(options.index)
      : loadSpecIndex(options.specs, { generatedDir: options.generatedDir }),
    Promise.all(options.pacts.map(readPactFile)),
  ]);
  const pacts = documents.map((doc) => checkPact(doc, index));
  const findings = pacts.flatMap((p) => p.interactions.flatMap((i) => i.findings));
  return {
    specs: index.apis.map((a) => ({ api: a.name, file: a.file })),
    pacts,
    findings,
    summary: {
      files: pacts.length,
      interactions: pacts.reduce((n, p) => n + p.interactions.length, 0),
      skipped: pacts.reduce((n, p) => n + p.skipped.length, 0),
      errors: findings.filter((f) => f.severity === 'error').length,
      warnings: findings.filter((f) => f.severity === 'warning').length,
    },
  };
}
