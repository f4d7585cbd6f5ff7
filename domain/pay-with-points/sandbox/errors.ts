import type { ErrorVocabulary } from '../../../mock/index.ts';
import type { DomainCode } from './state/outcome.ts';

/**
 * When an operation's catalog does not document the domain's code, the documented code it
 * answers instead (first match). E.g. seed 003's Shop with Points linkage lists
 * `registrationFailed` but not `cardAlreadyRegistered`; activation lists no
 * `invalidRewardLinkCode`, so an unknown code fails activation.
 */
const FALLBACKS: Partial<Record<DomainCode, readonly string[]>> = {
  cardAlreadyRegistered: ['registrationFailed'],
  invalidRewardLinkCode: ['activationFailed', 'resourceNotFound'],
  inactiveRewardLinkCode: ['invalidRewardLinkCode'],
  invalidCardType: ['registrationFailed'],
  invalidCustomer: ['invalidRequest'],
};

/**
 * Pay with Points' error vocabulary on the mock: the codes the machinery answers with, and
 * the rows it answers outside any operation (token endpoint, admin, unknown paths), in Pay with
 * Points' texts. No operation documents a 405: its row keeps the ErrorResponse shape.
 */
export const payWithPointsErrors: ErrorVocabulary = {
  codes: {
    invalid: 'invalidRequest',
    unauthorized: 'unAuthorized',
    forbidden: 'accessNotConfigured',
    notFound: 'resourceNotFound',
    methodNotAllowed: 'methodNotAllowed',
    unavailable: 'serverUnavailable',
  } satisfies Record<string, DomainCode | 'methodNotAllowed'>,
  catalog: {
    '400': [{ type: 'invalid', code: 'invalidRequest', details: 'Missing or invalid parameters' }],
    '401': [{ type: 'error', code: 'unAuthorized', details: 'Authorization credentials are missing or invalid' }],
    '403': [{ type: 'error', code: 'accessNotConfigured', details: 'Access is not configured for this resource' }],
    '404': [{ type: 'error', code: 'resourceNotFound', details: 'Empty resource/resource not found' }],
    '405': [{ type: 'error', code: 'methodNotAllowed', details: 'Method not allowed' }],
    '500': [
      {
        type: 'fatal',
        code: 'serverUnavailable',
        details: 'The request failed due to an internal error/server unavailability',
      },
    ],
  },
  fallbacks: FALLBACKS,
};
