/**
 * Is an answer's Content-Type documented for its status? One judgment for verify, the proxy and
 * pact-check (they used to disagree: verify took any JSON type where JSON was documented and judged
 * nothing else; pact-check took only the documented types, for any type).
 */
import { isJsonMediaType } from './judgment.ts';
import { mediaTypeAllowed, mediaTypeEssence } from './request-judgment.ts';

export type ContentTypeFindingCode = 'response-content-type-missing' | 'response-content-type-not-produced';

export interface ContentTypeFinding {
  readonly code: ContentTypeFindingCode;
  readonly message: string;
}

export interface SentAnswer {
  readonly status: number;
  /** The Content-Type header as sent, if any. */
  readonly contentType: string | undefined;
  readonly hasBody: boolean;
}

export interface DocumentedMediaTypes {
  readonly operation: string;
  /** The documented status key the status falls under (`200`, `4XX`, `default`). */
  readonly statusKey: string;
  /** The status's media types; for a status documented without a body, every type the operation produces. */
  readonly mediaTypes: readonly string[];
}

/**
 * Parameters are ignored and a documented wildcard matches (`mediaTypeAllowed`); an answer's own
 * wildcard matches nothing. A JSON type stands where a JSON type is documented (RFC 6839:
 * `application/problem+json` is JSON, and a client that reads the documented JSON reads it).
 * Nothing is judged without a body or where nothing is documented.
 */
export function judgeResponseContentType(
  answer: SentAnswer,
  documented: DocumentedMediaTypes,
): ContentTypeFinding | undefined {
  const { operation, statusKey, mediaTypes } = documented;
  if (!answer.hasBody || mediaTypes.length === 0) return undefined;
  const list = mediaTypes.join(', ');
  if (!answer.contentType)
    return {
      code: 'response-content-type-missing',
      message: `the ${answer.status} response has a body but no Content-Type; ${operation} produces ${list}`,
    };
  const essence = mediaTypeEssence(answer.contentType);
  if (!essence.includes('*') && mediaTypeAllowed(essence, mediaTypes)) return undefined;
  if (isJsonMediaType(essence) && mediaTypes.some(isJsonMediaType)) return undefined;
  const sent = `response Content-Type "${answer.contentType}"`;
  return {
    code: 'response-content-type-not-produced',
    message: `${sent} is not one ${operation} produces for ${statusKey} (${list})`,
  };
}
