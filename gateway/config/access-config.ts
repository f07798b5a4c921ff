import { join } from 'node:path';
import { z } from 'zod';

import { parseConfig } from '../../common/config';
import { DEV_SIGNING_SECRET } from '../../common/gateway-signature';
import { projectRoot } from '../../common/paths';

/** Development-only pseudonym secret; production configuration must set PSEUDONYM_SECRET. */
export const DEV_PSEUDONYM_SECRET = 'govgraph-dev-pseudonym-secret-not-for-production';
export const DEV_LOG_WRITER_PASSWORD = 'govgraph-dev-log-writer';
export const DEV_CHECKPOINT_SECRET = 'govgraph-dev-checkpoint-secret-not-for-production';

const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const schema = z
  .object({
    /** Policy directory or file (default policies/). */
    policyPath: z.string().min(1).default(join(projectRoot, 'policies')),
    mode: z.enum(['enforce', 'strict', 'dry-run']).default('enforce'),
    pseudonymSecret: z.string().min(16, 'must be at least 16 characters').default(DEV_PSEUDONYM_SECRET),
    pseudonymEpochDays: z.coerce.number().int().min(1).max(3660).default(30),
    /** Secret every subgraph's request-signing key derives from (GATEWAY_SIGNING_SECRET). */
    signingSecret: z.string().min(16, 'must be at least 16 characters').default(DEV_SIGNING_SECRET),
    /** Production option: callers see only the fields they can read in introspection, errors and suggestions. */
    hideAboveClearance: flag.default(false),
    /** How stale this instance's copy of the cross-region grants may get (a grant made elsewhere applies within it). */
    grantRefreshMs: z.coerce.number().int().min(0).max(60_000).default(2000),
    /** Likewise for sharing agreements: an approval, suspension or revocation elsewhere applies within it. */
    agreementRefreshMs: z.coerce.number().int().min(0).max(60_000).default(1000),
    keycloak: z.object({
      /** Keycloak base URL; unset = the dev realm if enabled, else no verifier (every token refused, anonymous only). */
      url: z.url({ protocol: /^https?$/ }).optional(),
      realm: z
        .string()
        .regex(/^[A-Za-z0-9_.-]+$/)
        .default('govgraph'),
      clientId: z.string().min(1).default('govgraph-gateway'),
      /** Accepted audiences (default: the client id). */
      audience: z.array(z.string().min(1)).optional(),
      realmPublicKey: z
        .string()
        .regex(/^[A-Za-z0-9+/=]+$/, 'base64 DER, as the realm page shows it')
        .optional(),
      algorithms: z
        .array(z.enum(['RS256', 'ES256']))
        .min(1)
        .default(['RS256', 'ES256']),
      clockSkewSeconds: z.coerce.number().int().min(0).max(300).default(30),
      minSecondsBetweenCertFetches: z.coerce.number().min(0.001).default(10),
      /** How often the realm's keys are fetched again: a key the realm retires stops verifying within this. */
      keysRefreshSeconds: z.coerce.number().min(0.05).max(86_400).default(60),
    }),
    accessLog: z.object({
      /** The log writer's connection: a user with INSERT and SELECT on access_log only (production: made by the DBA). */
      writerUrl: z
        .string()
        .regex(/^mysql:\/\/\S+$/, 'must look like mysql://user:pass@host:port/govgraph_gateway')
        .optional(),
      /** Password for the writer user the gateway creates itself when no writer URL is given. */
      writerPassword: z.string().min(8).default(DEV_LOG_WRITER_PASSWORD),
      /** Records older than this may be purged (the law asks at least six months). */
      retentionDays: z.coerce
        .number()
        .int()
        .min(180, 'access logs are kept at least 180 days')
        .max(36_600)
        .default(180),
      /** Signs the checkpoint a purge leaves, so the shortened chain still verifies. */
      checkpointSecret: z.string().min(16, 'must be at least 16 characters').default(DEV_CHECKPOINT_SECRET),
    }),
    devRealm: z.object({
      /** Serve the dev realm at the gateway's own address (development only). */
      enabled: flag.default(false),
      keysDir: z.string().min(1).optional(),
    }),
    production: z.boolean(),
  })
  .superRefine((config, ctx) => {
    if (!config.production) return;
    if (config.devRealm.enabled)
      ctx.addIssue({ code: 'custom', path: ['devRealm'], message: 'the dev realm is never on in production' });
    if (config.mode === 'dry-run')
      ctx.addIssue({
        code: 'custom',
        path: ['mode'],
        message: 'dry-run answers everything: not allowed in production',
      });
    if (config.pseudonymSecret === DEV_PSEUDONYM_SECRET)
      ctx.addIssue({ code: 'custom', path: ['pseudonymSecret'], message: 'production needs its own secret' });
    if (!config.accessLog.writerUrl && config.accessLog.writerPassword === DEV_LOG_WRITER_PASSWORD)
      ctx.addIssue({
        code: 'custom',
        path: ['accessLog'],
        message: 'production needs ACCESS_LOG_DATABASE_URL (or its own ACCESS_LOG_WRITER_PASSWORD)',
      });
    if (config.accessLog.checkpointSecret === DEV_CHECKPOINT_SECRET)
      ctx.addIssue({
        code: 'custom',
        path: ['accessLog'],
        message: 'production needs its own ACCESS_LOG_CHECKPOINT_SECRET',
      });
    if (config.signingSecret === DEV_SIGNING_SECRET)
      ctx.addIssue({ code: 'custom', path: ['signingSecret'], message: 'production needs its own secret' });
  });
export type AccessConfig = z.infer<typeof schema>;

const list = (value: string | undefined) =>
  value
    ?.split(',')
    .map((v) => v.trim())
    .filter(Boolean);

/** Access settings from the environment; errors name the variable. NODE_ENV=production refuses dev-only settings. */
export function loadAccessConfig(env: NodeJS.ProcessEnv = process.env): AccessConfig {
  const read = (name: string) => env[name] || undefined;
  return parseConfig(
    schema,
    {
      policyPath: read('POLICY_PATH'),
      mode: read('ACCESS_MODE'),
      pseudonymSecret: read('PSEUDONYM_SECRET'),
      pseudonymEpochDays: read('PSEUDONYM_EPOCH_DAYS'),
      signingSecret: read('GATEWAY_SIGNING_SECRET'),
      grantRefreshMs: read('GRANT_REFRESH_MS'),
      agreementRefreshMs: read('AGREEMENT_REFRESH_MS'),
      hideAboveClearance: read('SCHEMA_HIDE_ABOVE_CLEARANCE'),
      keycloak: {
        url: read('KEYCLOAK_URL'),
        realm: read('KEYCLOAK_REALM'),
        clientId: read('KEYCLOAK_CLIENT_ID'),
        audience: list(read('KEYCLOAK_AUDIENCE')),
        realmPublicKey: read('KEYCLOAK_REALM_PUBLIC_KEY'),
        algorithms: list(read('AUTH_ALGORITHMS')),
        clockSkewSeconds: read('AUTH_CLOCK_SKEW_SECONDS'),
        minSecondsBetweenCertFetches: read('KEYCLOAK_MIN_SECONDS_BETWEEN_CERT_FETCHES'),
        keysRefreshSeconds: read('KEYCLOAK_KEYS_REFRESH_SECONDS'),
      },
      accessLog: {
        writerUrl: read('ACCESS_LOG_DATABASE_URL'),
        writerPassword: read('ACCESS_LOG_WRITER_PASSWORD'),
        retentionDays: read('ACCESS_LOG_RETENTION_DAYS'),
        checkpointSecret: read('ACCESS_LOG_CHECKPOINT_SECRET'),
      },
      devRealm: { enabled: read('AUTH_DEV_REALM'), keysDir: read('DEV_REALM_KEYS_DIR') },
      production: env['NODE_ENV'] === 'production',
    },
    {
      policyPath: 'POLICY_PATH',
      mode: 'ACCESS_MODE',
      pseudonymSecret: 'PSEUDONYM_SECRET',
      pseudonymEpochDays: 'PSEUDONYM_EPOCH_DAYS',
      signingSecret: 'GATEWAY_SIGNING_SECRET',
      grantRefreshMs: 'GRANT_REFRESH_MS',
      agreementRefreshMs: 'AGREEMENT_REFRESH_MS',
      hideAboveClearance: 'SCHEMA_HIDE_ABOVE_CLEARANCE',
      keycloak: 'KEYCLOAK_*',
      devRealm: 'AUTH_DEV_REALM',
      accessLog: 'ACCESS_LOG_*',
    },
  );
}
