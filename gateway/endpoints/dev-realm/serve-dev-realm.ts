import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';

import { realmIssuer } from '../../request/auth/keycloak-verifier';
import { DevKeyStore } from './dev-keys';
import { createDevRealmEndpoint } from './dev-realm-endpoint';
import { mintDevToken, type DevTokenRequest } from './mint-token';

/** A dev realm on its own HTTP server (tests, benchmarks), at Keycloak's paths, as a Keycloak would be. */
export interface ServedDevRealm {
  /** Keycloak base URL (the realm is at <url>/realms/<realm>). */
  url: string;
  issuer: string;
  keys: DevKeyStore;
  mint(request: Partial<DevTokenRequest> & Pick<DevTokenRequest, 'user' | 'roles'>): Promise<string>;
  close(): Promise<void>;
}

export async function serveDevRealm(options: {
  realm: string;
  clientId: string;
  keysDir: string;
  host?: string;
}): Promise<ServedDevRealm> {
  const keys = new DevKeyStore(options.keysDir);
  const app = express();
  const server = http.createServer(app);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((done) => server.listen(0, host, done));
  const url = `http://${host}:${(server.address() as AddressInfo).port}`;
  const issuer = realmIssuer(url, options.realm);
  const endpoint = createDevRealmEndpoint(options.realm, { issuer, clientId: options.clientId }, keys);
  app.use(endpoint.path, endpoint.handler);
  return {
    url,
    issuer,
    keys,
    mint: (request) => mintDevToken(keys, { issuer, clientId: options.clientId }, { ttlSeconds: 600, ...request }),
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
