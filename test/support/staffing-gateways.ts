import { DEV_SIGNING_SECRET } from '../../common/gateway-signature';
import { composeGraph } from '../../gateway/control/composition/compose-graph';
import { fetchSpecs } from '../../gateway/control/composition/fetch-sdl';
import {
  createGateway,
  type GatewaySettings,
  type RunningGateway,
  type SupergraphSource,
} from '../../gateway/create-gateway';
import type { Policy } from '../../gateway/policy/policy-model';
import { DEFAULT_CALL_POLICY } from '../../gateway/request/resilience/call-policy';
import type { StartedSubgraph } from '../../subgraphs/common/run-subgraph';
import { startTestRealm, testAccess, type TestRealm } from './access';
import { mysqlStorage } from './env';
import { startSubgraphs } from './stack';

export interface StaffingGateways extends AsyncDisposable {
  staffing: StartedSubgraph;
  realm: TestRealm;
  /** Starts one more gateway over the staffing subgraph, closed with the rest. */
  start(
    options?: Partial<
      Pick<
        GatewaySettings<SupergraphSource>,
        'rateLimiter' | 'trustProxy' | 'persisted' | 'responseStore' | 'queryPlanner'
      >
    >,
    policy?: Policy,
  ): Promise<RunningGateway>;
}

/** The staffing subgraph (MariaDB) and gateways over it alone: a light stack for edge features (limits, persisted operations). */
export async function staffingGateways(): Promise<StaffingGateways> {
  const { staffing } = await startSubgraphs(mysqlStorage, ['staffing']);
  const realm = await startTestRealm();
  const graph = composeGraph(
    await fetchSpecs([{ name: 'staffing', url: staffing!.url, federated: true }], DEV_SIGNING_SECRET),
  );
  const started: RunningGateway[] = [];
  return {
    staffing: staffing!,
    realm,
    async start(options = {}, policy) {
      const gateway = await createGateway({
        source: { supergraph: graph },
        calls: DEFAULT_CALL_POLICY,
        access: await testAccess(realm, {}, policy),
        host: '127.0.0.1',
        port: 0,
        ...options,
      });
      started.push(gateway);
      return gateway;
    },
    async [Symbol.asyncDispose]() {
      await Promise.all(started.map((g) => g.close()));
      await staffing!.close();
      await realm.close();
    },
  };
}
