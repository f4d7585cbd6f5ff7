import { redact } from '@pwpkit/runtime';
import { formatBytes } from './units.ts';
import type { Exchange, HttpRequest, HttpResponse } from './exchange.ts';

/**
 * The one masking pass every report goes through (verify, proxy, pact-check; text, JUnit, JSON, the
 * proxy's per-exchange line): results are masked once, when they are recorded, before any
 * reporter sees them. Reports never show a bearer token, Basic credentials, a client secret, a
 * cookie, a confirmation code (OTP), a phone number or a full card number:
 * - headers: `Authorization`, `Proxy-Authorization`, `Cookie`, `Set-Cookie` and any header whose
 *   name looks like a credential (token, secret, key, password, auth, otp, session) lose their
 *   value (the scheme and cookie names stay); other headers lose the run's known secrets;
 * - bodies of every media type and URLs: JSON fields and form / query fields whose name looks
 *   like a credential or a one-time code, the runtime's `redact` (bearer and basic credentials,
 *   access tokens, card numbers, phone numbers), and every known secret value, wherever it is;
 * - finding messages, titles and errors: the same text rules.
 * Known secrets are the ones the caller gives (the run's token, the fixture's secrets) plus what
 * the exchange itself shows to be one (`secretsOf`): the token in its Authorization header, the
 * secret inside Basic credentials, cookie values, an issued `access_token`, a code sent as
 * `<anything>ConfirmationCode=…`.
 */
export function maskExchange(exchange: Exchange, secrets: readonly string[]): Exchange {
  const window = windowed(exchange);
  const known = withSecretsOf(window, secrets);
  const masked: Exchange = {
    ...window,
    request: maskRequest(window.request, known),
    ...(window.response ? { response: maskResponse(window.response, known) } : {}),
    ...(window.error !== undefined ? { error: maskText(window.error, known) } : {}),
  };
  return clipped(masked, exchange, known);
}

/**
 * Reports keep at most this much of a body (a note says how much more there was), so a run of
 * large answers cannot grow the results, or the JSON report, past what memory and V8 strings hold.
 */
export const REPORT_BODY_MAX = 16 * 1024;
/** Bodies are masked on a window this much longer than what is kept, so a secret across the cut is masked whole. */
const MASK_MARGIN = 4 * 1024;

function windowed(exchange: Exchange): Exchange {
  const cut = (text: string) =>
    text.length > REPORT_BODY_MAX + MASK_MARGIN ? text.slice(0, REPORT_BODY_MAX + MASK_MARGIN) : text;
  const { request, response } = exchange;
  return {
    ...exchange,
    request: request.body !== undefined ? { ...request, body: cut(request.body) } : request,
    ...(response ? { response: { ...response, bodyText: cut(response.bodyText) } } : {}),
  };
}

function clipped(masked: Exchange, original: Exchange, secrets: readonly string[]): Exchange {
  // A copy, not a slice: V8 would keep the whole body alive behind a slice of it.
  const note = (text: string, full: string) =>
    `${Buffer.from(text.slice(0, REPORT_BODY_MAX)).toString()}… [${formatBytes(full.length - REPORT_BODY_MAX)} more not shown]`;
  const { request, response } = masked;
  const requestBody = original.request.body;
  const responseBody = original.response?.bodyText ?? '';
  if ((requestBody ?? '').length <= REPORT_BODY_MAX && responseBody.length <= REPORT_BODY_MAX) return masked;
  return {
    ...masked,
    request:
      request.body !== undefined && requestBody !== undefined && requestBody.length > REPORT_BODY_MAX
        ? { ...request, body: note(request.body, requestBody) }
        : request,
    ...(response && responseBody.length > REPORT_BODY_MAX
      ? {
          response: {
            ...response,
            bodyText: note(response.bodyText, responseBody),
            body: identityOf(original.response?.body, secrets),
          },
        }
      : {}),
  };
}

/** Of a large parsed body, reports keep only an error's `type` and `code` (coverage and the text report read them). */
function identityOf(body: unknown, secrets: readonly string[]): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const { type, code } = body as { type?: unknown; code?: unknown };
  const shown = (v: unknown) => (typeof v === 'string' ? maskText(v, secrets) : v);
  return type === undefined && code === undefined
    ? undefined
    : { ...(type !== undefined ? { type: shown(type) } : {}), ...(code !== undefined ? { code: shown(code) } : {}) };
}

export function maskRequest(request: HttpRequest, secrets: readonly string[]): HttpRequest {
  return {
    ...request,
    url: maskUrl(request.url, secrets),
    path: maskUrl(request.path, secrets),
    headers: maskHeaders(request.headers, secrets),
    ...(request.body !== undefined ? { body: maskBody(request.body, secrets) } : {}),
  };
}

function maskResponse(response: HttpResponse, secrets: readonly string[]): HttpResponse {
  const headers = maskHeaders(response.headers, secrets);
  const bodyText = maskBody(response.bodyText, secrets);
  if (bodyText === response.bodyText) return { ...response, headers };
  let body: unknown = bodyText;
  try {
    body = JSON.parse(bodyText);
  } catch {
    /* keep the text */
  }
  return { ...response, headers, bodyText, body };
}

/** Names of JSON, form and query fields that hold a credential or a one-time code, whatever the spec calls them. */
const SECRET_NAME =
  '[A-Za-z0-9_.-]*(?:confirmationcode|otp|secret|password|passcode|passwd|token|apikey|api_key|api-key|cvv|cvc|sessionid|session_id|cookie)';
const SECRET_JSON_FIELD = new RegExp(`("${SECRET_NAME}"\\s*:\\s*)("(?:[^"\\\\]|\\\\.)*(?:"|$)|-?\\d[\\d.eE+-]*)`, 'gi');
/** Form and query fields: also `code`, OAuth's authorization code (RFC 6749 §10.5: confidential), but not a JSON `code` (an error's). */
const SECRET_FORM_FIELD = new RegExp(`(^|[?&;\\s])(${SECRET_NAME}|code)=([^&\\s;#]*)`, 'gi');
/** Personal data the text rules already mask where it stands ([phone], a card's last four), learned so an echo of it elsewhere (a header, a path) is masked too. */
const PERSONAL_NAME = '[A-Za-z0-9_.-]*(?:phonenumber|phone|mobile|msisdn|cardnumber)';
const PERSONAL_JSON_FIELD = new RegExp(
  `("${PERSONAL_NAME}"\\s*:\\s*)("(?:[^"\\\\]|\\\\.)*(?:"|$)|-?\\d[\\d.eE+-]*)`,
  'gi',
);
const PERSONAL_FORM_FIELD = new RegExp(`(^|[?&;\\s])(${PERSONAL_NAME})=([^&\\s;#]*)`, 'gi');

/** Any text that may quote a request or an answer: bodies of every media type, messages, errors. */
export function maskText(text: string, secrets: readonly string[]): string {
  // Numbers (phones, codes) after the runtime's rules, so a phone still reads [phone] and a card its last four.
  const numbers = secrets.filter((x) => /^[\d\s()+-]+$/.test(x));
  const others = secrets.filter((x) => !numbers.includes(x));
  return hideSecrets(redact(hideSecrets(text, others)), numbers)
    .replace(SECRET_JSON_FIELD, '$1"***"')
    .replace(SECRET_FORM_FIELD, '$1$2=***')
    .replace(USERINFO, '$1***@');
}

export function maskBody(text: string, secrets: readonly string[]): string {
  return maskText(text, secrets);
}

/** `user:password@` in a URL. */
const USERINFO = /(\b[a-z][a-z0-9+.-]*:\/\/)[^/@\s]+@/gi;

/** A URL or a path and query: known secrets, credential-named query fields, user info. */
export function maskUrl(url: string, secrets: readonly string[]): string {
  return hideSecrets(url, secrets).replace(SECRET_FORM_FIELD, '$1$2=***').replace(USERINFO, '$1***@');
}

/** Header names whose value is a credential. */
const CREDENTIAL_HEADER = /token|secret|key|password|passwd|auth|otp|session|cookie|credential/i;

export function maskHeaders(
  headers: Readonly<Record<string, string>>,
  secrets: readonly string[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    const lower = k.toLowerCase();
    if (lower === 'cookie' || lower === 'set-cookie') out[k] = maskCookies(v);
    else if (CREDENTIAL_HEADER.test(lower)) out[k] = maskCredential(v);
    // A uuid's digit groups are not phone numbers: other headers only lose credentials and known secrets.
    else out[k] = hideSecrets(v, secrets).replace(/\b(Bearer|Basic)\s+[^\s,;]+/gi, '$1 ***');
  }
  return out;
}

/** `Bearer abc` → `Bearer ***`; anything else → `***`. */
function maskCredential(value: string): string {
  const m = /^([A-Za-z][\w-]*)\s+\S/.exec(value);
  return m ? `${m[1]} ***` : '***';
}

const COOKIE_ATTRIBUTES = new Set(['path', 'domain', 'expires', 'max-age', 'samesite', 'priority', 'partitioned']);

/** `a=1; b=2` → `a=***; b=***`; Set-Cookie attributes (Path, Expires…) stay. */
function maskCookies(value: string): string {
  return value.replace(/([^=;,\s]+)=([^;,]*)/g, (pair, name: string) =>
    COOKIE_ATTRIBUTES.has(name.toLowerCase()) ? pair : `${name}=***`,
  );
}

function hideSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('***');
  return out;
}

function withSecretsOf(exchange: Exchange, secrets: readonly string[]): string[] {
  const found = secretsOf(exchange);
  return found.length === 0 ? [...secrets] : [...new Set([...secrets, ...found])];
}

/** Values too common to hide wherever they occur. */
const NOT_SECRETS = new Set(['true', 'false', 'null', 'undefined', 'bearer', 'basic']);

/**
 * The secrets an exchange shows: the credential in any credential-named header (for Basic, the
 * encoded pair and the secret in it), cookie values, and the values of credential-named JSON,
 * form and query fields in its request and answer (an issued access token, a confirmation code),
 * and of fields holding a phone or card number.
 */
export function secretsOf(exchange: Exchange): string[] {
  const out = new Set<string>();
  const add = (value: string | undefined) => {
    const v = value?.trim();
    if (v && v.length >= 4 && !NOT_SECRETS.has(v.toLowerCase())) out.add(v);
  };
  const fromHeaders = (headers: Readonly<Record<string, string>>) => {
    for (const [k, v] of Object.entries(headers)) {
      const lower = k.toLowerCase();
      if (lower === 'cookie' || lower === 'set-cookie') {
        for (const m of v.matchAll(/([^=;,\s]+)=([^;,]*)/g)) if (!COOKIE_ATTRIBUTES.has(m[1].toLowerCase())) add(m[2]);
        continue;
      }
      if (!CREDENTIAL_HEADER.test(lower)) continue;
      const scheme = /^([A-Za-z][\w-]*)\s+(\S.*)$/.exec(v.trim());
      const credential = scheme ? scheme[2] : v;
      add(credential);
      if (scheme && scheme[1].toLowerCase() === 'basic') {
        const decoded = Buffer.from(credential, 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        if (colon >= 0) add(decoded.slice(colon + 1));
      }
    }
  };
  const fromText = (text: string | undefined) => {
    if (!text) return;
    // A phone or card number is at least 8 digits: a card's last four are no secret.
    const fields = [
      ...text.matchAll(SECRET_JSON_FIELD),
      ...[...text.matchAll(PERSONAL_JSON_FIELD)].filter((m) => m[2].length >= 8),
    ];
    for (const m of fields) {
      const raw = m[2];
      if (raw.startsWith('"')) {
        try {
          add(JSON.parse(raw) as string);
        } catch {
          add(raw.endsWith('"') && raw.length > 1 ? raw.slice(1, -1) : raw.slice(1));
        }
      } else add(raw);
    }
    for (const m of [
      ...text.matchAll(SECRET_FORM_FIELD),
      ...[...text.matchAll(PERSONAL_FORM_FIELD)].filter((m) => m[3].length >= 8),
    ]) {
      try {
        add(decodeURIComponent(m[3].replace(/\+/g, ' ')));
      } catch {
        /* not URL-encoded */
      }
      add(m[3]);
    }
  };
  fromHeaders(exchange.request.headers);
  fromText(exchange.request.path);
  fromText(exchange.request.body);
  if (exchange.response) {
    fromHeaders(exchange.response.headers);
    fromText(exchange.response.bodyText);
  }
  return [...out];
}

/** The secrets a report must hide for one exchange: the caller's and what the exchange shows. */
export function secretsKnownFrom(exchange: Exchange, secrets: readonly string[]): string[] {
  return withSecretsOf(windowed(exchange), secrets);
}
