import type { Manifest } from '../manifest';
import { ANOMALY_KINDS, type AnomalyKind } from '../scales';
import { manifestKeys, referenceQueries, type DatasetDatabases, type SqlRunner } from './reference-queries';

export interface KindVerdict {
  kind: AnomalyKind;
  planted: number;
  found: number;
  /** Planted but not found by the reference query. */
  missing: string[];
  /** Found but not planted. */
  extra: string[];
  seconds: number;
}

/** Compares the reference SQL answer of every anomaly kind with the manifest: precision and recall 1.0 expected. */
export async function verifyDataset(run: SqlRunner, db: DatasetDatabases, manifest: Manifest): Promise<KindVerdict[]> {
  const queries = referenceQueries(db, manifest.calendar);
  const verdicts: KindVerdict[] = [];
  for (const kind of ANOMALY_KINDS) {
    const started = Date.now();
    const rows = await run(queries[kind].sql, queries[kind].params);
    const found = new Set(rows.map((r) => String(r['k'])));
    const planted = new Set(manifestKeys(manifest, kind));
    verdicts.push({
      kind,
      planted: planted.size,
      found: found.size,
      missing: [...planted].filter((k) => !found.has(k)),
      extra: [...found].filter((k) => !planted.has(k)),
      seconds: (Date.now() - started) / 1000,
    });
  }
  return verdicts;
}
