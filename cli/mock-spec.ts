import { loadApiDefinition } from '../core/api-definition.ts';
import { InputError } from '../input/errors.ts';
import type { FaultOptions } from '../mock/faults.ts';
import { startSpecMock, type SpecMock } from '../mock/generic/server.ts';

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
  log?: boolean;
}

/**
 * `pwpkit mock --spec <file…>`: the mock of any spec. A spec that does not generate exits 2 with
 * generate's message; a port in use exits 2 with one line. Prints every route and what is stateful.
 */
export async function runSpecMock(flags: SpecMockFlags): Promise<{ close(): Promise<void> }> {
  const seed = flags.seed === undefined ? 1 : Number(flags.seed);
  if (flags.seed !== undefined && (!/^\d+$/.test(flags.seed) || !Number.isSafeInteger(seed)))
    throw new InputError(`--seed must be a whole number, got "${flags.seed}"`);
  const apis = [];
  for (const file of flags.spec) apis.push(await loadApiDefinition(file, { lenient: flags.lenient ?? false }));
  const log = flags.log ? (line: string) => process.stderr.write(`pwpkit mock: ${line}\n`) : undefined;
  let mock: SpecMock & { url: string; close(): Promise<void> };
  try {
    mock = await startSpecMock({
      apis,
      port: flags.port,
      host: flags.host,
      seed,
      dynamic: flags.dynamic,
      stateful: flags.stateful,
      admin: flags.admin,
      faults: flags.faults,
      log,
    });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'EADDRINUSE')
      throw new InputError(`port ${flags.port} on ${flags.host} is already in use (try --port 0)`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EACCES')
      throw new InputError(`cannot listen on ${flags.host}:${flags.port} (${code})`);
    throw error;
  }
  const served = apis.map((a) => `${a.api.name}${a.api.basePath ? ` under ${mock.url}${a.api.basePath}` : ''}`);
  const lines = [`pwpkit mock: listening on ${mock.url} (${served.join('; ')})`];
  const bodies = flags.dynamic
    ? 'bodies generated from the schemas'
    : 'bodies from the documented examples, else generated';
  lines.push(`  ${mock.routes.length} routes (${bodies}, seed ${seed}):`);
  const width = Math.max(...mock.routes.map((r) => r.method.length));
  for (const r of mock.routes)
    lines.push(`    ${r.method.padEnd(width)} ${r.template}  ${r.operation}${r.role ? `  [stateful: ${r.role}]` : ''}`);
  if (flags.stateful) {
    if (mock.collections.length === 0)
      lines.push(
        '  stateful: no collection inferred (a POST on C with GET/PUT/PATCH/DELETE on C/{id}); ' +
          'every operation is stateless',
      );
    for (const c of mock.collections) {
      const id = c.idField ? `field "${c.idField}"` : 'in the URL only';
      const roles = [...c.roles].map(([op, role]) => `${op.name} ${role}`).join(', ');
      lines.push(`  stateful collection ${c.template}/{${c.param}} (id ${id}, ${c.idKind}): ${roles}`);
    }
    const stateless = mock.routes.filter((r) => !r.role).length;
    if (mock.collections.length > 0)
      lines.push(`  ${mock.routes.length - stateless} operations stateful, ${stateless} stateless`);
  }
  if (flags.admin) lines.push(`  admin API: POST ${mock.url}/__admin/reset (loopback callers only)`);
  if (flags.faults) lines.push(`  faults: ${Math.round(flags.faults.rate * 1000) / 10}% of requests`);
  lines.push('  Ctrl-C to stop');
  process.stdout.write(`${lines.join('\n')}\n`);
  return mock;
}
