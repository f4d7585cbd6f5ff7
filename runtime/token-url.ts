import { ClientError } from './client-error.ts';
import type { ClientCredentialsGrant } from './definition.ts';

const PLACEHOLDER = /\{([^{}]+)\}/g;
const ABSOLUTE_URL = /^[a-z][a-z0-9+.-]*:/i;

/**
 * The token URL of the API's client-credentials grant: its template with every `{name}` filled (a value the
 * caller gave, else the spec's default) and, when it is a path, put under the API root as operation paths are.
 * A placeholder with neither is a configuration error: the client refuses to be created rather than ask a URL
 * that cannot be right.
 */
export function tokenUrlOf(
  grant: ClientCredentialsGrant,
  apiRoot: string,
  given: Readonly<Record<string, string | undefined>>,
): string {
  const missing: string[] = [];
  const filled = grant.tokenUrl.replace(PLACEHOLDER, (_, name: string) => {
    const variable = grant.variables && Object.hasOwn(grant.variables, name) ? grant.variables[name] : undefined;
    const value = (Object.hasOwn(given, name) ? given[name] : undefined) || variable?.default;
    if (!value) {
      missing.push(name);
      return '';
    }
    return encodeURIComponent(variable?.lowercase ? value.toLowerCase() : value);
  });
  if (missing.length > 0) throw new ClientError('config', missingValues(grant.tokenUrl, missing));
  if (ABSOLUTE_URL.test(filled)) return filled;
  return apiRoot + (filled.startsWith('/') ? '' : '/') + filled;
}

function missingValues(template: string, names: readonly string[]): string {
  const options = names.map((name) => (name === 'countryCode' ? 'countryCode' : `tokenUrlVariables.${name}`));
  return (
    `the token URL ${template} needs a value for ${names.map((n) => `{${n}}`).join(', ')} ` +
    `and the spec gives no default: pass ${options.join(' and ')} (or tokenUrl)`
  );
}
