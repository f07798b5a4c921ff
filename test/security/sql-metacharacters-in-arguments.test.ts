import { mysqlStorage, testDb } from '../support/env';
import { gql } from '../support/graphql';
import { asGateway } from '../support/as-gateway';
import { SqlOracle } from '../support/mysql';
import { startSubgraphs } from '../support/stack';
import type { StartedSubgraph } from '../../subgraphs/common/run-subgraph';
import type { SubgraphName } from '../../common/subgraph-catalog';

/**
 * SQL metacharacters in every free-text string argument are data, never SQL: the answer is what a
 * literal match gives (usually nothing), the tables are intact, and no error leaks SQL.
 */
const PAYLOADS = ["' OR '1'='1", "%", "_", "\\", "'; DROP TABLE person; --", '" OR ""="', "局%' UNION SELECT id_number FROM person -- "];

const FREE_TEXT: Array<[SubgraphName, string]> = [
  ['staffing', 'query ($v: String) { orgs(filter: { nameContains: $v }) { totalCount nodes { name } } }'],
  ['staffing', 'query ($v: String) { people(filter: { nameContains: $v }) { totalCount nodes { name } } }'],
  ['staffing', 'query ($v: String) { powerItems(filter: { nameContains: $v }) { totalCount } }'],
  ['audit', 'query ($v: String) { findings(filter: { category: $v }) { totalCount } }'],
  ['activity', 'query ($v: ID) { workRecords(filter: { categoryCode: $v }) { totalCount } }'],
  ['activity', 'query ($v: String) { activityCategories(parentCode: $v) { code } }'],
  ['staffing', 'query ($v: String) { regions(parentCode: $v) { code } }'],
];

describe('SQL metacharacters in string arguments', () => {
  const sql = new SqlOracle();
  let subgraphs: Record<SubgraphName, StartedSubgraph>;
  beforeAll(async () => {
    subgraphs = await startSubgraphs(mysqlStorage, ['staffing', 'audit', 'activity']);
  });
  afterAll(async () => {
    await Promise.all(Object.values(subgraphs).map((s) => s.close()));
    await sql[Symbol.asyncDispose]();
  });

  it.each(FREE_TEXT.flatMap(([subgraph, query]) => PAYLOADS.map((payload) => [subgraph, query, payload] as const)))(
    '%s %s with %s',
    async (subgraph, query, payload) => {
      const result = await gql(asGateway(subgraph, subgraphs[subgraph].url), query, { v: payload });
      expect(result.errors ?? []).toEqual([]);
      const data = JSON.stringify(result.data);
      // A literal match on these strings finds nothing in the generated data.
      expect(data).not.toMatch(/"totalCount":[1-9]/);
      expect(data).not.toMatch(/\d{17}[\dX]/);
    },
  );

  it('leaves every table intact', async () => {
    expect(await sql.value(`SELECT COUNT(*) FROM ${testDb('staffing')}.person`)).toBeGreaterThan(0);
    expect(await sql.value(`SELECT COUNT(*) FROM ${testDb('audit')}.finding`)).toBeGreaterThan(0);
  });
});
