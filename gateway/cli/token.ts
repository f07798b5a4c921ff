/**
 * `npm run token -- --user U --roles r1,r2 --region 320500 [--clearance SENSITIVE] [--ttl 1h]
 *  [--person-key K --unit USCC]`: prints a
 * Keycloak-shaped bearer token signed by the dev realm's key, for the gateway's dev realm
 * (AUTH_DEV_REALM=true, as `npm start` runs it). `--rotate RS256|ES256` adds a new signing key instead.
 */
import { join } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';

import { exitWithError } from '../../common/cli';
import { loadStorageConfig } from '../../common/config';
import { loadAccessConfig } from '../config/access-config';
import { gatewayOrigin } from '../config/gateway-access';
import { loadGatewayConfig } from '../config/gateway-config';
import { DevKeyStore, type DevAlgorithm } from '../endpoints/dev-realm/dev-keys';
import { mintDevToken } from '../endpoints/dev-realm/mint-token';
import { LEVELS } from '../policy/levels';
import { realmIssuer } from '../request/auth/keycloak-verifier';

function ttlOption(value: string): number {
  const match = /^(\d+)([smhd]?)$/.exec(value);
  if (!match) throw new InvalidArgumentError('a duration like 90s, 30m, 1h or 2d');
  const seconds = Number(match[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86_400 }[match[2] as '' | 's' | 'm' | 'h' | 'd'];
  if (seconds < 1 || seconds > 30 * 86_400) throw new InvalidArgumentError('between 1 second and 30 days');
  return seconds;
}

function regionOption(value: string): string {
  if (!/^\d{6}$/.test(value)) throw new InvalidArgumentError('a 6-digit GB/T 2260 code, e.g. 320500');
  return value;
}

async function main(): Promise<void> {
  const program = new Command('token')
    .option('--user <name>', 'preferred_username')
    .option(
      '--roles <list>',
      'comma-separated realm roles, e.g. auditor,supervisor',
      (v) =>
        v
          .split(',')
          .map((r) => r.trim())
          .filter(Boolean),
      [] as string[],
    )
    .option('--region <code>', 'region claim (GB/T 2260): rows of this region and below', regionOption)
    .option('--department <name>', 'department claim')
    .option('--person-key <key>', "person_key claim: the holder's person key (a relationship role such as cadre)")
    .option('--unit <uscc>', 'unit claim: USCC of the body the holder serves in (a relationship role such as cadre)')
    .addOption(new Option('--clearance <level>', 'lower the clearance the roles give').choices(LEVELS))
    .option('--ttl <duration>', 'lifetime, e.g. 30m, 1h', ttlOption, 3600)
    .addOption(new Option('--alg <alg>', 'signing algorithm').choices(['RS256', 'ES256']).default('RS256'))
    .addOption(
      new Option('--rotate <alg>', 'add a new signing key for this algorithm and exit').choices(['RS256', 'ES256']),
    )
    .option('--retire <kid>', 'stop publishing an old key (its tokens stop verifying) and exit')
    .parse();
  const opts = program.opts<{
    user?: string;
    roles: string[];
    region?: string;
    department?: string;
    personKey?: string;
    unit?: string;
    clearance?: string;
    ttl: number;
    alg: DevAlgorithm;
    rotate?: DevAlgorithm;
    retire?: string;
  }>();

  const access = loadAccessConfig();
  if (access.production) throw new Error('the dev realm does not exist in production (NODE_ENV=production)');
  const keys = new DevKeyStore(access.devRealm.keysDir ?? join(loadStorageConfig().dataDir, 'dev-realm'));
  if (opts.rotate) {
    const key = await keys.rotate(opts.rotate);
    process.stdout.write(`new ${key.alg} signing key ${key.kid}\n`);
    return;
  }
  if (opts.retire) {
    const key = await keys.retire(opts.retire);
    process.stdout.write(`${key.alg} key ${key.kid} no longer published\n`);
    return;
  }
  if (!opts.user) throw new Error('--user is required');
  if (!opts.roles.length) throw new Error('--roles is required (e.g. --roles auditor)');
  const gateway = loadGatewayConfig();
  const url = access.keycloak.url ?? gatewayOrigin(gateway.host, gateway.port);
  const token = await mintDevToken(
    keys,
    { issuer: realmIssuer(url, access.keycloak.realm), clientId: access.keycloak.clientId },
    {
      user: opts.user,
      roles: opts.roles,
      ...(opts.region ? { region: opts.region } : {}),
      ...(opts.department ? { department: opts.department } : {}),
      ...(opts.personKey ? { personKey: opts.personKey } : {}),
      ...(opts.unit ? { unit: opts.unit } : {}),
      ...(opts.clearance ? { clearance: opts.clearance } : {}),
      ttlSeconds: opts.ttl,
      alg: opts.alg,
    },
  );
  process.stdout.write(`${token}\n`);
}

main().catch(exitWithError('token'));
