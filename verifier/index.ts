export { runVerify, type VerifyOptions, type VerifyReport } from './engine/run-verify.ts';
export { loadApiSet, apiSetOf, type ApiSet, type Operation } from './api-set.ts';
export { conformanceChecks, verifyChecks, defineCheck, type Check, type CheckInput } from './checks/index.ts';
export { progressReporter } from './reporters/progress.ts';
export { formatCoverage } from './reporters/coverage.ts';
export { verifyText, writeVerifyFiles } from './reporters/write.ts';
export { readFixtureFile, defaultVerifyFixture, type VerifyFixture } from './fixture.ts';
export type { CaseResult, Exchange, Expectation, Finding, Summary, VerifyEvent } from './types.ts';
