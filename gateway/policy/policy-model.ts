import { z } from 'zod';

import { departmentsSection, resourcesSection, type DataResource, type Department } from './catalog-model';
import { LEVELS, type Level } from './levels';
import { MASK_KINDS, type MaskKind } from './mask-kinds';

const level = z.enum(LEVELS);
const name = z.string().regex(/^[a-z][a-z0-9-]*$/, 'lower-case words joined by -');
const graphqlName = z.string().regex(/^[_A-Za-z][_0-9A-Za-z]*$/, 'a GraphQL name');

/** What a role may do besides reading data. */
export const CAPABILITIES = [
  'administer-registry',
  'administer-nodes',
  'grant-cross-region',
  'read-access-log',
  'request-sharing',
  'approve-sharing',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

const fieldRule = z.union([
  level,
  z.strictObject({
    level,
    /** Below the field's level, these clearances see a masked value instead of nothing. */
    masks: z.partialRecord(level, z.enum(MASK_KINDS)).optional(),
    /** Reading this field needs a stated purpose (x-govgraph-purpose), whatever its level. */
    purpose: z.boolean().optional(),
  }),
]);

const limit = z.number().int().min(1);
const queryLimits = z.strictObject({ depth: limit, aliases: limit, rootFields: limit, tokens: limit, cost: limit });
const rate = z.strictObject({ requests: limit, perSeconds: limit });
export type Rate = z.infer<typeof rate>;
const coordinate = z
  .string()
  .regex(/^[_A-Za-z][_0-9A-Za-z]*\.[_A-Za-z][_0-9A-Za-z]*$/, 'a field coordinate, Type.field');

/** @listSize, as policy can state it for a subgraph whose SDL cannot carry it (plain GraphQL, introspected). */
const listSize = z.strictObject({
  assumedSize: z.number().int().min(0).optional(),
  slicingArguments: z.array(graphqlName).min(1).optional(),
  sizedFields: z.array(graphqlName).min(1).optional(),
  requireOneSlicingArgument: z.boolean().optional(),
});
export type ListSizeRule = z.infer<typeof listSize>;

const costSettings = z.strictObject({
  /** Items assumed of a list field without @listSize. */
  defaultListSize: z.number().int().min(0),
  /** Weight of each root mutation field (reads of an object weigh 1). */
  mutationWeight: z.number().int().min(0),
  /** @listSize by coordinate, for fields whose subgraph does not declare it; a subgraph's own @listSize wins. */
  listSizes: z.record(coordinate, listSize).default({}),
  /** @cost(weight:) by coordinate, on the same terms. */
  weights: z.record(coordinate, z.number().int().min(0)).default({}),
});
export type CostSettings = z.infer<typeof costSettings>;

/** When no policy file sets `cost`. */
export const DEFAULT_COST_SETTINGS: CostSettings = {
  defaultListSize: 10,
  mutationWeight: 10,
  listSizes: {},
  weights: {},
};

/** Query limits (see policies/limits.yaml); over one, an operation is refused before anything runs. */
export type QueryLimits = z.infer<typeof queryLimits>;

/** When no policy file sets `limits`. */
export const DEFAULT_QUERY_LIMITS: Policy['limits'] = {
  default: { depth: 15, aliases: 30, rootFields: 10, tokens: 4000, cost: 5000 },
  anonymous: {},
  bodyBytes: 1_000_000,
  batchOperations: 20,
};

export type CachePolicy = { enabled: boolean; ttlSeconds: Record<string, number>; withPurpose: boolean };

/** When no policy file sets `cache`: off. */
export const DEFAULT_CACHE_POLICY: CachePolicy = { enabled: false, ttlSeconds: {}, withPurpose: false };

/** When no policy file sets `rateLimits`. */
export const DEFAULT_RATE_LIMITS: Policy['rateLimits'] = {
  user: { requests: 600, perSeconds: 60 },
  ip: { requests: 3000, perSeconds: 60 },
  anonymous: { requests: 300, perSeconds: 60 },
};

/** One policy file; a policy is the union of its files, each section key defined once. */
export const policyDocument = z.strictObject({
  levels: z.array(z.strictObject({ name: level, label: z.string().min(1) })).optional(),
  roles: z
    .record(
      name,
      z.strictObject({
        description: z.string().optional(),
        clearance: level,
        /** Purpose kinds (keys of `purposes`) whose case numbers this role may state. */
        purposes: z.array(name).default([]),
        can: z.array(z.enum(CAPABILITIES)).default([]),
        /**
         * Which person and transactional rows the role reads: those of its region claim and below
         * (`region`), or those its holder is related to (`relationship`: their own, and the leaders of
         * the body in their `unit` claim), whatever the region.
         */
        rows: z.enum(['region', 'relationship']).default('region'),
        /** This role's own query limits, in place of the defaults. */
        limits: queryLimits.partial().optional(),
        /** The department a holder of this role works for when the token names none (a key of `departments`). */
        department: name.optional(),
      }),
    )
    .optional(),
  limits: z
    .strictObject({
      default: queryLimits,
      anonymous: queryLimits.partial().default({}),
      /** Largest request body, for everyone (it is read before the caller is known). */
      bodyBytes: limit.default(1_000_000),
      /** Most operations in one batched request. */
      batchOperations: limit.default(20),
    })
    .optional(),
  /** The response cache (policies/cache.yaml). */
  cache: z
    .strictObject({
      enabled: z.boolean(),
      /** Seconds an answer may be reused, by type touched; the shortest wins; unlisted types are never cached. */
      ttlSeconds: z.record(graphqlName, z.number().int().min(0)).default({}),
      /** Cache answers to requests that state a purpose too. */
      withPurpose: z.boolean().default(false),
    })
    .optional(),
  /** Requests per caller over time, shared by every gateway instance. */
  rateLimits: z.strictObject({ user: rate, ip: rate, anonymous: rate }).optional(),
  /** How the cost limit weighs an operation (@cost / @listSize semantics). */
  cost: costSettings.optional(),
  purposes: z
    .record(
      name,
      z.strictObject({
        label: z.string().min(1),
        /** Regular expression a case number of this kind matches, e.g. ^JC-\d{4}-\d{4,}$ */
        caseNumber: z
          .string()
          .min(1)
          .refine((source) => {
            try {
              new RegExp(source);
              return true;
            } catch {
              return false;
            }
          }, 'not a valid regular expression'),
      }),
    )
    .optional(),
  /** Reads that need a purpose: every field at these levels (read in clear), plus the fields marked purpose: true. */
  purposeRequired: z.strictObject({ levels: z.array(level).default([]) }).optional(),
  fields: z.record(graphqlName, z.record(graphqlName, fieldRule)).optional(),
  /** Departments, by name (policies/departments.yaml). */
  departments: departmentsSection.optional(),
  /** The data resource catalog (policies/catalog/). */
  resources: resourcesSection.optional(),
});
export type PolicyDocument = z.infer<typeof policyDocument>;

export interface FieldRule {
  level: Level;
  masks: Partial<Record<Level, MaskKind>>;
  purpose: boolean;
  /** Where the grade came from, for reports: a policy file, or a subgraph's @classified directive. */
  source: string;
}

export interface RolePolicy {
  name: string;
  clearance: Level;
  purposes: string[];
  can: Capability[];
  rows: 'region' | 'relationship';
  limits?: Partial<QueryLimits>;
  department?: string;
}

export interface PurposeKind {
  name: string;
  label: string;
  caseNumber: RegExp;
}

/** A validated policy: every section merged from its files. */
export interface Policy {
  levels: Array<{ name: Level; label: string }>;
  roles: Map<string, RolePolicy>;
  purposes: Map<string, PurposeKind>;
  purposeLevels: Set<Level>;
  limits: { default: QueryLimits; anonymous: Partial<QueryLimits>; bodyBytes: number; batchOperations: number };
  /** Per signed-in user, per client address (signed-in callers), per client address (anonymous callers). */
  rateLimits: { user: Rate; ip: Rate; anonymous: Rate };
  cache: CachePolicy;
  cost: CostSettings;
  /** Rules by schema coordinate, "Type.field". */
  fields: Map<string, FieldRule>;
  departments: Map<string, Department>;
  /** The data resource catalog by resource name; resources partner subgraphs declare are added per graph. */
  resources: Map<string, DataResource>;
}
