import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { parse } from 'graphql';

import type { RunningServer } from '../../../common/http-server';
import type { AccessConfig } from '../../../gateway/config/access-config';
import { composeGraph } from '../../../gateway/control/composition/compose-graph';
import { createGateway, type RunningGateway } from '../../../gateway/create-gateway';
import type { Policy } from '../../../gateway/policy/policy-model';
import { DEFAULT_CALL_POLICY } from '../../../gateway/request/resilience/call-policy';
import { startSubgraphServer } from '../../../subgraphs/common/server';
import { publicPolicy, startTestRealm, testAccess, type TestRealm } from '../../support/access';
import type { GraphqlTarget } from '../../support/graphql';

/** A Federation fixture: small subgraphs, and queries with the answers their data implies. */
export interface FederationFixture {
  subgraphs: Array<{ name: string; sdl: string; resolvers: Record<string, unknown> }>;
  cases: Array<{ name: string; query: string; variables?: Record<string, unknown>; expected: unknown }>;
  /**
   * The same data served by one plain schema (resolvers for the composed API schema, run by graphql-js):
   * what Federation says the graph answers, independent of any gateway. Where @apollo/gateway is
   * wrong for a fixture's shapes, the differential test checks govgraph against this instead.
   */
  oracle?: Record<string, unknown>;
}

export interface RunningFixture extends AsyncDisposable {
  gateway: RunningGateway;
  /** The realm whose tokens the gateway accepts. */
  realm: TestRealm;
  /** The gateway, as an anonymous caller (every field is graded PUBLIC unless `grade` said otherwise). */
  target: GraphqlTarget;
  requests: Record<string, { count: number }>;
}

/**
 * Serves each fixture subgraph over HTTP, composes them, and puts the gateway in front. Every field is
 * graded PUBLIC; `grade` may change the policy before the gateway starts, `accessConfig` the access settings (mode).
 */
export async function startFixture(
  fixture: FederationFixture,
  grade?: (policy: Policy) => void,
  accessConfig: Partial<AccessConfig> = {},
): Promise<RunningFixture> {
  const servers: RunningServer[] = [];
  const realm = await startTestRealm();
  let gateway: RunningGateway;
  try {
    for (const s of fixture.subgraphs) {
      servers.push(
        await startSubgraphServer({
          name: s.name,
          schema: buildSubgraphSchema({
            typeDefs: parse(s.sdl),
            resolvers: s.resolvers as GraphQLResolverMap<unknown>,
          }),
          host: '127.0.0.1',
          port: 0,
          createContext: () => ({}),
        }),
      );
    }
    const graph = composeGraph(
      fixture.subgraphs.map((s, i) => ({ name: s.name, url: servers[i]!.url, sdl: s.sdl, federated: true })),
    );
    const policy = publicPolicy(fixture.subgraphs.map((s) => s.sdl));
    grade?.(policy);
    const access = await testAccess(realm, accessConfig, policy);
    gateway = await createGateway({
      source: { supergraph: graph },
      calls: DEFAULT_CALL_POLICY,
      access,
      host: '127.0.0.1',
      port: 0,
    });
  } catch (error) {
    await Promise.all(servers.map((s) => s.close()));
    await realm.close();
    throw error;
  }
  return {
    gateway,
    realm,
    target: gateway.url,
    requests: Object.fromEntries(servers.map((s) => [s.name, s.requests])),
    async [Symbol.asyncDispose]() {
      await gateway.close();
      await Promise.all(servers.map((s) => s.close()));
      await realm.close();
    },
  };
}
