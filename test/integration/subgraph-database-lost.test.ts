import { ErrorCode } from '../../common/errors';
import { composeGraph } from '../../gateway/control/composition/compose-graph';
import { createGateway, type RunningGateway } from '../../gateway/create-gateway';
import { DEFAULT_CALL_POLICY } from '../../gateway/request/resilience/call-policy';
import { runSubgraph, type StartedSubgraph } from '../../subgraphs/common/run-subgraph';
import { SUBGRAPH_DEFINITIONS } from '../../subgraphs/definitions';
import { caller, INSPECTION_PURPOSE, startTestRealm, testAccess, type TestRealm } from '../support/access';
import { mysqlStorage } from '../support/env';
import { gql } from '../support/graphql';
import { shippedSpecs } from '../support/stack';
import { TcpProxy } from '../support/tcp-proxy';
import { waitUntil } from '../support/wait';

const QUERY = '{ orgs(first: 2) { nodes { name budgets { year amount } } } }';

/** One system's database stopped (a TCP proxy in front of MariaDB for finance alone, cut): only its fields fail. */
describe("a subgraph's database lost", () => {
  let proxy: TcpProxy;
  let staffing: StartedSubgraph;
  let finance: StartedSubgraph;
  let realm: TestRealm;
  let gateway: RunningGateway;

  beforeAll(async () => {
    proxy = await new TcpProxy({ host: '127.0.0.1', port: 3306 }).open();
    const viaProxy = { ...mysqlStorage, databaseUrl: mysqlStorage.databaseUrl!.replace(':3306', `:${proxy.port}`) };
    staffing = await runSubgraph(SUBGRAPH_DEFINITIONS.staffing, { storage: mysqlStorage, port: 0 });
    finance = await runSubgraph(SUBGRAPH_DEFINITIONS.finance, { storage: viaProxy, port: 0 });
    realm = await startTestRealm();
    const policy = (await testAccess(realm)).policy;
    policy.cache = { ...policy.cache, enabled: false };
    gateway = await createGateway({
      source: { supergraph: composeGraph(await shippedSpecs({ staffing, finance })) },
      calls: DEFAULT_CALL_POLICY,
      access: await testAccess(realm, {}, policy),
      host: '127.0.0.1',
      port: 0,
    });
  }, 60_000);
  afterAll(async () => {
    await gateway?.close();
    await Promise.all([staffing?.close(), finance?.close().catch(() => undefined), realm?.close()]);
    await proxy?.[Symbol.asyncDispose]();
  });

  it("answers staffing's fields and fails finance's alone, with a code, while finance's database is down; whole again after", async () => {
    const token = await realm.mint({ user: 'db.supervisor', roles: ['supervisor'], region: '320000' });
    const as = caller(gateway.url, token, INSPECTION_PURPOSE);
    const whole = await gql(as, QUERY);
    expect(whole.errors).toBeUndefined();
    await proxy.cut();
    const during = await gql(as, QUERY);
    const nodes = (during.data as { orgs: { nodes: Array<{ name: string; budgets: unknown }> } }).orgs.nodes;
    expect(nodes.map((o) => o.name)).toEqual(
      (whole.data as { orgs: { nodes: Array<{ name: string }> } }).orgs.nodes.map((o) => o.name),
    );
    expect(nodes.map((o) => o.budgets)).toEqual([null, null]);
    expect(
      during.errors?.map((e) => [e.path?.filter((p) => typeof p === 'string').join('.'), e.extensions?.code]),
    ).toEqual([
      ['orgs.nodes.budgets', ErrorCode.SUBGRAPH_UNAVAILABLE],
      ['orgs.nodes.budgets', ErrorCode.SUBGRAPH_UNAVAILABLE],
    ]);
    expect(during.errors?.[0]?.message).toMatch(/database cannot be reached/);
    await proxy.open();
    await waitUntil(10_000, async () => !(await gql(as, QUERY)).errors);
    expect((await gql(as, QUERY)).data).toEqual(whole.data);
  }, 30_000);
});
