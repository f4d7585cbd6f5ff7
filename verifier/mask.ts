import { redact } from '../runtime/redact.ts';
import type { Exchange, HttpRequest, HttpResponse } from './types.ts';

/**
 * Reports never show a bearer token, a client secret, a confirmation code or a phone number.
 * Bodies go through the runtime's `redact`; headers only lose credentials and known secrets (a
 * uuid's digit groups are not phone numbers).
 */
export function maskExchange(exchange: Exchange, secrets: readonly string[]): Exchange {
  return {
    ...exchange,
    request: maskRequest(exchange.request, secrets),
    ...(exchange.response ? { response: maskResponse(exchange.response, secrets) } : {}),
    ...(exchange.error !== undefined ? { error: redact(exchange.error, secrets) } : {}),
  };
}

export function maskRequest(request: HttpRequest, secrets: readonly string[]): HttpRequest {
  return {
    ...request,
    url: hideSecrets(request.url, secrets),
    path: hideSecrets(request.path, secrets),
    headers: maskHeaders(request.headers, secrets),
    ...(request.body !== undefined ? { body: maskBody(request.body, secrets) } : {}),
  };
}

function maskResponse(response: HttpResponse, secrets: readonly string[]): HttpResponse {
  const bodyText = maskBody(response.bodyText, secrets);
  if (bodyText === response.bodyText) return response;
  let body: unknown = bodyText;
  try {
    body = JSON.parse(bodyText);
  } catch {
    /* keep the text */
  }
  return { ...response, bodyText, body };
}

/** JSON fields that hold a credential or a one-time code, whatever the spec calls them. */
const SECRET_FIELD = /("[A-Za-z_]*(?:confirmationcode|otp|secret|password|token)"\s*:\s*")[^"]*"/gi;

export function maskBody(text: string, secrets: readonly string[]): string {
  return redact(text, secrets).replace(SECRET_FIELD, '$1***"');
}

export function maskHeaders(headers: Readonly<Record<string, string>>, secrets: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    const lower = k.toLowerCase();
    out[k] = lower === 'authorization' || lower === 'proxy-authorization' || lower === 'cookie' ? maskCredential(v) : hideSecrets(v, secrets);
  }
  return out;
}

function maskCredential(value: string): string {
  const m = /^(\w+)\s+/.exec(value);
  return m ? `${m[1]} ***` : '***';
}

function hideSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('***');
  return out;
}
