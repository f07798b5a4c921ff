/** `npm run bench`: every benchmark, one after another; prints Markdown and writes JSON to bench/results/. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runRegistryScale } from './registry-scale';

async function main(): Promise<void> {
  const started = new Date().toISOString();
  const rounds: Array<Record<string, number>> = [];
  for (let round = 1; round <= 2; round++) rounds.push(await runRegistryScale());
  const keys = Object.keys(rounds[0]!);
  const lines = [
    `## Registry at scale (${rounds[0]!['subgraphs']} subgraphs, two gateway instances over Redis), ${started}`,
    '',
    `| measure | ${rounds.map((_, i) => `round ${i + 1}`).join(' | ')} |`,
    `| --- | ${rounds.map(() => '---').join(' | ')} |`,
    ...keys.map((k) => `| ${k} | ${rounds.map((r) => r[k]!.toFixed(k === 'subgraphs' ? 0 : 1)).join(' | ')} |`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'registry-scale.json'), JSON.stringify({ started, rounds }, null, 2));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
