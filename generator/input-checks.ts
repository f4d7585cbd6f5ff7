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
    throw new InputError(`${option}: put credentials in --token or --client-secret, not in the URL (${url.protocol}//***@${url.host}${url.pathname})`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InputError(`${option}: "${value}" is not an http(s) URL`);
  return url;
}

/** A TCP port to listen on; 0 means any free port. */
export function parsePort(value: string, option = '--port'): number {
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) throw new InputError(`${option}: expected a whole number from 0 to 65535, got "${value}"`);
  return Number(value);
}
