import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { parse } from 'graphql';

import type { RunningServer } from '../../common/http-server';
import { startSubgraphServer } from '../common/server';

/**
 * A partner department's own system, as a real Federation subgraph over HTTP: the 住建 housing
 * bureau extending Person with housing subsidies. Its SDL is whatever a test registers.
 */
export const HOUSING_SDL = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@override"])
directive @classified(level: String!) on FIELD_DEFINITION
directive @dataResource(name: String!, title: String, owner: String, sharing: String, legalBasis: String, updateFrequency: String, contact: String) repeatable on OBJECT | FIELD_DEFINITION
type Person @key(fields: "personKey") @dataResource(name: "housing.subsidies", title: "住房保障补贴发放", owner: "housing-bureau", sharing: "unconditional", legalBasis: "《公共租赁住房管理办法》第三十五条 (补贴信息公示)", updateFrequency: "monthly", contact: "住建局住房保障科") {
  personKey: ID!
  "Housing subsidies (住房保障) paid to this person's household."
  housingSubsidies: [HousingSubsidy!] @classified(level: "INTERNAL")
}
type HousingSubsidy @dataResource(name: "housing.subsidies") {
  month: String! @classified(level: "INTERNAL")
  amount: Float! @classified(level: "INTERNAL")
}
`;

/** Subsidies derived from the key, so answers are checkable without a database. */
export function subsidiesOf(personKey: string): Array<{ month: string; amount: number }> {
  const n = parseInt(personKey[0] ?? '0', 16) % 3;
  return Array.from({ length: n }, (_, i) => ({ month: `2026-0${4 + i}`, amount: 300 + i * 10 }));
}

export function startPartnerSubgraph(sdl: string = HOUSING_SDL): Promise<RunningServer> {
  const resolvers = {
    Person: {
      __resolveReference: (ref: { personKey: string }) => ref,
      housingSubsidies: (person: { personKey: string }) => subsidiesOf(person.personKey),
      idNumber: () => '110105194912310029',
      name: () => '住建测试',
    },
  };
  return startSubgraphServer({
    name: 'partner-housing',
    schema: buildSubgraphSchema({
      typeDefs: parse(sdl),
      resolvers: resolvers as unknown as GraphQLResolverMap<unknown>,
    }),
    host: '127.0.0.1',
    port: 0,
    createContext: () => ({}),
  });
}
