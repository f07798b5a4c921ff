import { readFileSync } from 'node:fs';

import type { Manifest } from '../../subgraphs/seed/manifest';
import { ANOMALY_KINDS, ANOMALY_RATES, SCALES } from '../../subgraphs/seed/scales';
import { manifestPath } from '../../subgraphs/seed/seed-databases';
import { datasetDatabases } from '../../subgraphs/seed/verify/reference-queries';
import { verifyDataset, type KindVerdict } from '../../subgraphs/seed/verify/verify-dataset';
import { mysqlStorage, testDb } from '../support/env';
import { SqlOracle } from '../support/mysql';

/**
 * The generator's ground truth against the data it loaded: for every anomaly kind, plain SQL over the
 * source databases finds exactly the planted cases, no more and no fewer.
 */
describe('planted anomalies match the ground-truth manifest', () => {
  const sql = new SqlOracle();
  const manifest = JSON.parse(readFileSync(manifestPath(mysqlStorage), 'utf8')) as Manifest;
  let verdicts: Map<string, KindVerdict>;

  beforeAll(async () => {
    const list = await verifyDataset(
      (query, params) => sql.rows(query, params),
      datasetDatabases(mysqlStorage.databasePrefix),
      manifest,
    );
    verdicts = new Map(list.map((v) => [v.kind, v]));
  });
  afterAll(async () => {
    await sql[Symbol.asyncDispose]();
  });

  it('the test dataset has the scale’s row counts', async () => {
    expect(await sql.value(`SELECT COUNT(*) FROM ${testDb('staffing')}.person`)).toBe(SCALES.test.people);
    expect(await sql.value(`SELECT COUNT(*) FROM ${testDb('activity')}.work_record`)).toBe(SCALES.test.workRecords);
    expect(await sql.value(`SELECT COUNT(*) FROM ${testDb('civil_affairs')}.beneficiary`)).toBe(
      SCALES.test.reliefCases,
    );
    for (const [table, count] of Object.entries(manifest.rowCounts)) {
      const [db, name] = table.split('.') as [string, string];
      expect([
        table,
        await sql.value(`SELECT COUNT(*) FROM ${mysqlStorage.databasePrefix}${db.replace('-', '_')}.${name}`),
      ]).toEqual([table, count]);
    }
  });

  it.each(ANOMALY_KINDS)('%s: SQL finds exactly the planted cases', (kind) => {
    const verdict = verdicts.get(kind)!;
    expect(verdict.planted).toBeGreaterThanOrEqual(ANOMALY_RATES[kind].min);
    expect({ missing: verdict.missing, extra: verdict.extra }).toEqual({ missing: [], extra: [] });
    expect(verdict.found).toBe(verdict.planted);
  });

  it('flagged identifiers are exactly the stored ones marked invalid', async () => {
    const keys = (rows: Array<{ k: string }>) => rows.map((r) => r.k).sort();
    const people = await sql.rows<{ k: string }>(
      `SELECT id_number k FROM ${testDb('staffing')}.person WHERE id_number_valid = 0`,
    );
    const members = await sql.rows<{ k: string }>(
      `SELECT id_number k FROM ${testDb('civil_affairs')}.household_member WHERE id_number_valid = 0`,
    );
    expect(keys([...people, ...members])).toEqual(manifest.flagged.INVALID_ID_NUMBER.map((c) => c.idNumber).sort());
    const orgs = await sql.rows<{ k: string }>(`SELECT uscc k FROM ${testDb('staffing')}.org WHERE uscc_valid = 0`);
    expect(keys(orgs)).toEqual(manifest.flagged.INVALID_USCC.map((c) => c.uscc).sort());
  });
});
