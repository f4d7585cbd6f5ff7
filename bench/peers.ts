import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Peer tools live in bench/peers with their own lockfile, so the project's npm ci stays lean. */
export const PEERS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'peers');

export function ensurePeers(): void {
  if (existsSync(join(PEERS_DIR, 'node_modules', '.package-lock.json'))) return;
  console.log('installing peer tools into bench/peers (npm ci, registry only)…');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--prefix', PEERS_DIR], { stdio: 'inherit' });
}

/** Path of a peer tool's executable in bench/peers/node_modules/.bin. */
export function peerBin(name: string): string {
  return join(PEERS_DIR, 'node_modules', '.bin', name);
}
