/**
 * pact-check: every HTTP interaction of every pact file, against every operation of the given
 * specs. Pure apart from reading the files; the CLI formats and writes the report.
 */
import { documentedStatusKey } from '../../runtime/definition.ts';
import { loadApiDefinition } from '../../generator/api-definition.ts';
import type { Finding } from './findings.ts';
import { readPactFile, type PactDocument, type PactInteraction } from './pact-file.ts';
import { rules } from './rules/index.ts';
import type { RuleContext } from './rules/rule.ts';
import { buildSpecIndex, type SpecIndex } from './spec-index.ts';

export interface CheckedInteraction {
  index: number;
  description: string;
  method: string;
  path: string;
  status: number;
  operation?: Finding['operation'];
  findings: Finding[];
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
  findings: Finding[];
  summary: { files: number; interactions: number; skipped: number; errors: number; warnings: number };
}

/** Loads (normalizes, compiles) every spec; InputError on a bad one. */
export async function loadSpecIndex(specFiles: readonly string[]): Promise<SpecIndex> {
  const definitions = await Promise.all(specFiles.map(async (file) => ({ file, definition: await loadApiDefinition(file) })));
  return buildSpecIndex(definitions);
}

export function checkInteraction(file: string, interaction: PactInteraction, index: SpecIndex): CheckedInteraction {
  const match = index.match(interaction.request.method, interaction.request.path);
  const operation = match.kind === 'operation' ? match.operation : undefined;
  const context: RuleContext = {
    interaction,
    match,
    ...(operation ? { operation, statusKey: documentedStatusKey(operation.spec.statuses, interaction.response.status) } : {}),
    pathParams: match.kind === 'operation' ? match.pathParams : {},
  };
  const summary = operation ? { api: operation.api, name: operation.name, method: operation.method.toUpperCase(), path: `${operation.basePath}${operation.path}` } : undefined;
  const findings: Finding[] = [];
  for (const rule of rules) {
    for (const f of rule.check(context)) {
      findings.push({ file, interaction: interaction.description, index: interaction.index, rule: rule.name, code: f.code, severity: f.severity ?? 'error', pointer: f.pointer, message: f.message, ...(summary ? { operation: summary } : {}) });
    }
    if (!operation) break; // nothing else can be judged without the operation
  }
  return { index: interaction.index, description: interaction.description, method: interaction.request.method.toUpperCase(), path: interaction.request.path, status: interaction.response.status, ...(summary ? { operation: summary } : {}), findings };
}

export function checkPact(pact: PactDocument, index: SpecIndex): CheckedPact {
  return {
    file: pact.file,
    consumer: pact.consumer,
    provider: pact.provider,
    specification: pact.specification,
    interactions: pact.interactions.map((i) => checkInteraction(pact.file, i, index)),
    skipped: pact.skipped,
  };
}

/** Reads every pact first (a bad file is an InputError before anything is checked), then checks them. */
export async function runPactCheck(options: { pacts: readonly string[]; specs: readonly string[]; index?: SpecIndex }): Promise<PactCheckReport> {
  const [index, documents] = await Promise.all([options.index ? Promise.resolve(options.index) : loadSpecIndex(options.specs), Promise.all(options.pacts.map(readPactFile))]);
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
