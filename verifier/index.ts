export { runVerify, type VerifyOptions, type VerifyReport } from './engine/run-verify.ts';
export { loadApiSet, apiSetOf, type ApiSet, type Operation } from './api-set.ts';
export { conformanceChecks, verifyChecks, defineCheck, type Check, type CheckInput } from './checks/index.ts';
export { coverageOf, type Coverage } from './coverage.ts';
export { couldNotRunReport } from './could-not-run.ts';
export type {
  ClientCredentials,
  FixtureSubject,
  LifecycleRun,
  LifecycleScenario,
  ProviderStatePlugin,
  ScenarioPlugins,
  SubjectFixture,
  VerifyPlugin,
} from './plugin.ts';
export type { CaseResult, Exchange, Expectation, Finding, Summary, VerifyEvent } from './types.ts';
export { startProxy, type ProxyOptions, type RunningProxy } from './proxy/server.ts';
export { proxyReport, type ProxyReport } from './proxy/report.ts';
