import { InputError } from './errors.ts';

/**
 * Checks of command-line values every command shares: one wording, one place. Each failure is an
 * InputError (exit 2) naming the option and what was expected.
 */

/** An http(s) URL without credentials (those belong in --token / --client-secret, never in a URL that gets logged). */
export function parseHttpUrl(value: string, option: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(`${option}: "${value}" is not a URL (expected http://host:port)`);
  }
  if (url.username || url.password) {
    throw new InputError(
      `${option}: put credentials in --token or --client-secret, not in the URL ` +
        `(${url.protocol}//***@${url.host}${url.pathname})`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new InputError(`${option}: "${value}" is not an http(s) URL`);
  return url;
}

/** A TCP port to listen on; 0 means any free port. */
export function parsePort(value: string, option = '--port'): number {
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535)
    throw new InputError(`${option}: expected a whole number from 0 to 65535, got "${value}"`);
  return Number(value);
}

/** `90` (seconds), `90s`, `1500ms`, `2m`: milliseconds. `zero`: 0 is allowed (no deadline). */
export function parseDuration(value: string, option: string, zero: boolean): number {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|min)?$/i.exec(value.trim());
  const unit = (m?.[2] ?? 's').toLowerCase();
  const ms = m
    ? Math.round(Number(m[1]) * ({ ms: 1, s: 1000, m: 60_000, min: 60_000 } as Record<string, number>)[unit])
    : NaN;
  if (!Number.isFinite(ms) || (ms === 0 && !zero) || ms > 2 ** 31 - 1) {
    throw new InputError(
      `${option}: expected a duration such as 30 (seconds), 30s, 1500ms or 2m` +
        `${zero ? ' (0: none)' : ''}, got "${value}"`,
    );
  }
  return ms;
}

/** `1048576`, `512kb`, `4mb` (k and m are 1024 and 1024²): bytes, from 1 byte to 1 GiB. */
export function parseSize(value: string, option: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?$/i.exec(value.trim());
  const unit = (m?.[2] ?? 'b').toLowerCase()[0];
  const bytes = m
    ? Math.floor(Number(m[1]) * ({ b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 } as Record<string, number>)[unit])
    : NaN;
  if (!Number.isFinite(bytes) || bytes < 1 || bytes > 1024 ** 3) {
    throw new InputError(
      `${option}: expected a size from 1 byte to 1gb, such as 1048576, 512kb or 4mb, got "${value}"`,
    );
  }
  return bytes;
}
