import { createHash } from 'node:crypto';

import { DEV_PERSON_KEY_SECRET } from '../../common/config';
import type { SubgraphDatabase } from '../../common/database/database';
import type { SubgraphName } from '../../common/subgraph-catalog';
import { generateDataset } from '../../subgraphs/seed/generator';
import { SCALES, type Scale } from '../../subgraphs/seed/scales';
import { DatabaseSink, type Row, type RowSink } from '../../subgraphs/seed/sink';

/**
 * The small dataset of one national node: the generator's smallest shape (one province body, one city,
 * one county, forty people with every planted anomaly), relabelled for the node's region: every region
 * code becomes the node's, and person keys, USCCs and resident ID numbers are made the node's own, so
 * no two nodes share a person or a body.
 */
const NODE_SCALE: Scale = {
  ...SCALES.test,
  cities: 1,
  countiesPerCity: 1,
  provincialBodies: 1,
  bodiesPerCity: 1,
  bodiesPerCounty: 1,
  townshipsPerCounty: 1,
  people: 40,
  workRecords: 160,
  reliefCases: 24,
  auditProjectsPerYear: 1,
};

interface GeneratedRow {
  database: SubgraphName;
  table: string;
  row: Row;
}

/** The generated rows, kept in memory in write order. */
export async function nodeTemplate(): Promise<GeneratedRow[]> {
  const rows: GeneratedRow[] = [];
  const sink: RowSink = {
    counts: {},
    async write(database, table, row) {
      rows.push({ database, table, row });
    },
    async finish() {},
  };
  await generateDataset({ scale: NODE_SCALE, seed: 7, personKeySecret: DEV_PERSON_KEY_SECRET, out: sink });
  return rows;
}

const TEMPLATE_REGIONS = new Set(['320000', '320100', '320102']);
const PERSON_KEY = /^[0-9a-f]{32}$/;
const USCC = /^[0-9A-Z]{2}\d{6}[0-9A-Z]{10}$/;
const RESIDENT_ID = /^\d{17}[\dX]$/;

/** One cell made the node's own. */
function relabel(value: Row[string], region: string): Row[string] {
  if (typeof value !== 'string') return value;
  if (TEMPLATE_REGIONS.has(value)) return region;
  if (PERSON_KEY.test(value)) return createHash('sha256').update(`${region}:${value}`).digest('hex').slice(0, 32);
  if (RESIDENT_ID.test(value) && TEMPLATE_REGIONS.has(value.slice(0, 6))) return region + value.slice(6);
  if (USCC.test(value) && TEMPLATE_REGIONS.has(value.slice(2, 8))) return value.slice(0, 2) + region + value.slice(8);
  return value;
}

/** Writes a system's rows of the template into a node's database, relabelled for its region. */
export async function fillNode(
  template: readonly GeneratedRow[],
  system: SubgraphName,
  region: string,
  database: SubgraphDatabase,
): Promise<void> {
  const runner = database.dataSource.createQueryRunner();
  await runner.connect();
  try {
    const sink = new DatabaseSink(new Map([[system, runner]]));
    let regionWritten = false;
    for (const { database: db, table, row } of template) {
      if (db !== system) continue;
      // The template's three regions are all this node's: one region row, with no parent.
      if (table === 'region') {
        if (regionWritten) continue;
        regionWritten = true;
        await sink.write(db, table, { ...row, code: region, parent_code: null });
        continue;
      }
      await sink.write(
        db,
        table,
        Object.fromEntries(Object.entries(row).map(([column, value]) => [column, relabel(value, region)])),
      );
    }
    await sink.finish();
  } finally {
    await runner.release();
  }
}
