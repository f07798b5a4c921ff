import { join } from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { parse } from 'graphql';

import type { RunningServer } from '../../../common/http-server';
import { projectRoot } from '../../../common/paths';
import { composeGraph } from '../../../gateway/control/composition/compose-graph';
import { createGateway, type RunningGateway } from '../../../gateway/create-gateway';
import { loadPolicy } from '../../../gateway/policy/load-policy';
import { DEFAULT_CALL_POLICY } from '../../../gateway/request/resilience/call-policy';
import { startSubgraphServer } from '../../../subgraphs/common/server';
import { caller, startTestRealm, testAccess, type TestRealm } from '../../support/access';
import { gql } from '../../support/graphql';

/** A partner subgraph grading its own field, with the grade composed into the supergraph or not. */
const sdl = (composed: boolean) => `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"${composed ? ', "@composeDirective"' : ''}])
    ${composed ? '@link(url: "https://govgraph.example/classification/v1.0", import: ["@classified", "@dataResource"]) @composeDirective(name: "@classified") @composeDirective(name: "@dataResource")' : ''}
  directive @classified(level: String!) on FIELD_DEFINITION
  directive @dataResource(name: String!, title: String, owner: String, sharing: String, legalBasis: String, updateFrequency: String, contact: String) repeatable on OBJECT | FIELD_DEFINITION
  type Query @dataResource(name: "housing.subsidies", title: "住房补贴", owner: "housing-bureau", sharing: "unconditional",
      legalBasis: "住房保障条例", updateFrequency: "monthly", contact: "住建局") { subsidies: [Subsidy!]! @classified(level: "PUBLIC") }
  type Subsidy @key(fields: "id") @dataResource(name: "housing.subsidies") {
    id: ID! @classified(level: "PUBLIC") amount: Float! @classified(level: "SENSITIVE")
  }`;

const SUBSIDIES = [
  { id: 's1', amount: 1200 },
  { id: 's2', amount: 800 },
];

/**
 * @composeDirective: a subgraph's own directive survives composition into the supergraph. A gateway
 * serving only a supergraph composed elsewhere (no subgraph SDLs beside it) still knows the partner's
 * grades and data resources when they were composed; without @composeDirective they are lost and the
 * fields are RESTRICTED and in no resource (deny by default).
 */
describe('Federation: @composeDirective', () => {
  let realm: TestRealm;
  const servers: RunningServer[] = [];
  const gateways: RunningGateway[] = [];

  beforeAll(async () => {
    realm = await startTestRealm();
  });
  afterAll(async () => {
    await Promise.all(gateways.map((g) => g.close()));
    await Promise.all(servers.map((s) => s.close()));
    await realm?.close();
  });

  async function supergraphOnlyGateway(composed: boolean) {
    const server = await startSubgraphServer({
      name: 'housing',
      schema: buildSubgraphSchema({
        typeDefs: parse(sdl(composed)),
        resolvers: { Query: { subsidies: () => SUBSIDIES } } as GraphQLResolverMap<unknown>,
      }),
      host: '127.0.0.1',
      port: 0,
      createContext: () => ({}),
    });
    servers.push(server);
    const graph = composeGraph([{ name: 'housing', url: server.url, sdl: sdl(composed), federated: true }]);
    const gateway = await createGateway({
      source: { supergraph: { ...graph, federatedSdls: [] } },
      calls: DEFAULT_CALL_POLICY,
      access: await testAccess(realm, {}, loadPolicy(join(projectRoot, 'policies'))),
      host: '127.0.0.1',
      port: 0,
    });
    gateways.push(gateway);
    return { gateway, supergraph: graph.supergraphSdl };
  }

  it('keeps the directive in the supergraph, and the gateway grades the field from it', async () => {
    const { gateway, supergraph } = await supergraphOnlyGateway(true);
    expect(supergraph).toMatch(/amount: Float! @classified\(level: "SENSITIVE"\)/);
    const officer = caller(
      gateway.url,
      await realm.mint({ user: 'compose.officer', roles: ['staffing-officer'], region: '320000' }),
    );
    expect((await gql(officer, '{ subsidies { id amount } }')).data).toEqual({ subsidies: SUBSIDIES });
    const anonymous = await gql(caller(gateway.url, null), '{ subsidies { id amount } }');
    expect(anonymous.data).toEqual({ subsidies: SUBSIDIES.map(({ id }) => ({ id, amount: null })) });
    expect(new Set(anonymous.errors?.map((e) => e.extensions?.code))).toEqual(new Set(['FORBIDDEN_FIELD']));
  });

  it('without it the grades are lost in composition: the fields are RESTRICTED', async () => {
    const { gateway, supergraph } = await supergraphOnlyGateway(false);
    expect(supergraph).not.toMatch(/@classified/);
    const officer = caller(
      gateway.url,
      await realm.mint({ user: 'compose.officer', roles: ['staffing-officer'], region: '320000' }),
    );
    const answer = await gql(officer, '{ subsidies { id amount } }');
    expect(answer.data?.subsidies ?? null).toBeNull();
    expect(answer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN_FIELD');
  });
});
