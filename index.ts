/**
 * pwpkit as a library: the same entry points the `pwpkit` commands call. The generated clients'
 * run-time library is a separate package, `@pwpkit/runtime`.
 */
export { runGenerate, type GenerateCommandOptions } from './generator/generate-command.ts';
export { loadApiDefinition, type LoadedApiDefinition } from './core/api-definition.ts';
export { InputError } from './input/errors.ts';
export {
  startPayWithPointsSandbox as startMock,
  type SandboxHandle as MockHandle,
  type SandboxOptions as MockOptions,
} from './domain/pay-with-points/index.ts';
export { runVerify, type VerifyOptions, type VerifyReport } from './verifier/engine/run-verify.ts';
export type { VerifyPlugin } from './verifier/plugin.ts';
export { payWithPointsVerifyPlugin } from './domain/pay-with-points/verify/plugin.ts';
export { startProxy, type ProxyOptions, type RunningProxy } from './verifier/proxy/server.ts';
export { runPactCheck, type PactCheckReport } from './contracts/check/check-pacts.ts';
export type { PactFinding } from './contracts/check/findings.ts';
/** The one finding of every report and its closed set of codes (a report consumer switches on `code`). */
export {
  ALL_FINDING_CODES,
  FINDING_CODE_MEANINGS,
  isFindingCode,
  type Finding,
  type FindingCode,
  type FindingLocation,
  type Severity,
} from './core/finding.ts';
export { verifyPacts, type PactVerifyOptions, type PactVerifyReport } from './contracts/verify/verify-pacts.ts';
export { PWPKIT_VERSION } from './generator/package-info.ts';
