import { resolve } from 'node:path';
import { loadApiDefinition } from '../core/api-definition.ts';
import { readGenerateConfig } from '../generator/config.ts';
import { InputError } from '../input/errors.ts';
import type { FaultOptions } from '../mock/faults.ts';
import { createMock, listen } from '../mock/index.ts';
import type { StartedMock } from './mock.ts';

export interface SpecMockFlags {
  spec: string[];
  port: number;
  host: string;
  seed?: string;
  dynamic?: boolean;
  stateful?: boolean;
  lenient?: boolean;
  admin?: boolean;
  faults?: FaultOptions;
  log?: (line: string) => void;
}

/**
 * `pwpkit mock --spec <file…>`: the mock of any spec. A spec that does not generate exits 2 with
 * generate's message. Says what it answers with and, with `--stateful`, which operations keep state.
 */
export async function startSpecMock(flags: SpecMockFlags): Promise<StartedMock> {
  const seed = flags.seed === undefined ? 1 : Number(flags.seed);
  if (flags.seed !== undefined && (!/^\d+$/.test(flags.seed) || !Number.isSafeInteger(seed)))
    throw new InputError(`--seed must be a whole number, got "${flags.seed}"`);
  // A spec this project generated is served from its generated/ tables (no normalize, no compile).
  const generatedDir = resolve((await readGenerateConfig(process.cwd())).out);
  const apis = [];
  for (const file of flags.spec)
    apis.push(await loadApiDefinition(file, { lenient: flags.lenient ?? false, generatedDir }));
  const mock = createMock({
    apis,
    seed,
    dynamic: flags.dynamic,
    stateful: flags.stateful,
    admin: flags.admin,
    faults: flags.faults,
    log: flags.log,
  });
  const { url, close } = await listen(mock.app, { port: flags.port, host: flags.host });
  const served = apis.map((a) => `${a.api.name}${a.api.basePath ? ` under ${url}${a.api.basePath}` : ''}`);
  const bodies = flags.dynamic
    ? 'bodies generated from the schemas'
    : 'bodies from the documented examples, else generated';
  const after: string[] = [];
  if (flags.stateful) {
    if (mock.collections.length === 0)
      after.push(
        '  stateful: no collection inferred (a POST on C with GET/PUT/PATCH/DELETE on C/{id}); ' +
          'every operation is stateless',
      );
    for (const c of mock.collections) {
      const id = c.idField ? `field "${c.idField}"` : 'in the URL only';
      const roles = [...c.roles].map(([op, role]) => `${op.name} ${role}`).join(', ');
      after.push(`  stateful collection ${c.template}/{${c.param}} (id ${id}, ${c.idKind}): ${roles}`);
    }
    const stateless = mock.routes.filter((r) => !r.role).length;
    if (mock.collections.length > 0)
      after.push(`  ${mock.routes.length - stateless} operations stateful, ${stateless} stateless`);
  }
  if (flags.admin) after.push(`  admin API: POST ${url}/__admin/reset (loopback callers only)`);
  if (flags.faults) after.push(`  faults: ${Math.round(flags.faults.rate * 1000) / 10}% of requests`);
  return {
    url,
    close,
    routes: mock.routes,
    before: [`pwpkit mock: listening on ${url} (${served.join('; ')})`],
    routesTitle: `${mock.routes.length} routes (${bodies}, seed ${seed})`,
    after,
  };
}
