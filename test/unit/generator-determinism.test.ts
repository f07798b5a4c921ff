import { DEV_PERSON_KEY_SECRET } from '../../common/config';
import { isValidResidentId } from '../../common/identifiers/resident-id';
import { isValidUscc } from '../../common/identifiers/uscc';
import type { SubgraphName } from '../../common/subgraph-catalog';
import { generateDataset } from '../../subgraphs/seed/generator';
import { ANOMALY_KINDS, ANOMALY_RATES, SCALES } from '../../subgraphs/seed/scales';
import { HashingSink, type Row, type RowSink } from '../../subgraphs/seed/sink';

async function generate(seed: number) {
  const sink = new HashingSink();
  const manifest = await generateDataset({
    scale: SCALES.test,
    seed,
    personKeySecret: DEV_PERSON_KEY_SECRET,
    out: sink,
  });
  return { digest: sink.digest(), manifest };
}

/** Collects the rows of some tables, for checks on their content. */
class CollectingSink implements RowSink {
  readonly counts: Record<string, number> = {};
  readonly rows = new Map<string, Row[]>();
  constructor(private readonly keep: readonly string[]) {}
  async write(database: SubgraphName, table: string, row: Row): Promise<void> {
    const key = `${database}.${table}`;
    this.counts[key] = (this.counts[key] ?? 0) + 1;
    if (this.keep.includes(key)) this.rows.set(key, [...(this.rows.get(key) ?? []), row]);
  }
  async finish(): Promise<void> {}
}

describe('synthetic data generator', () => {
  it('is deterministic: the same seed gives the same rows and ground truth, another seed does not', async () => {
    const a = await generate(11);
    const b = await generate(11);
    const c = await generate(12);
    expect(a.digest).toBe(b.digest);
    expect(a.manifest).toEqual(b.manifest);
    expect(c.digest).not.toBe(a.digest);
  });

  it('has the scale’s head count, work records and relief cases, and plants every anomaly kind', async () => {
    const { manifest } = await generate(3);
    expect(manifest.rowCounts['staffing.person']).toBe(SCALES.test.people);
    expect(manifest.rowCounts['activity.work_record']).toBe(SCALES.test.workRecords);
    expect(manifest.rowCounts['civil-affairs.beneficiary']).toBe(SCALES.test.reliefCases);
    for (const kind of ANOMALY_KINDS)
      expect([kind, manifest.anomalies[kind].length >= ANOMALY_RATES[kind].min]).toEqual([kind, true]);
  });

  it('writes valid identifiers except the flagged ones, with Chinese names', async () => {
    const sink = new CollectingSink(['staffing.person', 'staffing.org', 'civil-affairs.household_member']);
    const manifest = await generateDataset({
      scale: SCALES.test,
      seed: 5,
      personKeySecret: DEV_PERSON_KEY_SECRET,
      out: sink,
    });
    const flaggedIds = new Set(manifest.flagged.INVALID_ID_NUMBER.map((f) => f.idNumber));
    const flaggedUsccs = new Set(manifest.flagged.INVALID_USCC.map((f) => f.uscc));
    expect(flaggedIds.size).toBeGreaterThanOrEqual(2);
    expect(flaggedUsccs.size).toBeGreaterThanOrEqual(1);
    for (const row of [...sink.rows.get('staffing.person')!, ...sink.rows.get('civil-affairs.household_member')!]) {
      const id = String(row['id_number']);
      expect([id, isValidResidentId(id)]).toEqual([id, !flaggedIds.has(id)]);
      expect(row['id_number_valid']).toBe(!flaggedIds.has(id));
      expect(String(row['name'])).toMatch(/^[\u4e00-\u9fa5]{2,3}$/);
    }
    for (const row of sink.rows.get('staffing.org')!) {
      const uscc = String(row['uscc']);
      expect([uscc, isValidUscc(uscc)]).toEqual([uscc, !flaggedUsccs.has(uscc)]);
      expect(uscc.slice(0, 2)).toMatch(/^1[12]$/);
    }
  });

  it('scales to the reference figures of domain.md at province size', () => {
    expect(SCALES.province.people).toBe(143_364);
    expect(SCALES.province.workRecords).toBe(659_785);
    expect(SCALES.province.reliefCases).toBeGreaterThanOrEqual(300_000);
  });
});
