import type { ClientCredentialsGrant, TokenUrlVariable } from '@pwpkit/runtime';
import { isObject, pointer, type JsonObject } from '../../input/document.ts';

/**
 * Where a spec says its client-credentials token is fetched, for the generated `api` table. A provider that
 * documents the grant only in prose (Citi's developer hub) has it recorded in our copy of its spec as
 * `x-pwpkit-client-credentials`: a templated path, a scope and placeholder defaults, which an oauth2
 * `tokenUrl` (an absolute URI, no placeholders) cannot hold.
 */
export const CLIENT_CREDENTIALS_EXTENSION = 'x-pwpkit-client-credentials';

export interface ExtensionProblem {
  pointer: string;
  message: string;
}

/**
 * The grant a spec documents: `x-pwpkit-client-credentials` when present (checked at normalization), else the
 * first oauth2 scheme with a client-credentials flow, asking every scope the flow lists.
 */
export function clientCredentialsOf(openapi: JsonObject): ClientCredentialsGrant | undefined {
  const extension = readExtension(openapi);
  if (extension && 'grant' in extension) return extension.grant;
  const components = isObject(openapi.components) ? openapi.components : {};
  const schemes = isObject(components.securitySchemes) ? components.securitySchemes : {};
  for (const scheme of Object.values(schemes)) {
    if (!isObject(scheme) || scheme.type !== 'oauth2' || !isObject(scheme.flows)) continue;
    const flow = scheme.flows.clientCredentials;
    if (!isObject(flow) || typeof flow.tokenUrl !== 'string' || flow.tokenUrl === '') continue;
    const scopes = isObject(flow.scopes) ? Object.keys(flow.scopes) : [];
    return { tokenUrl: flow.tokenUrl, ...(scopes.length > 0 ? { scope: scopes.join(' ') } : {}) };
  }
  return undefined;
}

/** What is wrong with the spec's `x-pwpkit-client-credentials`, if anything (Swagger 2.0 or OpenAPI 3). */
export function clientCredentialsProblem(doc: JsonObject): ExtensionProblem | undefined {
  const read = readExtension(doc);
  return read && 'problem' in read ? read.problem : undefined;
}

type ExtensionReading = { grant: ClientCredentialsGrant } | { problem: ExtensionProblem };

function readExtension(doc: JsonObject): ExtensionReading | undefined {
  if (!Object.hasOwn(doc, CLIENT_CREDENTIALS_EXTENSION)) return undefined;
  const problem = (message: string, ...at: string[]) => ({
    problem: { pointer: pointer(CLIENT_CREDENTIALS_EXTENSION, ...at), message },
  });
  const value = doc[CLIENT_CREDENTIALS_EXTENSION];
  if (!isObject(value)) return problem('expected an object with tokenUrl, and optionally scope and variables');
  const unknown = Object.keys(value).find((key) => !['tokenUrl', 'scope', 'variables'].includes(key));
  if (unknown !== undefined) return problem('expected only tokenUrl, scope and variables', unknown);
  const { tokenUrl, scope } = value;
  if (typeof tokenUrl !== 'string' || tokenUrl.trim() === '')
    return problem('expected the token URL: absolute, or a path under the API root', 'tokenUrl');
  if (scope !== undefined && typeof scope !== 'string') return problem('expected a string', 'scope');
  const placeholders = [...tokenUrl.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1]);
  const variables: Record<string, TokenUrlVariable> = {};
  if (value.variables !== undefined) {
    if (!isObject(value.variables)) return problem('expected an object: placeholder → { default }', 'variables');
    for (const [name, variable] of Object.entries(value.variables)) {
      if (!placeholders.includes(name)) return problem(`tokenUrl has no {${name}} placeholder`, 'variables', name);
      const read = readVariable(variable);
      if (typeof read === 'string') return problem(read, 'variables', name);
      variables[name] = read;
    }
  }
  return {
    grant: {
      tokenUrl,
      ...(scope === undefined ? {} : { scope }),
      ...(Object.keys(variables).length > 0 ? { variables } : {}),
    },
  };
}

/** A placeholder's settings, or why they are not usable. */
function readVariable(variable: unknown): TokenUrlVariable | string {
  if (!isObject(variable)) return 'expected an object with default and/or lowercase';
  const unknown = Object.keys(variable).find((key) => key !== 'default' && key !== 'lowercase');
  if (unknown !== undefined) return `"${unknown}" is not a setting: expected only default and lowercase`;
  if (variable.default !== undefined && (typeof variable.default !== 'string' || variable.default === ''))
    return 'default: expected a non-empty string';
  if (variable.lowercase !== undefined && typeof variable.lowercase !== 'boolean')
    return 'lowercase: expected true or false';
  return {
    ...(typeof variable.default === 'string' ? { default: variable.default } : {}),
    ...(variable.lowercase === true ? { lowercase: true } : {}),
  };
}
