import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { composeServices } from '@theguild/federation-composition';
import { buildSchema, parse, type GraphQLSchema } from 'graphql';

import { startGraphqlServer, type RunningServer } from '../../../common/http-server';
import { createGateway, type RunningGateway } from '../../../gateway/create-gateway';
import type { Policy } from '../../../gateway/policy/policy-model';
import { DEFAULT_CALL_POLICY } from '../../../gateway/request/resilience/call-policy';
import { startSubgraphServer } from '../../../subgraphs/common/server';
import type { FederationFixture } from '../../integration/federation/fixture';
import { publicPolicy, startTestRealm, testAccess, type TestRealm } from '../access';
import { oracleOf, type Oracle } from './oracle';
import { failedAt, retryingTransient } from './transient';

/** The same subgraphs behind govgraph's planner, govgraph's general path and @apollo/gateway (the reference). */
export interface ThreeGateways extends AsyncDisposable {
  planner: RunningGateway;
  general: RunningGateway;
  reference: string;
  realm: TestRealm;
  /** The API schema clients see (the supergraph's public part). */
  apiSchema: GraphQLSchema;
  /** The fixture's oracle (its data served by one plain schema, run in-process by graphql-js), when it has one. */
  oracle?: Oracle;
  /** Each subgraph's request count, and the documents it was sent. */
  subgraphs: Record<string, { requests: { count: number }; documents: string[] }>;
  /** How many queries the planner gateway fetched by its plan, and by the general path, so far. */
  paths(): Promise<{ planner: number; general: number }>;
}

/** fetch, tried up to three times when the connection failed before an answer came. */
const retryingFetch = (input: string, init?: RequestInit): Promise<Response> =>
  retryingTransient(() => fetch(input, init));

/**
 * Serves a fixture's subgraphs over HTTP (each remembering the documents it is sent), composes them,
 * and puts three gateways in front. The policy grades every field PUBLIC unless `grade` changes it.
 */
export async function startThreeGateways(
  fixture: FederationFixture,
  grade?: (policy: Policy) => void,
): Promise<ThreeGateways> {
  const closers: Array<() => Promise<unknown>> = [];
  const close = async () => {
    for (const c of closers.reverse()) await c();
  };
  try {
    const realm = await startTestRealm();
    closers.push(() => realm.close());
    const subgraphs: ThreeGateways['subgraphs'] = {};
    const servers: RunningServer[] = [];
    for (const s of fixture.subgraphs) {
      const documents: string[] = [];
      const server = await startSubgraphServer({
        name: s.name,
        schema: buildSubgraphSchema({ typeDefs: parse(s.sdl), resolvers: s.resolvers as GraphQLResolverMap<unknown> }),
        host: '127.0.0.1',
        port: 0,
        createContext: () => ({}),
        plugins: [{ requestDidStart: async ({ request }) => void (request.query && documents.push(request.query)) }],
      });
      closers.push(() => server.close());
      servers.push(server);
      subgraphs[s.name] = { requests: server.requests, documents };
    }
    const composed = composeServices(
      fixture.subgraphs.map((s, i) => ({ name: s.name, url: servers[i]!.url, typeDefs: parse(s.sdl) })),
    );
    if (composed.errors?.length || !composed.supergraphSdl)
      throw new Error(`composition failed: ${composed.errors?.map((e) => e.message).join('; ')}`);
    const supergraphSdl = composed.supergraphSdl;
    const policy = publicPolicy(fixture.subgraphs.map((s) => s.sdl));
    grade?.(policy);
    // Federation semantics are compared here, not the edge: no cache, and limits no generated operation reaches.
    policy.cache = { ...policy.cache, enabled: false };
    policy.limits = {
      ...policy.limits,
      default: { depth: 100, aliases: 10_000, rootFields: 1000, tokens: 100_000, cost: 1e9 },
      anonymous: {},
    };
    const many = { requests: 1e9, perSeconds: 1 };
    policy.rateLimits = { user: many, ip: many, anonymous: many };
    const graph = { supergraphSdl, legacy: [], federatedSdls: fixture.subgraphs.map((s) => s.sdl) };
    // Nor resilience: on a loaded machine a 5 s timeout or an opened breaker would be a difference of load, not of semantics.
    const patientCalls = {
      ...DEFAULT_CALL_POLICY,
      timeoutMs: 120_000,
      breaker: { ...DEFAULT_CALL_POLICY.breaker, minimumCalls: Number.MAX_SAFE_INTEGER },
    };
    const gateway = async (queryPlanner: boolean) => {
      const started = await createGateway({
        source: { supergraph: graph },
        calls: patientCalls,
        access: await testAccess(realm, {}, policy),
        host: '127.0.0.1',
        port: 0,
        queryPlanner,
      });
      closers.push(() => started.close());
      return started;
    };
    const [planner, general] = [await gateway(true), await gateway(false)];
    // @apollo/gateway behind the same HTTP server as everything else (Apollo Server in gateway mode).
    // Its fetcher is tried again when only the connection failed (a keep-alive socket the subgraph closed
    // while idle, seen under load), as govgraph's subgraph executor does: the reference must not flake.
    const buildService = ({ url }: { url?: string }) =>
      new RemoteGraphQLDataSource({ url, fetcher: retryingFetch as never });
    const apollo = await startGraphqlServer({
      name: 'apollo-gateway',
      schema: new ApolloGateway({ supergraphSdl, buildService }),
      host: '127.0.0.1',
      port: 0,
      createContext: () => ({}),
    });
    closers.push(() => apollo.close());
    const reference = apollo.url;
    const metricsUrl = planner.url.replace(/\/graphql$/, '/metrics');
    const apiSchema = buildSchema(composed.publicSdl!);
    const oracle = oracleOf(fixture, composed.publicSdl!);
    return {
      planner,
      general,
      reference,
      realm,
      apiSchema,
      ...(oracle ? { oracle } : {}),
      subgraphs,
      async paths() {
        const text = await retryingTransient(
          async () => (await fetch(metricsUrl, { headers: { connection: 'close' } })).text(),
          (error) => failedAt(metricsUrl, error),
        );
        const count = (path: string) =>
          Number(new RegExp(`govgraph_execution_path_total\\{path="${path}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
        return { planner: count('planner'), general: count('general') };
      },
      [Symbol.asyncDispose]: close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
