import { nodeUrl, startNationalHosts, type NationalHost } from '../../stack/national/national-hosts';
import { asGateway } from '../support/as-gateway';

/**
 * A host process of the national simulation (npm run network -- --scale national): each region's node
 * holds its own data, made that region's own, and answers only calls signed with its own key.
 */
describe('the national simulation: a host of nodes', () => {
  const regions = ['110100', '110101', '110102'];
  let national: Awaited<ReturnType<typeof startNationalHosts>>;
  let host: NationalHost;

  beforeAll(async () => {
    national = await startNationalHosts(regions, { central: true });
    host = national.hosts[0]!;
  }, 180_000);
  afterAll(() => national?.stop());

  /** rollFacts at a URL, signed with the key of `signer` (a node id or a system). */
  async function roll(url: string, signer: string) {
    const body = JSON.stringify({ query: '{ rollFacts }' });
    const headers = asGateway(signer, url, { regions: ['110000'] }).sign(body);
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    const answer = (await response.json()) as { data?: { rollFacts: { columns: string[]; rows: unknown[][] } } };
    return { status: response.status, table: answer.data?.rollFacts };
  }

  it('every node holds the same shape of data, all of its own region, no person shared with another node', async () => {
    const keysOf = new Map<string, string[]>();
    for (const region of regions) {
      const { status, table } = await roll(nodeUrl(host.systems.staffing, region), `staffing@${region}`);
      expect(status).toBe(200);
      const key = table!.columns.indexOf('personKey');
      const regionColumn = table!.columns.indexOf('regionCode');
      expect(new Set(table!.rows.map((r) => r[regionColumn]))).toEqual(new Set([region]));
      keysOf.set(
        region,
        table!.rows.map((r) => String(r[key])),
      );
    }
    const sizes = [...keysOf.values()].map((k) => k.length);
    expect(sizes[0]).toBeGreaterThan(0);
    expect(new Set(sizes).size).toBe(1);
    const all = [...keysOf.values()].flat();
    expect(new Set(all).size).toBe(all.length);
  });

  it("a node refuses a call signed with another node's key; the system's endpoint takes the system's", async () => {
    expect((await roll(nodeUrl(host.systems.staffing, '110101'), 'staffing@110100')).status).toBe(401);
    expect((await roll(nodeUrl(host.systems.staffing, '110101'), 'staffing')).status).toBe(401);
    const central = await roll(host.central.staffing!, 'staffing');
    expect(central.status).toBe(200);
    expect(central.table!.rows.length).toBeGreaterThan(0);
  });
});
