/**
 * `npm run grants -- <command>`: cross-region grants (异地监察) from the command line, through a
 * gateway's governance API. The token is GOVGRAPH_TOKEN: a bearer token of someone with the
 * grant-cross-region capability (registry-admin); the gateway is GATEWAY_URL.
 *   grant --grantee U --region R --case C --text T (--days N | --expires ISO)
 *   revoke ID
 *   list [--grantee U] [--all]
 */
import { Command } from 'commander';

import { exitWithError, integerOption } from '../../common/cli';
import { callGateway, print, type Answer } from '../../common/cli-graphql';
import { MAX_GRANT_DAYS } from '../request/grants/region-grants';

function call(query: string, variables: Record<string, unknown> = {}): Promise<Answer> {
  const token = process.env['GOVGRAPH_TOKEN'];
  if (!token)
    throw new Error('set GOVGRAPH_TOKEN to your own bearer token (a role that may grant cross-region access)');
  return callGateway('/governance/graphql', token, query, variables);
}

const GRANT = 'id grantee regionCode caseNumber purposeText grantedBy grantedAt expiresAt revokedBy revokedAt';

const program = new Command('grants').description('cross-region grants (异地监察)');
program
  .command('grant')
  .requiredOption('--grantee <user>', 'the user whose scope widens')
  .requiredOption('--region <code>', 'GB/T 2260 code; the grant covers it and every region below')
  .requiredOption('--case <number>', 'the case number requests must state in x-govgraph-purpose')
  .requiredOption('--text <text>', 'why, in a few words')
  .option('--days <n>', `how long it lasts (1-${MAX_GRANT_DAYS})`, integerOption(1, MAX_GRANT_DAYS, 'days'))
  .option('--expires <time>', 'when it ends, ISO 8601 (instead of --days)')
  .action(
    async (o: { grantee: string; region: string; case: string; text: string; days?: number; expires?: string }) => {
      if ((o.days === undefined) === (o.expires === undefined)) throw new Error('give one of --days or --expires');
      const expiresAt = o.expires ?? new Date(Date.now() + o.days! * 86_400_000).toISOString();
      const input = { grantee: o.grantee, regionCode: o.region, caseNumber: o.case, purposeText: o.text, expiresAt };
      print(
        (await call(`mutation ($input: RegionGrantInput!) { grantCrossRegion(input: $input) { ${GRANT} } }`, { input }))
          .grantCrossRegion,
      );
    },
  );
program.command('revoke <id>').action(async (id: string) =>
  print(
    (
      await call(`mutation ($id: ID!) { revokeRegionGrant(id: $id) { ${GRANT} } }`, {
        id: String(integerOption(1, 2 ** 31 - 1, 'a grant id')(id)),
      })
    ).revokeRegionGrant,
  ),
);
program
  .command('list')
  .option('--grantee <user>')
  .option('--all', 'expired and revoked grants too')
  .action(async (o: { grantee?: string; all?: boolean }) =>
    print(
      (
        await call(`query ($g: String, $all: Boolean) { regionGrants(grantee: $g, all: $all) { ${GRANT} } }`, {
          g: o.grantee ?? null,
          all: Boolean(o.all),
        })
      ).regionGrants,
    ),
  );

program.parseAsync().catch(exitWithError('grants'));
