/**
 * `npm run subgraph -- <command>`: the registry from the command line, through a gateway's admin API.
 *   register --name N --url U --department D --contact C [--sdl FILE]
 *   list | history | compositions
 *   approve N --revision R [--force] | approve-owner N --revision R --department D
 *   reject N --revision R --reason TEXT | retire N [--force] | rollback VERSION
 * The gateway is GATEWAY_URL (default http://127.0.0.1:4000); the token is REGISTRY_ADMIN_TOKEN.
 */
import { readFileSync } from 'node:fs';
import { Command } from 'commander';

import { exitWithError, integerOption } from '../../common/cli';
import { callGateway, print, type Answer } from '../../common/cli-graphql';

async function call(query: string, variables: Record<string, unknown> = {}): Promise<Answer> {
  const token = process.env['REGISTRY_ADMIN_TOKEN'];
  if (!token) throw new Error('set REGISTRY_ADMIN_TOKEN to your own admin token');
  return callGateway('/admin/graphql', token, query, variables);
}

const REVISION =
  'name revision status url department registeredBy decidedBy reason findings { check severity message owner }';
const COMPOSITION = 'version live reason createdBy createdAt subgraphs { name revision }';
const revisionOption = integerOption(1, 1_000_000, 'a revision');

const program = new Command('subgraph').description('the govgraph subgraph registry');
program
  .command('register')
  .requiredOption('--name <name>')
  .requiredOption('--url <url>', 'the subgraph endpoint, e.g. http://10.0.0.5:4010/graphql')
  .requiredOption('--department <department>', 'the owning department')
  .requiredOption('--contact <contact>', 'who to call about it')
  .option('--sdl <file>', 'SDL file; without it the service is asked (_service { sdl })')
  .action(async (o: { name: string; url: string; department: string; contact: string; sdl?: string }) => {
    const sdl = o.sdl ? readFileSync(o.sdl, 'utf8') : undefined;
    const data = await call(
      `mutation ($input: RegisterSubgraphInput!) { registerSubgraph(input: $input) { ${REVISION} } }`,
      {
        input: { name: o.name, url: o.url, department: o.department, contact: o.contact, ...(sdl ? { sdl } : {}) },
      },
    );
    print(data.registerSubgraph);
  });
program
  .command('list')
  .action(async () =>
    print((await call('{ subgraphs { name department liveRevision revisions { revision status } } }')).subgraphs),
  );
program
  .command('history')
  .action(async () =>
    print(
      (await call('{ registryEvents(last: 100) { at actor action subgraph revision version detail } }')).registryEvents,
    ),
  );
program
  .command('compositions')
  .action(async () => print((await call(`{ compositions { ${COMPOSITION} } }`)).compositions));
program
  .command('approve <name>')
  .requiredOption('--revision <n>', 'the revision to approve', revisionOption)
  .option('--force', 'go live despite breaking changes')
  .action(async (name: string, o: { revision: number; force?: boolean }) =>
    print(
      (
        await call(
          `mutation ($n: String!, $r: Int!, $f: Boolean) { approveSubgraph(name: $n, revision: $r, force: $f) { ${COMPOSITION} } }`,
          { n: name, r: o.revision, f: Boolean(o.force) },
        )
      ).approveSubgraph,
    ),
  );
program
  .command('approve-owner <name>')
  .requiredOption('--revision <n>', 'the revision', revisionOption)
  .requiredOption('--department <department>', 'the department whose fields it takes over')
  .action(async (name: string, o: { revision: number; department: string }) =>
    print(
      (
        await call(
          `mutation ($n: String!, $r: Int!, $d: String!) { approveOwnership(name: $n, revision: $r, department: $d) { ${REVISION} } }`,
          { n: name, r: o.revision, d: o.department },
        )
      ).approveOwnership,
    ),
  );
program
  .command('reject <name>')
  .requiredOption('--revision <n>', 'the revision', revisionOption)
  .requiredOption('--reason <text>')
  .action(async (name: string, o: { revision: number; reason: string }) =>
    print(
      (
        await call(
          `mutation ($n: String!, $r: Int!, $why: String!) { rejectSubgraph(name: $n, revision: $r, reason: $why) { ${REVISION} } }`,
          { n: name, r: o.revision, why: o.reason },
        )
      ).rejectSubgraph,
    ),
  );
program
  .command('retire <name>')
  .option('--force', 'retire even though clients lose fields')
  .action(async (name: string, o: { force?: boolean }) =>
    print(
      (
        await call(`mutation ($n: String!, $f: Boolean) { retireSubgraph(name: $n, force: $f) { ${COMPOSITION} } }`, {
          n: name,
          f: Boolean(o.force),
        })
      ).retireSubgraph,
    ),
  );
program.command('rollback <version>').action(async (version: string) =>
  print(
    (
      await call(`mutation ($v: Int!) { rollback(version: $v) { ${COMPOSITION} } }`, {
        v: integerOption(1, 1_000_000, 'a version')(version),
      })
    ).rollback,
  ),
);

program.parseAsync().catch(exitWithError('subgraph'));
