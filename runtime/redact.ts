/**
 * Masks what must never reach a log, a report or an error message: bearer and basic credentials, access and refresh
 * tokens, one-time passwords, known secrets, full card numbers (last four kept) and phone numbers.
 */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) if (secret && secret.length >= 4) out = out.split(secret).join('***');
  return out
    .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 ***')
    .replace(
      /("?(?:access_token|refresh_token|client_secret|clientSecret|password|\botp)"?\s*[:=]\s*"?)[^"&\s,}]+/gi,
      '$1***',
    )
    .replace(/\b\d{12,19}\b/g, (digits) => '*'.repeat(digits.length - 4) + digits.slice(-4))
    .replace(/(\+?\b\d[\d -]{6,10}\d\b)/g, (match) => (match.replace(/\D/g, '').length >= 8 ? '[phone]' : match));
}
