export {
  createApiClient,
  type ApiClient,
  type CallOptions,
  type ClientLogEvent,
  type ClientOptions,
  type ValidationMode,
} from './api-client.ts';
export { ClientError, type ClientErrorCode } from './client-error.ts';
export {
  documentedStatusKey,
  isClientIdHeader,
  isUuidHeader,
  squashName,
  type ApiDefinition,
  type ClientCredentialsGrant,
  type HeaderSpec,
  type OperationSpec,
  type OperationValidatorSet,
  type TokenUrlVariable,
  type ValidatorFn,
} from './definition.ts';
export { redact } from './redact.ts';
export { backoffDelay, DEFAULT_RETRY, type RetryPolicy } from './retry-policy.ts';
export { clientCredentials, fixedToken, type ClientCredentialsOptions, type TokenSource } from './token-source.ts';
export {
  authorizationCode,
  cardAccessToken,
  encryptWithE2eKey,
  type AuthorizationCodeOptions,
  type AuthorizationCodeSource,
  type CardAccessTokenOptions,
  type CardAccessTokenSource,
  type GrantRefusal,
  type GrantResult,
  type GrantState,
} from './citi/authorize-grants.ts';
export type {
  ContractViolation,
  OperationInput,
  OperationResult,
  SuccessResult,
  ErrorResult,
  UndocumentedResult,
  ContractViolationResult,
  RequestInvalidResult,
} from './result-types.ts';
export {
  describeSchemaErrors,
  escapePointerToken,
  isJsonMediaType,
  judgeBody,
  judgeErrorCode,
  judgeStatus,
  unescapePointerToken,
  type AnswerFinding,
  type AnswerFindingCode,
  type ErrorCodeFindingCode,
  type DocumentedAnswers,
  type ErrorRow,
} from './judgment.ts';
export {
  judgeResponseContentType,
  type ContentTypeFinding,
  type ContentTypeFindingCode,
  type DocumentedMediaTypes,
  type SentAnswer,
} from './content-type-judgment.ts';
export {
  acceptsAny,
  credentialsSent,
  formFields,
  isFormMediaType,
  judgeRequest,
  mediaTypeAllowed,
  mediaTypeEssence,
  type Credential,
  type DocumentedRequest,
  type RequestFinding,
  type RequestFindingCode,
  type SentRequest,
} from './request-judgment.ts';
export { tokenUrlOf } from './token-url.ts';
