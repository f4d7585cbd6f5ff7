/**
 * pact-verify: replays every interaction of the given pacts against a running provider with the
 * Pact verifier (pact-js `Verifier`, the Rust core underneath), setting each interaction's
 * provider state through `statesUrl` first. Nothing is published to a broker.
 */
import { isAbsolute, resolve } from 'node:path';
import { InputError } from '../../input/errors.ts';
import { redact } from '@pwpkit/runtime';
import { readPactFile, type PactDocument } from '../check/pact-file.ts';
import { expandPactPaths } from '../pact-files.ts';
import { parseHttpUrl } from '../../input/option-values.ts';

export interface PactVerifyOptions {
  providerUrl: string;
  /** Pact files or folders of them. */
  pacts: readonly string[];
  /**
   * Where Pact's `{ state, params, action }` is POSTed before each interaction
   * (`pwpkit mock --admin`: `<url>/__admin/provider-states`).
   */
  statesUrl?: string;
  /**
   * A real bearer token for the provider. It replaces the example token of every request whose
   * pact matches `Authorization` by rule (any valid token will do); a request whose pact pins an
   * exact token (say, one the provider must refuse) is sent as written. Never printed.
   */
  token?: string;
  /**
   * Real client credentials (`Basic base64(id:secret)`) for requests whose pact matches a Basic
   * `Authorization` by rule (the Authorize API's calls): they replace its placeholder. Never printed.
   */
  basic?: string;
  /** Per-request timeout of the verifier (ms). */
  timeoutMs?: number;
}

export interface VerifiedInteraction {
  pact: string;
  description: string;
  states: string[];
  ok: boolean;
  /** One line per mismatch (`$.code: Expected … to be equal to …`), secrets masked. */
  mismatches: string[];
}

export interface PactVerifyReport {
  ok: boolean;
  providerUrl: string;
  statesUrl?: string;
  pacts: Array<{ file: string; consumer: string; provider: string; interactions: number }>;
  interactions: VerifiedInteraction[];
  /** Problems the verifier reports outside any interaction. */
  errors: string[];
}

interface VerifierJson {
  result?: boolean;
  interactionResults?: Array<{ description?: string; result?: string }>;
  errors?: Array<{
    interaction?: string;
    mismatch?: {
      type?: string;
      message?: string;
      mismatches?: Array<{ path?: string; mismatch?: string; type?: string }>;
    };
  }>;
}

export async function verifyPacts(options: PactVerifyOptions): Promise<PactVerifyReport> {
  const { Verifier } = await loadPact();
  const secrets = [options.token, options.basic, options.basic?.replace(/^Basic\s+/i, '')].filter(
    (s): s is string => typeof s === 'string' && s !== '',
  );
  const provider = parseHttpUrl(options.providerUrl, '--provider-url');
  const states = options.statesUrl === undefined ? undefined : parseHttpUrl(options.statesUrl, '--states-url');
  const files = await expandPactPaths(options.pacts);
  const documents = await Promise.all(files.map(readPactFile));
  const providerBaseUrl = baseUrlFor(provider, documents);

  await assertReachable(provider.href, '--provider-url', secrets);
  if (states) await assertReachable(states.href, '--states-url', secrets);

  const placeholders = tokenPlaceholders(documents);
  const basicPlaceholders = tokenPlaceholders(documents, 'Basic');
  const requestFilter = (
    req: { headers: Record<string, string | string[] | undefined>; body?: unknown },
    _res: unknown,
    next: () => void,
  ) => {
    const current = req.headers.authorization;
    if (typeof current === 'string' && options.token && placeholders.has(current))
      req.headers.authorization = `Bearer ${options.token}`;
    else if (typeof current === 'string' && options.basic && basicPlaceholders.has(current))
      req.headers.authorization = options.basic;
    // pact-js's proxy parses a form body into an object and would forward it as JSON text: send the form again.
    if (
      /^application\/x-www-form-urlencoded/i.test(String(req.headers['content-type'] ?? '')) &&
      typeof req.body === 'object' &&
      req.body !== null &&
      !Buffer.isBuffer(req.body)
    ) {
      req.body = Buffer.from(new URLSearchParams(req.body as Record<string, string>).toString());
    }
    next();
  };

  process.env.PACT_DO_NOT_TRACK ??= 'true';
  const verifier = new Verifier({
    providerBaseUrl,
    pactUrls: files.map((f) => (isAbsolute(f) ? f : resolve(f))),
    ...(states ? { providerStatesSetupUrl: states.href } : {}),
    requestFilter: requestFilter as never,
    ...(options.timeoutMs ? { timeout: options.timeoutMs } : {}),
    // `error`: pact-js would otherwise warn that providerStatesSetupUrl is deprecated in favour
    // of in-process state handlers, which a provider in another process cannot have.
    logLevel: 'error',
  });

  let json: VerifierJson;
  let crashed: string | undefined;
  try {
    json = parseVerifierJson(await verifier.verifyProvider());
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const parsed = tryParse(message);
    if (parsed) json = parsed;
    else {
      json = {};
      crashed = message;
    }
  }

  const interactions = documents.flatMap((doc) =>
    doc.interactions.map((i): VerifiedInteraction => {
      const result = json.interactionResults?.find((r) => r.description === i.description);
      const failures = (json.errors ?? []).filter(
        (e) =>
          e.interaction === i.description ||
          (e.interaction?.startsWith(`Verifying a pact between ${doc.consumer} and ${doc.provider}`) &&
            e.interaction.endsWith(` - ${i.description}`)),
      );
      const mismatches = failures.flatMap((f) => describeMismatch(f.mismatch)).map((m) => redact(m, secrets));
      return {
        pact: doc.file,
        description: i.description,
        states: i.providerStates,
        ok: result?.result === 'OK' && failures.length === 0,
        mismatches,
      };
    }),
  );
  const attributed = new Set(interactions.flatMap((i) => (i.ok ? [] : [i.description])));
  const errors = [
    ...(crashed ? [redact(crashed, secrets)] : []),
    ...(json.errors ?? [])
      .filter((e) => ![...attributed].some((d) => e.interaction?.endsWith(d)))
      .flatMap((e) => describeMismatch(e.mismatch).map((m) => redact(`${e.interaction ?? ''}: ${m}`, secrets))),
  ];
  return {
    ok: !crashed && json.result === true && interactions.every((i) => i.ok),
    providerUrl: providerBaseUrl,
    ...(states ? { statesUrl: states.href } : {}),
    pacts: documents.map((d) => ({
      file: d.file,
      consumer: d.consumer,
      provider: d.provider,
      interactions: d.interactions.length,
    })),
    interactions,
    errors,
  };
}

/**
 * Pact paths are full paths (`/api/v1/…`). A provider URL that already ends with the prefix every
 * interaction's path starts with (`http://host/api`) would double it, so it is cut back to the root.
 */
function baseUrlFor(url: URL, documents: PactDocument[]): string {
  const prefix = url.pathname.replace(/\/+$/, '');
  const paths = documents.flatMap((d) => d.interactions.map((i) => i.request.path));
  if (prefix && paths.length > 0 && paths.every((p) => p === prefix || p.startsWith(`${prefix}/`))) return url.origin;
  return `${url.origin}${prefix}`;
}

async function assertReachable(href: string, option: string, secrets: string[]): Promise<void> {
  try {
    const response = await fetch(href, { method: 'GET', signal: AbortSignal.timeout(5000), redirect: 'manual' });
    await response.body?.cancel();
  } catch (error) {
    const e = error as { name?: string; cause?: { code?: string; message?: string }; message?: string };
    const why =
      e.name === 'TimeoutError'
        ? 'no answer within 5 s'
        : (e.cause?.code ?? e.cause?.message ?? e.message ?? String(error));
    throw new InputError(redact(`${option}: ${href} is not reachable (${why}); is the provider running?`, secrets));
  }
}

/** Authorization values the pacts match by rule: examples a real token (or real Basic credentials) may stand in for. */
function tokenPlaceholders(documents: PactDocument[], scheme: 'Bearer' | 'Basic' = 'Bearer'): Set<string> {
  const values = new Set<string>();
  for (const doc of documents) {
    for (const i of doc.interactions) {
      const auth = i.request.headers.get('authorization');
      if (
        auth &&
        i.request.matchedHeaders.has('authorization') &&
        new RegExp(`^${scheme}\\s`, 'i').test(auth.values[0] ?? '')
      )
        values.add(auth.values[0]);
    }
  }
  return values;
}

function describeMismatch(mismatch: NonNullable<VerifierJson['errors']>[number]['mismatch']): string[] {
  if (!mismatch) return ['failed'];
  if (mismatch.mismatches && mismatch.mismatches.length > 0)
    return mismatch.mismatches.map((m) => `${m.path ? `${m.path}: ` : ''}${m.mismatch ?? m.type ?? 'mismatch'}`);
  return [mismatch.message ?? mismatch.type ?? 'failed'];
}

function parseVerifierJson(text: string): VerifierJson {
  return tryParse(text) ?? {};
}

function tryParse(text: string): VerifierJson | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null ? (value as VerifierJson) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * pact-js (with its native core, some 30 MB) is an optional peer dependency: only pact-verify
 * needs it, so it is loaded here and its absence is one clear line, exit 2.
 */
async function loadPact(): Promise<typeof import('@pact-foundation/pact')> {
  try {
    return await import('@pact-foundation/pact');
  } catch (error) {
    const missing = (error as { code?: unknown } | null)?.code === 'ERR_MODULE_NOT_FOUND';
    if (!missing) throw error;
    throw new InputError('pact-verify needs @pact-foundation/pact: npm i -D @pact-foundation/pact@16');
  }
}
