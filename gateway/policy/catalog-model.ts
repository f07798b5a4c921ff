import { z } from 'zod';

/**
 * The data resource catalog (政务信息资源目录): every field belongs to a resource of one system, owned by
 * a department and shared on one of three terms. Kept as data beside the grades (policies/catalog/).
 */
export const SHARING_TYPES = ['unconditional', 'conditional', 'none'] as const;
export type SharingType = (typeof SHARING_TYPES)[number];

/** 无条件共享, 有条件共享, 不予共享: how the catalog and the refusals name each term. */
export const SHARING_LABELS: Record<SharingType, string> = {
  unconditional: '无条件共享 (unconditional)',
  conditional: '有条件共享 (conditional)',
  none: '不予共享 (not shared)',
};

const name = z.string().regex(/^[a-z][a-z0-9-]*$/, 'lower-case words joined by -');
const resourceName = z.string().regex(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/, 'system.resource, lower-case words');
/** Type.field, or Type.* for every field of a type (whichever system adds it: use for types one system defines). */
const fieldPattern = z
  .string()
  .regex(/^[_A-Za-z][_0-9A-Za-z]*\.([_A-Za-z][_0-9A-Za-z]*|\*)$/, 'a field coordinate Type.field, or Type.*');
const text = z.string().trim().min(1);

/** A department's reading by law: the statute, and the sharing terms it opens (never 'unconditional', open anyway). */
const statutory = z.strictObject({ basis: text, sharing: z.array(z.enum(['conditional', 'none'])).min(1) });

export const departmentsSection = z.record(
  name,
  z.strictObject({
    label: text,
    /** Values of a token's `department` claim that name this department. */
    claims: z.array(text).default([]),
    /** Resources this department reads by law whatever their sharing terms (e.g. 监察法, 审计法). */
    statutory: statutory.optional(),
  }),
);

export const resourcesSection = z.record(
  resourceName,
  z.strictObject({
    title: text,
    /** The system (subgraph) whose data it is. */
    system: name,
    /** The owning department (a key of `departments`). */
    owner: name,
    sharing: z.enum(SHARING_TYPES),
    legalBasis: text,
    updateFrequency: text,
    contact: text,
    fields: z.array(fieldPattern).min(1),
    /** Roles that read it by a rule of its own, whatever their department (e.g. 工作记实向所领导的干部公开). */
    openTo: z.array(z.strictObject({ role: name, basis: text })).default([]),
  }),
);

export interface Department {
  name: string;
  label: string;
  claims: string[];
  statutory?: { basis: string; sharing: Array<'conditional' | 'none'> };
}

export interface DataResource {
  name: string;
  title: string;
  system: string;
  owner: string;
  sharing: SharingType;
  legalBasis: string;
  updateFrequency: string;
  contact: string;
  /** Coordinates and Type.* patterns, as written. */
  fields: string[];
  openTo: Array<{ role: string; basis: string }>;
  /** Where it was declared: a policy file, or a subgraph's @dataResource. */
  source: string;
}
