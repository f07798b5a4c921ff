/**
 * `npm run fuzz -- [--seed N] [--count N] [--fixture 'NAME;NAME'] [--jobs N]`: the differential test of
 * test/integration/federation/differential.test.ts, for longer and with any seed. The operations are
 * split evenly over the Federation fixtures (or the ones named); each is answered by govgraph's
 * planner, its general path and @apollo/gateway. Fixtures run in `--jobs` processes at once (default:
 * one per core); a fixture's operations depend only on the seed and its place in the list, so any
 * number of jobs gives the same operations. Prints, per fixture, the planner's share, the differences
 * explained (by reason) and any unexplained one (shrunk to the smallest operation that still shows
 * it); writes bench/results/fuzz-<seed>.json; exits 1 when something is unexplained.
 */
import 'reflect-metadata';

import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
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
const NAMES = Object.keys(FEDERATION_FIXTURES);

interface FixtureResult {
  fixture: string;
  operations: number;
  planner: number;
  general: number;
  explained: Record<string, number>;
  unexplained: number;
  examples: unknown[];
  seconds: number;
}

/** One fixture's share of the run, in this process: its operations come from the seed and its place in NAMES. */
async function fuzzFixture(name: string, count: number, seed: number): Promise<FixtureResult> {
  const started = Date.now();
  const place = NAMES.indexOf(name);
  await using gateways = await startThreeGateways(FEDERATION_FIXTURES[name]!);
  const total: FixtureResult = {
    fixture: name,
    operations: 0,
    planner: 0,
    general: 0,
    explained: {},
    unexplained: 0,
    examples: [],
    seconds: 0,
  };
  for (let done = 0, chunk = 0; done < count; done += CHUNK, chunk++) {
    const report = await runDifferential(gateways, {
      seed: seed + chunk * 7919 + place,
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
  }
  total.seconds = Math.round((Date.now() - started) / 1000);
  return total;
}

/** The same fixture's share in a child process (this script with --fixture and --report), for another core. */
function fuzzInChild(name: string, count: number, seed: number, reportFile: string): Promise<FixtureResult> {
  const args = [...process.execArgv, __filename, '--fixture', name, '--count', String(count), '--seed', String(seed)];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...args, '--report', reportFile], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      try {
        resolve(JSON.parse(readFileSync(reportFile, 'utf8')) as FixtureResult);
      } catch {
        reject(new Error(`the run of fixture "${name}" ended with code ${code} and no report`));
      }
    });
  });
}

function print(result: FixtureResult): void {
  const share = result.operations ? ((100 * result.planner) / result.operations).toFixed(1) : '0';
  const explained = Object.values(result.explained).reduce((a, b) => a + b, 0);
  process.stdout.write(
    `${result.fixture}: ${result.operations} operations in ${result.seconds} s, planner ${share}% (${result.planner}), general ${result.general}, explained ${explained}, unexplained ${result.unexplained}\n`,
  );
  for (const [reason, n] of Object.entries(result.explained)) process.stdout.write(`    ${n} × ${reason}\n`);
  for (const u of result.examples) process.stdout.write(`    UNEXPLAINED ${JSON.stringify(u)}\n`);
}

async function main(): Promise<void> {
  const options = new Command('fuzz')
    .option('--seed <n>', 'seed of the generator (default: random)', integerOption(0, 2 ** 31 - 1, 'seed'))
    .option('--count <n>', 'operations in all', integerOption(1, 10_000_000, 'count'), 10_000)
    .option('--fixture <names>', `these fixtures only (separated by ';'): ${NAMES.join(', ')}`)
    .option('--jobs <n>', 'fixtures run at once, each in its own process', integerOption(1, 64, 'jobs'))
    .option('--report <file>', 'with one fixture: write its result here as JSON (how a job reports back)')
    .parse()
    .opts<{ seed?: number; count: number; fixture?: string; jobs?: number; report?: string }>();
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const names = options.fixture ? options.fixture.split(';').map((n) => n.trim()) : NAMES;
  const unknown = names.filter((n) => !FEDERATION_FIXTURES[n]);
  if (unknown.length) throw new Error(`no fixture ${unknown.map((n) => `"${n}"`).join(', ')}`);
  if (options.report) {
    if (names.length !== 1) throw new Error('--report takes exactly one --fixture');
    writeFileSync(options.report, JSON.stringify(await fuzzFixture(names[0]!, options.count, seed)));
    process.exit(0);
  }
  const started = Date.now();
  const counts = names.map(
    (_, i) => Math.floor(options.count / names.length) + (i < options.count % names.length ? 1 : 0),
  );
  const jobs = Math.min(options.jobs ?? availableParallelism(), names.length);
  const reports = mkdtempSync(join(tmpdir(), 'govgraph-fuzz-'));
  const results: FixtureResult[] = [];
  let next = 0;
  const job = async () => {
    for (let i = next++; i < names.length; i = next++) {
      const result =
        jobs === 1
          ? await fuzzFixture(names[i]!, counts[i]!, seed)
          : await fuzzInChild(names[i]!, counts[i]!, seed, join(reports, `${i}.json`));
      results.push(result);
      print(result);
    }
  };
  try {
    await Promise.all(Array.from({ length: jobs }, job));
  } finally {
    rmSync(reports, { recursive: true, force: true });
  }
  results.sort((a, b) => names.indexOf(a.fixture) - names.indexOf(b.fixture));
  const sum = (pick: (r: FixtureResult) => number) => results.reduce((a, r) => a + pick(r), 0);
  const operations = sum((r) => r.operations);
  const planner = sum((r) => r.planner);
  const unexplained = sum((r) => r.unexplained);
  const summary = {
    seed,
    operations,
    planner,
    general: sum((r) => r.general),
    unexplained,
    jobs,
    seconds: Math.round((Date.now() - started) / 1000),
  };
  process.stdout.write(
    `seed ${seed}: ${operations} operations in ${summary.seconds} s (${jobs} jobs); planner ${((100 * planner) / operations).toFixed(1)}%; unexplained differences: ${unexplained}\n`,
  );
  const resultsDir = join(projectRoot, 'bench', 'results');
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(
    join(resultsDir, `fuzz-${seed}${options.fixture ? `-${names.length}-fixtures` : ''}.json`),
    JSON.stringify({ at: new Date().toISOString(), ...summary, fixtures: results }, null, 2),
  );
  process.exit(unexplained ? 1 : 0);
}

main().catch(exitWithError('fuzz failed'));
