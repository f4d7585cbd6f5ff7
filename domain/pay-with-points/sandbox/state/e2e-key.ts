import {
  constants,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  privateDecrypt,
  type KeyObject,
} from 'node:crypto';
import type { FixtureE2eKey } from '../../fixture.ts';

/**
 * What GET /partner/v1/prelogin/security/e2eKey answers (GetEncryptionKeyResponse): hexadecimal RSA
 * modulus and exponent.
 */
export interface E2ePublicKey {
  modulus: string;
  exponent: string;
  keyIdentifier: string;
}

const parsed = new Map<string, { key: KeyObject; publicKey: E2ePublicKey }>();
let generated: FixtureE2eKey | undefined;

/**
 * The sandbox's E2E key pair (seed 000: a public key for encrypting sensitive fields). Clients
 * encrypt with RSA-OAEP (SHA-256) under the public key; the sandbox decrypts with the private one.
 * A fixture without a key gets one generated once per process.
 */
export class E2eKeyPair {
  private readonly key: KeyObject;
  readonly publicKey: E2ePublicKey;

  constructor(fixtureKey: FixtureE2eKey | undefined) {
    const source = fixtureKey ?? (generated ??= generate());
    let entry = parsed.get(source.privateKeyPem + source.keyIdentifier);
    if (!entry) {
      const key = createPrivateKey(source.privateKeyPem);
      const jwk = createPublicKey(key).export({ format: 'jwk' }) as { n: string; e: string };
      const hex = (b64url: string) => Buffer.from(b64url, 'base64url').toString('hex').toUpperCase();
      entry = { key, publicKey: { modulus: hex(jwk.n), exponent: hex(jwk.e), keyIdentifier: source.keyIdentifier } };
      parsed.set(source.privateKeyPem + source.keyIdentifier, entry);
    }
    this.key = entry.key;
    this.publicKey = entry.publicKey;
  }

  /** The plaintext of a base64 RSA-OAEP-SHA-256 ciphertext; undefined when it does not decrypt. */
  decrypt(base64: string): string | undefined {
    if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(base64) || base64.length > 2048) return undefined;
    try {
      return privateDecrypt(
        { key: this.key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
        Buffer.from(base64, 'base64'),
      ).toString('utf8');
    } catch {
      return undefined;
    }
  }
}

function generate(): FixtureE2eKey {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { keyIdentifier: 'CARD_LOGIN', privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}
