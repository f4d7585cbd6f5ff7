/**
 * The one path matcher of pwpkit: the mock routes with it, and the operation index (verify, the
 * proxy, pact-check) asks it which operation a request goes to. Its rules, pinned by
 * `test/core/path-router.test.ts`:
 * - A template matches segment by segment (basePath included); `{name}` matches one non-empty
 *   segment, literal text matches exactly (case-sensitive, as URL paths are).
 * - A trailing slash is another path, not the documented one (the mock answers it 404).
 * - Several templates match: the one with more literal segments wins, then the one with more
 *   literal characters (`/pets/search` over `/pets/{id}`, `/files/{id}.json` over `/files/{id}`),
 *   then the first given.
 * - Methods compare case-insensitively (a pact may write `get`); `allow` is upper-case: every
 *   method of every matching template, most specific template first, each in the order given.
 * - Path parameters are percent-decoded; one that is not valid percent-encoding makes the path
 *   undecodable (`bad-path`), named with the route it would have gone to.
 * - HEAD is served by GET only when the router is built with `headServedByGet` (a server does that,
 *   RFC 9110; a judgment of what the spec documents does not).
 * Routes are grouped by segment count, so a request tries only templates of its own length.
 */
export interface Route<T> {
  /** Upper- or lower-case; compared case-insensitively. */
  readonly method: string;
  /** basePath + path as the spec writes it (`/api/pets/{id}`). */
  readonly template: string;
  readonly value: T;
}

export type RouteMatch<T> =
  | { kind: 'found'; route: Route<T>; params: Record<string, string> }
  /** A known path without this method: `route` is the most specific template that matched. */
  | { kind: 'method'; allow: string[]; route: Route<T> }
  | { kind: 'unknown' }
  | { kind: 'bad-path'; route: Route<T>; param: string };

export interface RouterOptions {
  /** Answer HEAD with the GET route of a path that documents no HEAD (a server's duty, RFC 9110). */
  headServedByGet?: boolean;
}

interface Compiled<T> {
  route: Route<T>;
  /** Upper-case. */
  method: string;
  pattern: RegExp;
  names: string[];
  specificity: number;
}

export class Router<T> {
  private readonly bySegments = new Map<number, Compiled<T>[]>();
  private readonly headServedByGet: boolean;

  constructor(routes: readonly Route<T>[], options: RouterOptions = {}) {
    this.headServedByGet = options.headServedByGet ?? false;
    for (const route of routes) {
      const compiled = compile(route);
      const segments = route.template.split('/').length;
      const list = this.bySegments.get(segments) ?? [];
      list.push(compiled);
      this.bySegments.set(segments, list);
    }
    // A stable sort: equally specific templates keep the order they were given in.
    for (const list of this.bySegments.values()) list.sort((a, b) => b.specificity - a.specificity);
  }

  /** `path` without the query string, as it came over the wire (still percent-encoded). */
  match(requestMethod: string, path: string): RouteMatch<T> {
    const list = this.bySegments.get(segmentCount(path));
    if (!list) return { kind: 'unknown' };
    const method = upperCase(requestMethod);
    let allow: string[] | undefined;
    let closest: Compiled<T> | undefined;
    for (const c of list) {
      const m = c.pattern.exec(path);
      if (!m) continue;
      if (c.method !== method) {
        closest ??= c;
        allow ??= [];
        if (!allow.includes(c.method)) allow.push(c.method);
        continue;
      }
      const params: Record<string, string> = {};
      for (let i = 0; i < c.names.length; i++) {
        const raw = m[i + 1];
        if (raw.indexOf('%') < 0) params[c.names[i]] = raw;
        else {
          try {
            params[c.names[i]] = decodeURIComponent(raw);
          } catch {
            return { kind: 'bad-path', route: c.route, param: c.names[i] };
          }
        }
      }
      return { kind: 'found', route: c.route, params };
    }
    if (!allow || !closest) return { kind: 'unknown' };
    if (method === 'HEAD' && this.headServedByGet && allow.includes('GET')) return this.match('GET', path);
    return { kind: 'method', allow, route: closest.route };
  }
}

function compile<T>(route: Route<T>): Compiled<T> {
  const names: string[] = [];
  let literalSegments = 0;
  let literalCharacters = 0;
  const source = route.template
    .split('/')
    .map((segment) => {
      if (!segment.includes('{')) literalSegments += segment === '' ? 0 : 1;
      return segment.replace(/\{([^}]+)\}|[^{]+|\{/g, (part, name: string | undefined) => {
        if (name === undefined) {
          literalCharacters += part.length;
          return escapeRegExp(part);
        }
        names.push(name);
        return '([^/]+)';
      });
    })
    .join('/');
  return {
    route,
    method: route.method.toUpperCase(),
    pattern: new RegExp(`^${source}$`),
    names,
    specificity: literalSegments * 1000 + literalCharacters,
  };
}

function segmentCount(path: string): number {
  let count = 1;
  for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) count++;
  return count;
}

/** Request methods arrive upper-case from Node; only another spelling pays for a conversion. */
function upperCase(method: string): string {
  return method === 'GET' || method === 'POST' ? method : method.toUpperCase();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
