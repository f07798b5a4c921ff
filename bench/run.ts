/**
 * `npm run bench [-- name ...]`: the benchmarks (all, or those named), one after another; prints
 * Markdown and writes JSON to bench/results/. Never part of `npm test`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { accessCostMarkdown, runAccessCost } from './access-cost';
import { nationalSummaryMarkdown, runNationalSummary } from './network/national-summary';
import { networkMarkdown, runNetworkBench } from './network/network-bench';
import { networkSupervisionMarkdown, runNetworkSupervisionBench } from './network/network-supervision';
import { peerBenchMarkdown, runPeerBench } from './peers/peer-bench';
import { runRegistryScale } from './registry-scale';
import { runSoak, soakMarkdown } from './soak';
import { runSupervisionScale, supervisionScaleMarkdown } from './supervision/supervision-scale';

async function registryScale(started: string) {
  const rounds: Array<Record<string, number>> = [];
  for (let round = 1; round <= 2; round++) rounds.push(await runRegistryScale());
  const keys = Object.keys(rounds[0]!);
  const markdown = [
    `## Registry at scale (${rounds[0]!['subgraphs']} subgraphs, two gateway instances over Redis), ${started}`,
    '',
    `| measure | ${rounds.map((_, i) => `round ${i + 1}`).join(' | ')} |`,
    `| --- | ${rounds.map(() => '---').join(' | ')} |`,
    ...keys.map((k) => `| ${k} | ${rounds.map((r) => r[k]!.toFixed(k === 'subgraphs' ? 0 : 1)).join(' | ')} |`),
  ].join('\n');
  return { markdown, json: { started, rounds } };
}

async function accessCost(started: string) {
  const report = await runAccessCost();
  return { markdown: accessCostMarkdown(report, started), json: { started, ...report } };
}

async function supervision(started: string) {
  const report = await runSupervisionScale();
  return { markdown: supervisionScaleMarkdown(report, started), json: { started, ...report } };
}

async function peers(started: string) {
  const report = await runPeerBench();
  return {
    markdown: await peerBenchMarkdown(report, started, join(__dirname, 'results')),
    json: { started, ...report },
  };
}

async function network(started: string) {
  const report = await runNetworkBench();
  return { markdown: networkMarkdown(report, started), json: { started, ...report } };
}

async function networkSupervision(started: string) {
  const report = await runNetworkSupervisionBench();
  return { markdown: networkSupervisionMarkdown(report, started), json: { started, ...report } };
}

async function national(started: string) {
  const report = await runNationalSummary();
  return { markdown: nationalSummaryMarkdown(report, started), json: { started, ...report } };
}

async function soak(started: string) {
  const report = await runSoak();
  return { markdown: soakMarkdown(report, started), json: { started, ...report } };
}

/** Run by name: `npm run bench` alone runs all but the soak (ten minutes of its own). */
const BENCHMARKS = {
  peers,
  'access-cost': accessCost,
  'registry-scale': registryScale,
  supervision,
  network,
  'network-supervision': networkSupervision,
  national,
  soak,
} as const;
const BY_DEFAULT: ReadonlyArray<keyof typeof BENCHMARKS> = [
  'peers',
  'access-cost',
  'registry-scale',
  'supervision',
  'network',
  'network-supervision',
  'national',
];

async function main(): Promise<void> {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((name) => !(name in BENCHMARKS));
  if (unknown.length)
    throw new Error(`unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(BENCHMARKS).join(', ')}`);
  const names = (asked.length ? asked : BY_DEFAULT) as Array<keyof typeof BENCHMARKS>;
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  for (const name of names) {
    const { markdown, json } = await BENCHMARKS[name](new Date().toISOString());
    process.stdout.write(`${markdown}\n\n`);
    writeFileSync(join(dir, `${name}.json`), JSON.stringify(json, null, 2));
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
