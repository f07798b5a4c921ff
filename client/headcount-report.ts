/**
 * Example client: a staffing office's monthly 编制核查 report from the named operation, typed by codegen.
 * `npm run example:headcount -- --token "$TOKEN" --month 2026-06 [--region 320100] [--url http://127.0.0.1:4000/graphql]`
 */
import { Command } from 'commander';

import { exitWithError } from '../common/cli';
import { HeadcountReconciliationDocument, type HeadcountReconciliationQuery } from './generated/operations';
import { execute, type GovgraphEndpoint } from './govgraph-client';

type Reconciliation = NonNullable<HeadcountReconciliationQuery['headcountReconciliation']>;

/** The report's lines: totals, the mismatches by kind, the bodies over establishment or over leader posts. */
export function headcountReport(r: Reconciliation): string[] {
  const lines = [
    `编制核查 ${r.fromMonth}..${r.toMonth}: on roll ${r.onRoll}, paid ${r.paid}, matched ${r.matched} (${((r.matchRate ?? 0) * 100).toFixed(1)}%)`,
    ...(r.summary ?? [])
      .filter((s) => s.people)
      .map(
        (s) =>
          `  ${(s.kind ?? '').padEnd(22)} ${String(s.people).padStart(6)} people  ${s.amount ?? s.amountBand} yuan`,
      ),
  ];
  for (const body of r.bodies?.nodes ?? []) {
    const over = (body.byType ?? []).filter((t) => (t.over ?? 0) > 0).map((t) => `${t.type} ${t.onRoll}/${t.quota}`);
    const leaders = body.leaders?.exceeded ? [`deputies ${body.leaders.deputies}/${body.leaders.deputyPosts}`] : [];
    if (over.length || leaders.length)
      lines.push(`  ${body.org?.name ?? body.org?.uscc}: ${[...over, ...leaders].join(', ')}`);
  }
  return lines;
}

async function main(): Promise<void> {
  const opts = new Command('headcount-report')
    .requiredOption('--token <token>', 'bearer token (npm run token -- ...)')
    .requiredOption('--month <YYYY-MM>', 'payroll month')
    .option('--region <code>', 'a region and below')
    .option('--url <url>', 'the gateway', 'http://127.0.0.1:4000/graphql')
    .parse()
    .opts<{ token: string; month: string; region?: string; url: string }>();
  const endpoint: GovgraphEndpoint = { url: opts.url, token: opts.token };
  const result = await execute(endpoint, HeadcountReconciliationDocument, {
    fromMonth: opts.month,
    regionCode: opts.region ?? null,
    first: 200,
  });
  for (const error of result.errors)
    process.stderr.write(`${error.extensions?.['code'] ?? 'ERROR'}: ${error.message}\n`);
  if (!result.data?.headcountReconciliation) process.exit(1);
  process.stdout.write(`${headcountReport(result.data.headcountReconciliation).join('\n')}\n`);
}

if (require.main === module) main().catch(exitWithError('report failed'));
