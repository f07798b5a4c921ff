import type { RunningServer } from '../../common/http-server';
import type { GatewayAccess } from '../../gateway/config/gateway-access';
import { MemoryRegistryStore } from '../../gateway/control/registry/memory-store';
import type { RegistrySource } from '../../gateway/control/reload/registry-graph';
import { createGateway, type RegistryGateway } from '../../gateway/create-gateway';
import { DEFAULT_CALL_POLICY, type SubgraphCallPolicy } from '../../gateway/request/resilience/call-policy';
import type { StartedSubgraph } from '../../subgraphs/common/run-subgraph';
import { startPartnerSubgraph } from '../../subgraphs/partner-example/housing-subgraph';
import { startTestRealm, testAccess, type TestRealm } from './access';
import { mysqlStorage } from './env';
import { shippedSpecs, startSubgraphs } from './stack';

/**
 * A gateway with an in-process registry bootstrapped with the staffing subgraph, a partner subgraph
 * ready to be registered, and the realm whose tokens it accepts (no static admin tokens).
 */
export interface RegistryStack extends AsyncDisposable {
  staffing: StartedSubgraph;
  partner: RunningServer;
  realm: TestRealm;
  gateway: RegistryGateway;
}

/** A gateway whose graph an in-process registry owns (a fresh one unless `registry.store` is given), on a free port. */
export function startRegistryGateway(
  access: GatewayAccess,
  registry: Partial<RegistrySource>,
  calls: SubgraphCallPolicy = DEFAULT_CALL_POLICY,
): Promise<RegistryGateway> {
  return createGateway({
    source: {
      registry: { store: new MemoryRegistryStore(), allowedHosts: ['127.0.0.1'], adminTokens: '', ...registry },
    },
    calls,
    access,
    host: '127.0.0.1',
    port: 0,
  });
}

export async function startRegistryStack(): Promise<RegistryStack> {
  const subgraphs = await startSubgraphs(mysqlStorage, ['staffing']);
  const staffing = subgraphs['staffing']!;
  const partner = await startPartnerSubgraph();
  const realm = await startTestRealm();
  const close = () => Promise.all([partner.close(), realm.close(), staffing.close()]).then(() => undefined);
  let gateway: RegistryGateway;
  try {
    gateway = await startRegistryGateway(await testAccess(realm), { bootstrap: () => shippedSpecs({ staffing }) });
  } catch (error) {
    await close();
    throw error;
  }
  return {
    staffing,
    partner,
    realm,
    gateway,
    async [Symbol.asyncDispose]() {
      await gateway.close();
      await close();
    },
  };
}
