/**
 * `npm run sharing -- <command>`: sharing requests and agreements (共享申请与协议) through a gateway's
 * governance API. The token is GOVGRAPH_TOKEN: a data steward's (role data-steward, its department in
 * the token); the gateway is GATEWAY_URL.
 *   request --resources R[,R] --purpose KIND --basis TEXT --region CODE --roles ROLE[,ROLE] --ends YYYY-MM-DD --reads N [--starts YYYY-MM-DD]
 *   list [--state REQUESTED|REJECTED|ACTIVE|SUSPENDED|REVOKED]
 *   approve ID [--reason T] | reject ID --reason T | suspend ID --reason T | resume ID [--reason T] | revoke ID --reason T
 *   usage ID [--recent N]
 */
import { Command } from 'commander';

import { exitWithError, integerOption } from '../../common/cli';
import { callGateway, print, type Answer } from '../../common/cli-graphql';

function call(query: string, variables: Record<string, unknown> = {}): Promise<Answer> {
  const token = process.env['GOVGRAPH_TOKEN'];
  if (!token) throw new Error("set GOVGRAPH_TOKEN to your own bearer token (a data steward's, naming your department)");
  return callGateway('/governance/graphql', token, query, variables);
}

const AGREEMENT =
  'id state inForce requester { name } owner { name } resources purposeKind legalBasis regionCode roles startsOn endsOn expectedReads requestedBy requestedAt decidedBy decidedAt changedBy changedAt reason';
const list = (value: string) =>
  value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
const anId = (value: string) => String(integerOption(1, 2 ** 31 - 1, 'an agreement id')(value));

const program = new Command('sharing').description('data sharing requests and agreements (共享申请与协议)');
program
  .command('request')
  .requiredOption('--resources <names>', 'conditional resources of one owner, comma-separated (see dataResources)')
  .requiredOption('--purpose <kind>', 'the use: a purpose kind of policies/purposes.yaml')
  .requiredOption('--basis <text>', 'the legal basis')
  .requiredOption('--region <code>', 'GB/T 2260 code the requests under it stay within')
  .requiredOption('--roles <roles>', 'roles of your department that will read, comma-separated')
  .option('--starts <date>', 'first day, YYYY-MM-DD (default today)')
  .requiredOption('--ends <date>', 'last day, YYYY-MM-DD (at most a year on)')
  .requiredOption('--reads <n>', 'reads expected over its life', integerOption(1, 1e9, 'reads'))
  .action(
    async (o: {
      resources: string;
      purpose: string;
      basis: string;
      region: string;
      roles: string;
      starts?: string;
      ends: string;
      reads: number;
    }) => {
      const input = {
        resources: list(o.resources),
        purposeKind: o.purpose,
        legalBasis: o.basis,
        regionCode: o.region,
        roles: list(o.roles),
        startsOn: o.starts ?? new Date().toISOString().slice(0, 10),
        endsOn: o.ends,
        expectedReads: o.reads,
      };
      print(
        (
          await call(`mutation ($input: SharingRequestInput!) { fileSharingRequest(input: $input) { ${AGREEMENT} } }`, {
            input,
          })
        ).fileSharingRequest,
      );
    },
  );
program
  .command('list')
  .option('--state <state>')
  .action(async (o: { state?: string }) =>
    print(
      (
        await call(`query ($s: AgreementState) { sharingAgreements(state: $s) { ${AGREEMENT} } }`, {
          s: o.state ?? null,
        })
      ).sharingAgreements,
    ),
  );
for (const [name, mutation, needsReason] of [
  ['approve', 'approveSharingRequest', false],
  ['reject', 'rejectSharingRequest', true],
  ['suspend', 'suspendSharingAgreement', true],
  ['resume', 'resumeSharingAgreement', false],
  ['revoke', 'revokeSharingAgreement', true],
] as const) {
  const command = program.command(`${name} <id>`);
  (needsReason ? command.requiredOption('--reason <text>') : command.option('--reason <text>')).action(
    async (id: string, o: { reason?: string }) =>
      print(
        (
          await call(
            `mutation ($id: ID!, $reason: String${needsReason ? '!' : ''}) { ${mutation}(id: $id, reason: $reason) { ${AGREEMENT} } }`,
            {
              id: anId(id),
              reason: o.reason ?? null,
            },
          )
        )[mutation],
      ),
  );
}
program
  .command('usage <id>')
  .option('--recent <n>', 'latest records to show', integerOption(0, 1000, 'recent'), 20)
  .action(async (id: string, o: { recent: number }) =>
    print(
      (
        await call(
          `query ($id: ID!, $recent: Int) { sharingUsage(id: $id, recent: $recent) {
             agreement { id state inForce expectedReads } reads entities overVolume
             byUser { user reads lastAt } byField { coordinate reads } recent { at user operationName purpose fields } } }`,
          { id: anId(id), recent: o.recent },
        )
      ).sharingUsage,
    ),
  );

program.parseAsync().catch(exitWithError('sharing'));
