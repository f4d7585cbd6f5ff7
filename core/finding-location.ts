/** Where a judgment's finding is in the exchange, in the one `FindingLocation` shape every tool reports. */
import type { AnswerFinding, RequestFinding } from '@pwpkit/runtime';
import type { FindingLocation } from './finding.ts';

export function requestLocation(finding: RequestFinding): FindingLocation {
  return {
    part: 'request',
    in: finding.in,
    ...(finding.name !== undefined ? { name: finding.name } : {}),
    ...(finding.at !== undefined ? { at: finding.at } : {}),
  };
}

export function answerLocation(finding: AnswerFinding): FindingLocation {
  return finding.code === 'response-status-not-documented'
    ? { part: 'response', in: 'status' }
    : { part: 'response', in: 'body', at: finding.at };
}
