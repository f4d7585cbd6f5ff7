/**
 * Routing for the mock of any spec: each operation's path template (basePath included) as a
 * matcher; the most specific template that matches wins (`/pets/search` over `/pets/{id}`). A
 * path no template matches is unknown (404); a path some template matches, with a method none
 * of them has, is a known path (405 with `Allow`). A trailing slash is not the documented path.
 */
export interface Route<T> {
  readonly method: string;
  readonly template: string;
  readonly value: T;
}

interface Compiled<T> {
  route: Route<T>;
  pattern: RegExp;
  names: string[];
  literal: number;
}

export type RouteMatch<T> =
  | { kind: 'found'; route: Route<T>; params: Record<string, string> }
  | { kind: 'method'; allow: string[] }
  | { kind: 'unknown' }
  | { kind: 'bad-path' };

export class Router<T> {
  private readonly bySegments = new Map<number, Compiled<T>[]>();

  constructor(routes: readonly Route<T>[]) {
    for (const route of routes) {
      const names: string[] = [];
      const segments = route.template.split('/');
      const source = segments
        .map((segment) =>
          segment.replace(/\{([^}]+)\}|[^{]+/g, (part, name: string | undefined) => {
            if (name === undefined) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
            names.push(name);
            return '([^/]+)';
          }),
        )
        .join('/');
      const literal =
        segments.filter((s) => s && !s.includes('{')).length * 1000 + route.template.replace(/\{[^}]+\}/g, '').length;
      const list = this.bySegments.get(segments.length) ?? [];
      list.push({ route, pattern: new RegExp(`^${source}$`), names, literal });
      this.bySegments.set(segments.length, list);
    }
    for (const list of this.bySegments.values()) list.sort((a, b) => b.literal - a.literal);
  }

  match(method: string, path: string): RouteMatch<T> {
    const list = this.bySegments.get(path.split('/').length);
    if (!list) return { kind: 'unknown' };
    const allow = new Set<string>();
    for (const c of list) {
      const m = c.pattern.exec(path);
      if (!m) continue;
      allow.add(c.route.method);
      if (c.route.method !== method) continue;
      const params: Record<string, string> = {};
      try {
        c.names.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1])));
      } catch {
        return { kind: 'bad-path' };
      }
      return { kind: 'found', route: c.route, params };
    }
    if (allow.size === 0) return { kind: 'unknown' };
    if (method === 'HEAD' && allow.has('GET')) return this.match('GET', path);
    return { kind: 'method', allow: [...allow] };
  }
}
