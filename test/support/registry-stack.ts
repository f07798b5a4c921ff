import type { RunningServer } from '../../common/http-server';
import { MemoryRegistryStore } from '../../gateway/control/registry/memory-store';
import { createGateway, type RegistryGateway } from '../../gateway/create-gateway';
import { DEFAULT_CALL_POLICY } from '../../gateway/request/resilience/call-policy';
import type { StartedSubgraph } from '../../subgraphs/common/run-subgraph';
import { startTestRealm, testAccess, type TestRealm } from './access';
import { mysqlStorage } from './env';
import { startPartnerSubgraph } from './partner-subgraph';
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

export async function startRegistryStack(): Promise<RegistryStack> {
  const subgraphs = await startSubgraphs(mysqlStorage, ['staffing']);
  const staffing = subgraphs['staffing']!;
  const partner = await startPartnerSubgraph();
  const realm = await startTestRealm();
  const close = () => Promise.all([partner.close(), realm.close(), staffing.close()]).then(() => undefined);
  let gateway: RegistryGateway;
  try {
    gateway = await createGateway({
      source: {
        registry: {
          store: new MemoryRegistryStore(),
          allowedHosts: ['127.0.0.1'],
          adminTokens: '',
          bootstrap: () => shippedSpecs({ staffing }),
        },
      },
      calls: DEFAULT_CALL_POLICY,
      access: await testAccess(realm),
      host: '127.0.0.1',
      port: 0,
    });
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
