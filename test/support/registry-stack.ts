import type { RunningServer } from '../../common/http-server';
import { MemoryRegistryStore } from '../../gateway/control/registry/memory-store';
import { DEFAULT_CALL_POLICY } from '../../gateway/request/resilience/call-policy';
import { startGatewayRuntime, type RunningGatewayRuntime } from '../../gateway/runtime';
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
  gateway: RunningGatewayRuntime;
}

export async function startRegistryStack(): Promise<RegistryStack> {
  const subgraphs = await startSubgraphs(mysqlStorage, ['staffing']);
  const staffing = subgraphs['staffing']!;
  const partner = await startPartnerSubgraph();
  const realm = await startTestRealm();
  const close = () => Promise.all([partner.close(), realm.close(), staffing.close()]).then(() => undefined);
  let gateway: RunningGatewayRuntime;
  try {
    gateway = await startGatewayRuntime({
      store: new MemoryRegistryStore(),
      policy: DEFAULT_CALL_POLICY,
      access: await testAccess(realm),
      allowedHosts: ['127.0.0.1'],
      adminTokens: '',
      host: '127.0.0.1',
      port: 0,
      bootstrap: () => shippedSpecs({ staffing }),
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
