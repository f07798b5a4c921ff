import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { exportJWK, generateKeyPair, type JWK } from 'jose';

export type DevAlgorithm = 'RS256' | 'ES256';

export interface DevKey {
  kid: string;
  alg: DevAlgorithm;
  createdAt: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

/**
 * The dev realm's signing keys, kept in one JSON file so that the gateway's dev realm and
 * `npm run token` agree. The newest key of each algorithm signs; older ones stay published (rotation).
 * Development only: configuration refuses the dev realm in production.
 */
export class DevKeyStore {
  readonly file: string;

  constructor(directory: string) {
    this.file = path.join(directory, 'dev-realm-keys.json');
  }

  /** Every key, oldest first; creates the first RS256 and ES256 keys when there are none. */
  async keys(): Promise<DevKey[]> {
    const existing = this.read();
    if (existing) return existing;
    const created = [await newKey('RS256'), await newKey('ES256')];
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    // Written whole under another name, then linked into place: a reader (the realm's certs, or another
    // process minting) never sees a file half written, and the first process to link wins.
    const temporary = `${this.file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
    fs.writeFileSync(temporary, JSON.stringify(created, null, 2), { mode: 0o600 });
    try {
      fs.linkSync(temporary, this.file);
      return created;
    } catch (error) {
      // Another process created them first: use theirs.
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return this.read() ?? created;
      throw error;
    } finally {
      fs.rmSync(temporary, { force: true });
    }
  }

  async signingKey(alg: DevAlgorithm): Promise<DevKey> {
    const key = (await this.keys()).filter((k) => k.alg === alg).at(-1);
    if (!key) throw new Error(`the dev realm has no ${alg} key`);
    return key;
  }

  /** Adds a new signing key for the algorithm; older keys stay published so their tokens still verify. */
  async rotate(alg: DevAlgorithm): Promise<DevKey> {
    const key = await newKey(alg);
    this.write([...(await this.keys()), key]);
    return key;
  }

  /**
   * Stops publishing a key (the end of a rotation's overlap): tokens it signed stop verifying once the
   * gateway next fetches the realm's certs. The signing key of an algorithm (its newest) cannot retire.
   */
  async retire(kid: string): Promise<DevKey> {
    const keys = await this.keys();
    const key = keys.find((k) => k.kid === kid);
    if (!key) throw new Error(`the dev realm has no key ${kid}`);
    if ((await this.signingKey(key.alg)).kid === kid)
      throw new Error(`${kid} is the ${key.alg} signing key: rotate first, then retire the old one`);
    this.write(keys.filter((k) => k.kid !== kid));
    return key;
  }

  private write(keys: DevKey[]): void {
    const temporary = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, JSON.stringify(keys, null, 2), { mode: 0o600 });
    fs.renameSync(temporary, this.file);
  }

  private read(): DevKey[] | null {
    if (!fs.existsSync(this.file)) return null;
    return JSON.parse(fs.readFileSync(this.file, 'utf8')) as DevKey[];
  }
}

async function newKey(alg: DevAlgorithm): Promise<DevKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, {
    extractable: true,
    ...(alg === 'RS256' ? { modulusLength: 2048 } : {}),
  });
  const kid = `dev-${alg.toLowerCase()}-${crypto.randomBytes(6).toString('hex')}`;
  return {
    kid,
    alg,
    createdAt: new Date().toISOString(),
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg },
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' },
  };
}

/** A public key as Keycloak shows it in the realm document: base64 of the DER SubjectPublicKeyInfo. */
export function realmPublicKey(key: DevKey): string {
  return crypto
    .createPublicKey({ key: key.publicJwk as crypto.JsonWebKey, format: 'jwk' })
    .export({ type: 'spki', format: 'der' })
    .toString('base64');
}
