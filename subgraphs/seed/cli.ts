/**
 * `npm run seed -- --scale test|demo|province [--seed N]`: replaces the five subgraph databases
 * (DATABASE_URL, or the embedded files in DATA_DIR) with a generated dataset and its ground truth.
 */
import 'reflect-metadata';

import { Presets, SingleBar } from 'cli-progress';
import { Command, Option } from 'commander';

import { exitWithError, integerOption } from '../../common/cli';
import { loadStorageConfig } from '../../common/config';
import { ANOMALY_KINDS, SCALE_NAMES, type ScaleName } from './scales';
import { expectedRows, seedDatabases } from './seed-databases';

async function main(): Promise<void> {
  const program = new Command('seed')
    .addOption(new Option('--scale <scale>', 'dataset size').choices(SCALE_NAMES).makeOptionMandatory())
    .option('--seed <n>', 'random seed; the same seed gives the same data', integerOption(0, 0xffffffff, 'a seed'), 1)
    .option('--quiet', 'no progress bar')
    .parse();
  const opts = program.opts<{ scale: ScaleName; seed: number; quiet?: boolean }>();
  const storage = loadStorageConfig();
  const bar = new SingleBar(
    { format: 'seeding {bar} {percentage}% | {value}/{total} rows | {duration_formatted}', noTTYOutput: false },
    Presets.shades_classic,
  );
  const started = Date.now();
  if (!opts.quiet) bar.start(expectedRows(opts.scale), 0);
  const { manifest, file } = await seedDatabases(storage, {
    scale: opts.scale,
    seed: opts.seed,
    onRows: (n) => {
      if (!opts.quiet) bar.increment(n);
    },
  });
  if (!opts.quiet) {
    bar.setTotal(Object.values(manifest.rowCounts).reduce((a, b) => a + b, 0));
    bar.stop();
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const lines = [
    `seeded ${opts.scale} (seed ${opts.seed}) into ${storage.databaseUrl ? 'MySQL' : `embedded files in ${storage.dataDir}`} in ${seconds} s`,
    ...Object.entries(manifest.rowCounts).map(([table, n]) => `  ${table.padEnd(36)} ${n}`),
    'planted anomalies:',
    ...ANOMALY_KINDS.map((kind) => `  ${kind.padEnd(36)} ${manifest.anomalies[kind].length}`),
    `ground truth: ${file}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch(exitWithError('seed failed'));
