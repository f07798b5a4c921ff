import type { SubgraphName } from '../../common/subgraph-catalog';
import type { StartedSubgraph } from '../../subgraphs/common/run-subgraph';
import { asGateway } from '../support/as-gateway';
import { mysqlStorage } from '../support/env';
import { gql } from '../support/graphql';
import { startSubgraphs } from '../support/stack';

/** Bad arguments get BAD_USER_INPUT with a message that says what is wrong, never a stack or a crash. */
describe('argument checks', () => {
  let subgraphs: Record<SubgraphName, StartedSubgraph>;
  beforeAll(async () => {
    subgraphs = await startSubgraphs(mysqlStorage, ['staffing', 'finance', 'civil-affairs']);
  });
  afterAll(async () => {
    await Promise.all(Object.values(subgraphs).map((s) => s.close()));
  });

  const cases: Array<[name: string, subgraph: SubgraphName, query: string, message: RegExp]> = [
    [
      'ID number with a wrong check digit',
      'staffing',
      '{ person(idNumber: "110105194912310021") { name } }',
      /GB 11643 check digit/,
    ],
    ['ID number of the wrong length', 'staffing', '{ person(idNumber: "11010519491231") { name } }', /18 characters/],
    [
      'ID number with an impossible birth date',
      'staffing',
      '{ person(idNumber: "11010519491331002X") { name } }',
      /birth date/,
    ],
    [
      'both personKey and idNumber',
      'staffing',
      '{ person(personKey: "00000000000000000000000000000000", idNumber: "11010519491231002X") { name } }',
      /exactly one/,
    ],
    [
      'USCC with a wrong check character',
      'staffing',
      '{ org(uscc: "91350100M000100Y44") { name } }',
      /GB 32100 check character/,
    ],
    [
      'USCC with a letter outside the alphabet',
      'staffing',
      '{ org(uscc: "91350100M000100YI3") { name } }',
      /without I, O, S, V, Z/,
    ],
    [
      'page size above the cap',
      'staffing',
      '{ people(first: 5000) { totalCount } }',
      /first must be between 0 and 500/,
    ],
    ['negative page size', 'staffing', '{ orgs(first: -1) { totalCount } }', /first must be between 0 and 500/],
    ['forged cursor', 'staffing', '{ orgs(after: "bm90LWEtY3Vyc29y") { totalCount } }', /not a cursor/],
    [
      'region that is not a GB/T 2260 code',
      'staffing',
      '{ orgs(filter: { regionCode: "32" }) { totalCount } }',
      /6-digit GB\/T 2260/,
    ],
    ['month in the wrong shape', 'finance', '{ payrollLines(filter: { month: "2026-13" }) { totalCount } }', /YYYY-MM/],
    [
      'date that is not a calendar day',
      'finance',
      '{ payments(filter: { from: "2026-02-30" }) { totalCount } }',
      /not a calendar date/,
    ],
    [
      'malformed person key',
      'finance',
      '{ payrollLines(filter: { personKey: "abc" }) { totalCount } }',
      /32 lower-case hex/,
    ],
    ['non-numeric id', 'civil-affairs', '{ beneficiary(id: "1 OR 1=1") { caseNumber } }', /positive integer/],
  ];

  it.each(cases)('%s → BAD_USER_INPUT', async (_name, subgraph, query, message) => {
    const result = await gql(asGateway(subgraph, subgraphs[subgraph].url), query);
    expect(result.errors).toHaveLength(1);
    const [error] = result.errors!;
    expect(error!.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error!.message).toMatch(message);
    expect(JSON.stringify(error)).not.toMatch(/at .*\.(ts|js):\d+/);
  });
});
