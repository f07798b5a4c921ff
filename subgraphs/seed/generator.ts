import { personKey } from '../../common/person-key';
import { generateAudit } from './generate/audit';
import { datasetRegions, generateBodies } from './generate/bodies';
import type { GenerationContext } from './generate/context';
import { generatePayroll } from './generate/payroll';
import { generatePowerLists } from './generate/powers';
import { generateReimbursements } from './generate/reimbursements';
import { generateRelief } from './generate/relief';
import { generateRoll } from './generate/roll';
import { generateWorkRecords } from './generate/work-records';
import { ResidentIdAllocator } from './id-allocator';
import { emptyManifest, type Manifest } from './manifest';
import { Random } from './random';
import type { Scale } from './scales';
import type { RowSink } from './sink';

export interface GenerateOptions {
  scale: Scale;
  seed: number;
  personKeySecret: string;
  out: RowSink;
}

/**
 * Generates one dataset for all five systems, deterministically from the seed, and returns its
 * ground-truth manifest. Order matters only where one system refers to another's records.
 */
export async function generateDataset(options: GenerateOptions): Promise<Manifest> {
  const { scale, seed, out } = options;
  const manifest = emptyManifest(scale.name, seed);
  const regions = datasetRegions({ scale });
  const counties = regions
    .filter((r) => r.level === 'COUNTY')
    .map((r) => ({ code: r.code, name: r.name, cityCode: r.cityCode }));
  const ctx: GenerationContext = {
    rnd: new Random(seed),
    scale,
    out,
    manifest,
    ids: new ResidentIdAllocator(counties.map((c) => c.code)),
    keyOf: (idNumber) => personKey(options.personKeySecret, idNumber),
    counties,
  };
  const bodies = await generateBodies(ctx);
  await generatePowerLists(ctx, bodies);
  const people = await generateRoll(ctx, bodies);
  await generatePayroll(ctx, people, bodies);
  const reimbursements = await generateReimbursements(ctx, people, bodies);
  await generateWorkRecords(ctx, people, reimbursements);
  await generateRelief(ctx, people);
  await generateAudit(ctx, bodies);
  await out.finish();
  manifest.rowCounts = Object.fromEntries(Object.entries(out.counts).sort(([a], [b]) => a.localeCompare(b)));
  return manifest;
}
