import { z } from 'zod';

/** Development-only secret for person keys; production config must set PERSON_KEY_SECRET. */
export const DEV_PERSON_KEY_SECRET = 'govgraph-dev-person-key-secret-not-for-production';

const storageSchema = z.object({
  /** mysql://user:pass@host:port for MySQL/MariaDB; unset = embedded SQLite files in dataDir. */
  databaseUrl: z
    .string()
    .regex(/^mysql:\/\/[^\s]+$/, 'must look like mysql://user[:password]@host[:port]')
    .optional(),
  /** Prefix of every database name (default govgraph_); tests use their own. */
  databasePrefix: z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/, 'lower-case letters, digits and _ only')
    .default('govgraph_'),
  /** Folder for embedded SQLite files (default .data). */
  dataDir: z.string().min(1).default('.data'),
  /** Secret of the person-key pseudonym shared by every department (HMAC key). */
  personKeySecret: z.string().min(16, 'must be at least 16 characters').default(DEV_PERSON_KEY_SECRET),
});
export type StorageConfig = z.infer<typeof storageSchema>;

/** Reads storage settings from the environment once; errors name the variable. */
export function loadStorageConfig(env: NodeJS.ProcessEnv = process.env): StorageConfig {
  return parseConfig(
    storageSchema,
    {
      databaseUrl: env['DATABASE_URL'] || undefined,
      databasePrefix: env['DATABASE_PREFIX'] || undefined,
      dataDir: env['DATA_DIR'] || undefined,
      personKeySecret: env['PERSON_KEY_SECRET'] || undefined,
    },
    {
      databaseUrl: 'DATABASE_URL',
      databasePrefix: 'DATABASE_PREFIX',
      dataDir: 'DATA_DIR',
      personKeySecret: 'PERSON_KEY_SECRET',
    },
  );
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses with a zod schema and reports every problem by its environment variable name. */
export function parseConfig<S extends z.ZodType>(
  schema: S,
  raw: unknown,
  envNames: Record<string, string>,
): z.infer<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const key = String(issue.path[0] ?? '');
    return `  ${envNames[key] ?? key}: ${issue.message}`;
  });
  throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
}
