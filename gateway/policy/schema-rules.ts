import {
  getNamedType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isScalarType,
  type GraphQLField,
  type GraphQLSchema,
} from 'graphql';

import { classifiedFields } from './classified-directive';
import { clears, levelRank, LEVELS, maxLevel, type Level } from './levels';
import type { MaskKind } from './mask-kinds';
import type { FieldRule, Policy } from './policy-model';
import { catalogSchema, type SchemaResources } from './schema-resources';

/** The rule of every field of one served schema: policy first, then @classified in the SDLs, else RESTRICTED. */
export interface SchemaRules {
  rule(type: string, field: string): FieldRule;
  /** Fields that no policy file and no @classified directive grades (served as RESTRICTED). */
  ungraded: string[];
  /** Policy coordinates that name no field of this schema. */
  unknown: string[];
  /** Each field's data resources (the catalog's sharing terms). */
  catalog: SchemaResources;
}

const UNGRADED: Omit<FieldRule, 'source'> = { level: 'RESTRICTED', masks: {}, purpose: false };

/** Every field of the schema's object and interface types, by coordinate. */
export function schemaFields(
  schema: GraphQLSchema,
): Map<string, { type: string; field: GraphQLField<unknown, unknown> }> {
  const fields = new Map<string, { type: string; field: GraphQLField<unknown, unknown> }>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type) || !(isObjectType(type) || isInterfaceType(type))) continue;
    for (const field of Object.values(type.getFields()))
      fields.set(`${type.name}.${field.name}`, { type: type.name, field });
  }
  return fields;
}

/**
 * Grades a served schema. An interface field is graded at least as high as the same field of any type
 * implementing it, so that selecting through the interface never reveals more than the type would.
 * Throws when a mask is put on a field whose type cannot hold a masked value (masks produce strings).
 */
export function gradeSchema(schema: GraphQLSchema, policy: Policy, sdls: readonly string[]): SchemaRules {
  const classified = new Map<string, Level>();
  for (const sdl of sdls)
    for (const [coordinate, level] of classifiedFields(sdl).grades)
      classified.set(coordinate, maxLevel(classified.get(coordinate) ?? level, level));

  const fields = schemaFields(schema);
  const rules = new Map<string, FieldRule>();
  const ungraded = new Set<string>();
  const problems: string[] = [];
  for (const [coordinate, { field }] of fields) {
    const fromPolicy = policy.fields.get(coordinate);
    const fromSdl = classified.get(coordinate);
    const rule: FieldRule =
      fromPolicy ??
      (fromSdl
        ? { level: fromSdl, masks: {}, purpose: false, source: '@classified' }
        : { ...UNGRADED, source: 'ungraded' });
    if (!fromPolicy && !fromSdl) ungraded.add(coordinate);
    const named = getNamedType(field.type);
    if (Object.keys(rule.masks).length && !(isScalarType(named) && (named.name === 'String' || named.name === 'ID'))) {
      problems.push(
        `${rule.source}: fields.${coordinate}.masks: masks apply to String or ID fields only, this one is ${String(field.type)}`,
      );
    }
    rules.set(coordinate, rule);
  }
  if (problems.length) throw new Error(problems.join('\n'));

  // A field an @interfaceObject subgraph adds to every implementation is graded where it is defined: on the interface.
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || isIntrospectionType(type)) continue;
    for (const name of Object.keys(type.getFields())) {
      const coordinate = `${type.name}.${name}`;
      if (!ungraded.has(coordinate)) continue;
      const inherited = type
        .getInterfaces()
        .map((i) => `${i.name}.${name}`)
        .find((c) => !ungraded.has(c) && rules.has(c));
      if (!inherited) continue;
      rules.set(coordinate, { ...rules.get(inherited)!, source: `${rules.get(inherited)!.source} (via ${inherited})` });
      ungraded.delete(coordinate);
    }
  }
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isInterfaceType(type) || isIntrospectionType(type)) continue;
    for (const name of Object.keys(type.getFields())) {
      const coordinate = `${type.name}.${name}`;
      const members = schema
        .getPossibleTypes(type)
        .map((t) => rules.get(`${t.name}.${name}`))
        .filter((r) => r !== undefined);
      rules.set(coordinate, strictest(rules.get(coordinate)!, members));
    }
  }
  const unknown = [...policy.fields.keys()].filter((coordinate) => !fields.has(coordinate));
  return {
    rule: (type, field) => rules.get(`${type}.${field}`) ?? { ...UNGRADED, source: 'ungraded' },
    ungraded: [...ungraded],
    unknown,
    catalog: catalogSchema(schema, policy, sdls),
  };
}

/**
 * An interface field's rule: no clearance may read through the interface more than it may read of any
 * implementing type. The highest level, a purpose if any needs one, and at each clearance below that
 * level a mask only where every rule agrees on it (or reads in clear); where they disagree, the mask
 * agreed for a lower clearance, else none (denied).
 */
function strictest(own: FieldRule, members: readonly FieldRule[]): FieldRule {
  const all = [own, ...members];
  const level = all.reduce<Level>((highest, r) => maxLevel(highest, r.level), own.level);
  const masks: FieldRule['masks'] = {};
  for (const clearance of LEVELS) {
    if (clears(clearance, level)) break;
    const outcomes = new Set(
      all.map((r) => (clears(clearance, r.level) ? 'clear' : (maskFor(r, clearance) ?? 'denied'))),
    );
    outcomes.delete('clear');
    const [only] = outcomes;
    if (outcomes.size === 1 && only !== 'denied') masks[clearance] = only as MaskKind;
  }
  return { ...own, level, masks, purpose: all.some((r) => r.purpose) };
}

/** The mask for the highest clearance at or below the caller's that the rule names. */
export function maskFor(rule: FieldRule, clearance: Level): MaskKind | undefined {
  let best: { rank: number; mask: MaskKind } | undefined;
  for (const [level, mask] of Object.entries(rule.masks) as Array<[Level, MaskKind]>) {
    const rank = levelRank(level);
    if (rank <= levelRank(clearance) && (!best || rank > best.rank)) best = { rank, mask };
  }
  return best?.mask;
}

/** Whether a caller of this clearance gets the field at all: in clear, or masked. */
export const readableAt = (rule: FieldRule, clearance: Level): boolean =>
  levelRank(rule.level) <= levelRank(clearance) || maskFor(rule, clearance) !== undefined;
