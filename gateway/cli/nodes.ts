/**
 * `npm run nodes -- <command>`: regional nodes (区域节点) from the command line, through a gateway's admin API.
 *   register --system S --region CODE --url U --office O --contact C
 *   list [--system S] [--status STATUS] [--region CODE] | history
 *   approve ID | reject ID --reason TEXT | suspend ID [--reason TEXT] | resume ID | retire ID [--reason TEXT]
 *   signing-key --id ID   the key a node (or a subgraph, by name) checks the gateway's calls with
 * The gateway is GATEWAY_URL (default http://127.0.0.1:4000); the token is REGISTRY_ADMIN_TOKEN (a
 * node-admin's token, or a static admin token).
 */
import { Command } from 'commander';

import { exitWithError } from '../../common/cli';
import { callGateway, print, type Answer } from '../../common/cli-graphql';
import { DEV_SIGNING_SECRET, subgraphSigningKey } from '../../common/gateway-signature';

async function call(query: string, variables: Record<string, unknown> = {}): Promise<Answer> {
  const token = process.env['REGISTRY_ADMIN_TOKEN'];
  if (!token) throw new Error('set REGISTRY_ADMIN_TOKEN to your own admin token');
  return callGateway('/admin/graphql', token, query, variables);
}

const NODE = 'id system regionCode url office contact status schema registeredBy decidedBy changedBy reason';

const program = new Command('nodes').description('the regional nodes of the registered systems');
program
  .command('register')
  .requiredOption('--system <system>', 'the registered subgraph it runs a copy of, e.g. finance')
  .requiredOption('--region <code>', 'GB/T 2260 code of the region it covers, e.g. 320505')
  .requiredOption('--url <url>', 'the node endpoint, e.g. http://10.32.5.5:4002/graphql')
  .requiredOption('--office <office>', 'the office that runs it')
  .requiredOption('--contact <contact>', 'who to call about it')
  .action(async (o: { system: string; region: string; url: string; office: string; contact: string }) =>
    print(
      (
        await call(`mutation ($input: RegisterNodeInput!) { registerNode(input: $input) { ${NODE} } }`, {
          input: { system: o.system, regionCode: o.region, url: o.url, office: o.office, contact: o.contact },
        })
      ).registerNode,
    ),
  );
program
  .command('list')
  .option('--system <system>')
  .option('--status <status>', 'PENDING, ACTIVE, SUSPENDED, REJECTED or RETIRED')
  .option('--region <code>', 'this region and below')
  .action(async (o: { system?: string; status?: string; region?: string }) =>
    print(
      (
        await call(
          `query ($system: String, $status: NodeStatus, $region: String) { regionalNodes(system: $system, status: $status, region: $region) { ${NODE} } }`,
          { system: o.system ?? null, status: o.status ?? null, region: o.region ?? null },
        )
      ).regionalNodes,
    ),
  );
program
  .command('history')
  .action(async () => print((await call('{ nodeEvents(last: 100) { at actor action node detail } }')).nodeEvents));

for (const [command, mutation, needsReason] of [
  ['approve', 'approveNode', false],
  ['reject', 'rejectNode', true],
  ['suspend', 'suspendNode', false],
  ['resume', 'resumeNode', false],
  ['retire', 'retireNode', false],
] as const) {
  const sub = program.command(`${command} <id>`);
  (needsReason ? sub.requiredOption('--reason <text>') : sub.option('--reason <text>')).action(
    async (id: string, o: { reason?: string }) =>
      print(
        (
          await call(`mutation ($id: ID!, $reason: String) { ${mutation}(id: $id, reason: $reason) { ${NODE} } }`, {
            id,
            reason: o.reason ?? null,
          })
        )[mutation],
      ),
  );
}

program
  .command('signing-key')
  .requiredOption('--id <id>', 'a node (system@region) or a subgraph name')
  .description("prints the node's key (base64) for its SUBGRAPH_SIGNING_KEY, derived from GATEWAY_SIGNING_SECRET")
  .action((o: { id: string }) => {
    const secret = process.env['GATEWAY_SIGNING_SECRET'] || DEV_SIGNING_SECRET;
    if (secret === DEV_SIGNING_SECRET)
      process.stderr.write('warning: GATEWAY_SIGNING_SECRET is not set: this is the development key\n');
    process.stdout.write(`${subgraphSigningKey(secret, o.id).toString('base64')}\n`);
  });

program.parseAsync().catch(exitWithError('nodes'));
