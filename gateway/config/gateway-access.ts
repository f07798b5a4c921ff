import { join } from 'node:path';

import type { SubgraphDatabase } from '../../common/database/database';
import type { ExtraEndpoint } from '../../common/http-server';
import { DevKeyStore } from '../endpoints/dev-realm/dev-keys';
import { createDevRealmEndpoint } from '../endpoints/dev-realm/dev-realm-endpoint';
import { createGovernanceEndpoint } from '../endpoints/governance/governance-endpoint';
import { loadPolicy } from '../policy/load-policy';
import type { Policy } from '../policy/policy-model';
import type { AccessLog } from '../request/access-log/access-log';
import { Masker } from '../request/access/masker';
import { createAuthenticator } from '../request/auth/authenticate';
import { KeycloakTokenVerifier, realmIssuer } from '../request/auth/keycloak-verifier';
import { RegionGrants } from '../request/grants/region-grants';
import type { GovernedGraph } from '../request/graph/served-graph';
import { sideApiLimits } from '../request/limits/side-api-limits';
import type { RequestAccess } from '../request/request-path';
import { SharingAgreements } from '../request/sharing/sharing-agreements';
import type { AccessConfig } from './access-config';

/** Everything the request path needs to authenticate, decide, mask and log, and what the gateway serves beside. */
export interface GatewayAccess extends RequestAccess {
  /** Signs every subgraph call (each subgraph's key derives from it). */
  signingSecret: string;
  /** The governance API (access log, grants) and the dev realm when the gateway serves it. */
  endpoints: ExtraEndpoint[];
  /**
   * Loads the realm's keys once the gateway listens (the dev realm is served by the gateway itself),
   * retrying until they load or `signal` aborts; /readyz is not ready meanwhile.
   */
  loadKeys?: (signal: AbortSignal) => Promise<void>;
  /** Tells the governance API which graph's catalog to list (the one served now); none until called. */
  listCatalogOf(graph: () => GovernedGraph): void;
}

/** Where access state lives: the gateway's database (grants, and the log's reads) and the log writer. */
export interface AccessStores {
  database: SubgraphDatabase;
  log: AccessLog;
}

/** The gateway's own origin as clients reach it (the dev realm's issuer). */
export function gatewayOrigin(host: string, port: number): string {
  return `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${port}`;
}

/**
 * Builds the access stages from configuration. `gatewayOrigin` (http://host:port) is where the dev
 * realm is served when it is on, and so the issuer its tokens carry.
 */
export async function createGatewayAccess(
  config: AccessConfig,
  gatewayOrigin: string,
  dataDir: string,
  stores: AccessStores,
  policy: Policy = loadPolicy(config.policyPath),
): Promise<GatewayAccess> {
  const { keycloak } = config;
  const endpoints: ExtraEndpoint[] = [];
  const url = keycloak.url ?? (config.devRealm.enabled ? gatewayOrigin : undefined);
  if (config.devRealm.enabled) {
    const keys = new DevKeyStore(config.devRealm.keysDir ?? join(dataDir, 'dev-realm'));
    const issuer = realmIssuer(url!, keycloak.realm);
    endpoints.push(createDevRealmEndpoint(keycloak.realm, { issuer, clientId: keycloak.clientId }, keys));
  }
  const verifier = url
    ? new KeycloakTokenVerifier({
        url,
        realm: keycloak.realm,
        clientId: keycloak.clientId,
        audience: keycloak.audience ?? [keycloak.clientId],
        ...(keycloak.realmPublicKey ? { realmPublicKey: keycloak.realmPublicKey } : {}),
        algorithms: keycloak.algorithms,
        clockSkewSeconds: keycloak.clockSkewSeconds,
        minSecondsBetweenCertFetches: keycloak.minSecondsBetweenCertFetches,
        keysRefreshSeconds: keycloak.keysRefreshSeconds,
      })
    : null;
  const authenticator = createAuthenticator(verifier, policy, keycloak.clientId);
  const grants = new RegionGrants(stores.database, policy, config.grantRefreshMs);
  let servedGraph: (() => GovernedGraph) | null = null;
  const agreements = new SharingAgreements(
    stores.database,
    policy,
    (name) => policy.resources.get(name) ?? servedGraph?.().rules.catalog.declared.get(name),
    config.agreementRefreshMs,
  );
  endpoints.push(
    await createGovernanceEndpoint({
      authenticator,
      policy,
      servedGraph: () => servedGraph?.() ?? null,
      grants,
      agreements,
      log: stores.log,
      logDatabase: stores.database.dataSource,
      limits: sideApiLimits(policy),
    }),
  );
  return {
    policy,
    authenticator,
    masker: new Masker({ secret: config.pseudonymSecret, epochDays: config.pseudonymEpochDays }),
    mode: config.mode,
    hideAboveClearance: config.hideAboveClearance,
    log: stores.log,
    grants,
    agreements,
    signingSecret: config.signingSecret,
    endpoints,
    listCatalogOf: (graph) => {
      servedGraph = graph;
    },
    ...(verifier ? { loadKeys: (signal: AbortSignal) => verifier.loadKeys(1000, signal) } : {}),
  };
}
