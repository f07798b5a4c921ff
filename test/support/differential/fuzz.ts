/**
 * `npm run fuzz -- [--seed N] [--count N] [--fixture 'NAME;NAME']`: the differential test of
 * test/integration/federation/differential.test.ts, for longer and with any seed. The operations are
 * split evenly over the Federation fixtures (or run on one); each is answered by govgraph's planner,
 * its general path and @apollo/gateway. Prints, per fixture, the planner's share, the differences
 * explained (by reason) and any unexplained one (shrunk to the smallest operation that still shows
 * it); writes bench/results/fuzz.json; exits 1 when something is unexplained.
 */
import 'reflect-metadata';

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';

import { exitWithError, integerOption } from '../../../common/cli';
import { projectRoot } from '../../../common/paths';
import { explainDisagreement } from '../../integration/federation/differential-explanations';
import { FEDERATION_FIXTURES } from '../../integration/federation/fixtures/all-fixtures';
import { runDifferential } from './run-differential';
import { startThreeGateways } from './three-gateways';

/** Operations generated and compared at a time, so that a long run keeps little in memory. */
const CHUNK = 2000;

async function main(): Promise<void> {
  const options = new Command('fuzz')
    .option('--seed <n>', 'seed of the generator (default: random)', integerOption(0, 2 ** 31 - 1, 'seed'))
    .option('--count <n>', 'operations in all', integerOption(1, 10_000_000, 'count'), 10_000)
    .option(
      '--fixture <names>',
      `these fixtures only (separated by ';'; one process runs on one core, so two runs over halves take half the time): ${Object.keys(FEDERATION_FIXTURES).join(', ')}`,
    )
    .parse()
    .opts<{ seed?: number; count: number; fixture?: string }>();
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const names = options.fixture ? options.fixture.split(';').map((n) => n.trim()) : Object.keys(FEDERATION_FIXTURES);
  const unknown = names.filter((n) => !FEDERATION_FIXTURES[n]);
  if (unknown.length) throw new Error(`no fixture ${unknown.map((n) => `"${n}"`).join(', ')}`);
  const started = Date.now();
  const results = [];
  let unexplained = 0;
  for (const [i, name] of names.entries()) {
    const count = Math.floor(options.count / names.length) + (i < options.count % names.length ? 1 : 0);
    await using gateways = await startThreeGateways(FEDERATION_FIXTURES[name]!);
    const total = {
      operations: 0,
      planner: 0,
      general: 0,
      explained: {} as Record<string, number>,
      unexplained: 0,
      examples: [] as unknown[],
    };
    for (let done = 0, chunk = 0; done < count; done += CHUNK, chunk++) {
      const report = await runDifferential(gateways, {
        seed: seed + chunk * 7919 + i,
        count: Math.min(CHUNK, count - done),
        explain: explainDisagreement,
        shrink: 3,
      });
      total.operations += report.operations;
      total.planner += report.paths.planner;
      total.general += report.paths.general;
      for (const [reason, n] of report.explained) total.explained[reason] = (total.explained[reason] ?? 0) + n;
      total.examples.push(
        ...report.disagreements.slice(0, 3).map((d) => ({ between: d.between, ...d.operation, answers: d.answers })),
      );
      total.unexplained += report.disagreements.length;
      unexplained += report.disagreements.length;
    }
    results.push({ fixture: name, ...total });
    const share = total.operations ? ((100 * total.planner) / total.operations).toFixed(1) : '0';
    process.stdout.write(
      `${name}: ${total.operations} operations, planner ${share}% (${total.planner}), general ${total.general}, explained ${Object.values(total.explained).reduce((a, b) => a + b, 0)}, unexplained ${total.unexplained}\n`,
    );
    for (const [reason, n] of Object.entries(total.explained)) process.stdout.write(`    ${n} × ${reason}\n`);
    for (const u of total.examples) process.stdout.write(`    UNEXPLAINED ${JSON.stringify(u)}\n`);
  }
  const operations = results.reduce((a, r) => a + r.operations, 0);
  const planner = results.reduce((a, r) => a + r.planner, 0);
  const summary = {
    seed,
    operations,
    planner,
    general: operations - planner,
    unexplained,
    seconds: Math.round((Date.now() - started) / 1000),
  };
  process.stdout.write(
    `seed ${seed}: ${operations} operations in ${summary.seconds} s; planner ${((100 * planner) / operations).toFixed(1)}%; unexplained differences: ${unexplained}\n`,
  );
  const resultsDir = join(projectRoot, 'bench', 'results');
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(
    join(resultsDir, options.fixture ? `fuzz-${seed}-${names.length}-fixtures.json` : 'fuzz.json'),
    JSON.stringify({ at: new Date().toISOString(), ...summary, fixtures: results }, null, 2),
  );
  process.exit(unexplained ? 1 : 0);
}

main().catch(exitWithError('fuzz failed'));
