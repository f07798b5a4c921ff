import { isInterfaceType, isIntrospectionType, isObjectType, Kind, parse, type GraphQLSchema } from 'graphql';

import { SHARING_TYPES, type DataResource, type SharingType } from './catalog-model';
import type { Policy } from './policy-model';
import { fieldHolders } from './sdl-fields';

/** The data resources every field of one served schema belongs to. */
export interface SchemaResources {
  /** The resources a read of this field touches: one, or for an interface field every implementation's too; empty = none (denied). */
  of(type: string, field: string): readonly DataResource[];
  /** Resources declared by subgraphs (@dataResource) beside the policy's, by name. */
  declared: Map<string, DataResource>;
  /** Fields no resource covers: denied to everyone until the catalog names them. */
  unassigned: string[];
  /** The catalog's field patterns that name nothing of this schema. */
  unknown: string[];
  /** @dataResource directives that could not be taken (incomplete, unknown terms, a name the policy already uses). */
  problems: string[];
}

const ARGUMENTS = ['name', 'title', 'owner', 'sharing', 'legalBasis', 'updateFrequency', 'contact'] as const;

function stringArguments(directive: { arguments?: readonly { name: { value: string }; value: { kind: string } }[] }) {
  const values: Record<string, string> = {};
  for (const arg of directive.arguments ?? [])
    if (arg.value.kind === Kind.STRING || arg.value.kind === Kind.ENUM)
      values[arg.name.value] = (arg.value as unknown as { value: string }).value;
  return values;
}

/**
 * Resources subgraphs declare in their SDL, for fields the policy's catalog does not name (a partner
 * department's own fields): `@dataResource(name, title, owner, sharing, legalBasis, updateFrequency,
 * contact)` on a type takes that definition's fields; with the name alone, on a type or a field, it puts
 * them in a resource declared elsewhere. The policy's catalog comes first, so an entity's key (or any
 * field) another system's resource names stays that system's. The registry checks that the owner is the
 * registering department.
 */
export function declaredResources(sdls: readonly string[], policy: Policy) {
  const declared = new Map<string, DataResource>();
  const assigned = new Map<string, string>();
  const problems: string[] = [];
  for (const sdl of sdls) {
    if (!sdl.includes('@dataResource')) continue;
    for (const def of fieldHolders(parse(sdl))) {
      const type = def.name.value;
      for (const directive of (def.directives ?? []).filter((d) => d.name.value === 'dataResource')) {
        const values = stringArguments(directive);
        const fields = (def.fields ?? []).map((f) => f.name.value);
        if (values['name'] && Object.keys(values).length === 1) {
          // The name alone: these fields join a resource declared elsewhere.
          for (const f of fields) assigned.set(`${type}.${f}`, values['name']);
          continue;
        }
        const missing = ARGUMENTS.filter((a) => !values[a]);
        if (missing.length) {
          problems.push(`@dataResource on ${type}: missing ${missing.join(', ')}`);
          continue;
        }
        if (!SHARING_TYPES.includes(values['sharing'] as SharingType)) {
          problems.push(`@dataResource on ${type}: sharing must be one of ${SHARING_TYPES.join(', ')}`);
          continue;
        }
        const name = values['name']!;
        if (policy.resources.has(name)) {
          problems.push(`@dataResource on ${type}: ${name} is a resource of the policy's catalog`);
          continue;
        }
        const existing = declared.get(name);
        const resource: DataResource = existing ?? {
          name,
          title: values['title']!,
          system: values['system'] ?? name.split('.')[0]!,
          owner: values['owner']!,
          sharing: values['sharing'] as SharingType,
          legalBasis: values['legalBasis']!,
          updateFrequency: values['updateFrequency']!,
          contact: values['contact']!,
          fields: [],
          openTo: [],
          source: '@dataResource',
        };
        resource.fields.push(...fields.map((f) => `${type}.${f}`));
        declared.set(name, resource);
        for (const f of fields) assigned.set(`${type}.${f}`, name);
      }
      for (const field of def.fields ?? []) {
        const directive = field.directives?.find((d) => d.name.value === 'dataResource');
        if (directive) assigned.set(`${type}.${field.name.value}`, stringArguments(directive)['name'] ?? '');
      }
    }
  }
  return { declared, assigned, problems };
}

/** Puts every field of the schema in its resources: the policy's catalog first (exact, then Type.*), then the SDLs' declarations. */
export function catalogSchema(schema: GraphQLSchema, policy: Policy, sdls: readonly string[]): SchemaResources {
  const exact = new Map<string, DataResource>();
  const wholeType = new Map<string, DataResource>();
  for (const resource of policy.resources.values())
    for (const pattern of resource.fields) {
      const [type, field] = pattern.split('.') as [string, string];
      if (field === '*') wholeType.set(type, resource);
      else exact.set(pattern, resource);
    }
  const fromSdls = declaredResources(sdls, policy);
  const problems = [...fromSdls.problems];
  const byCoordinate = new Map<string, DataResource[]>();
  const unassigned = new Set<string>();
  const used = new Set<string>();
  const objects = Object.values(schema.getTypeMap()).filter((t) => !isIntrospectionType(t));
  for (const type of objects) {
    if (!isObjectType(type) && !isInterfaceType(type)) continue;
    for (const field of Object.keys(type.getFields())) {
      const coordinate = `${type.name}.${field}`;
      const declaredName = fromSdls.assigned.get(coordinate);
      const declared = declaredName
        ? (fromSdls.declared.get(declaredName) ?? policy.resources.get(declaredName))
        : undefined;
      if (declaredName && !declared)
        problems.push(`@dataResource on ${coordinate}: no resource named "${declaredName}"`);
      const resource = exact.get(coordinate) ?? wholeType.get(type.name) ?? declared;
      used.add(exact.has(coordinate) ? coordinate : `${type.name}.*`);
      if (resource) byCoordinate.set(coordinate, [resource]);
      else unassigned.add(coordinate);
    }
  }
  // An @interfaceObject's field lands on every implementation: unassigned there, it takes the interface's resource.
  for (const type of objects) {
    if (!isObjectType(type)) continue;
    for (const field of Object.keys(type.getFields())) {
      const coordinate = `${type.name}.${field}`;
      if (!unassigned.has(coordinate)) continue;
      const inherited = type.getInterfaces().find((i) => byCoordinate.has(`${i.name}.${field}`));
      if (!inherited) continue;
      byCoordinate.set(coordinate, byCoordinate.get(`${inherited.name}.${field}`)!);
      unassigned.delete(coordinate);
    }
  }
  // Reading through an interface touches whichever implementation answers: every one's resource must be shared.
  for (const type of objects) {
    if (!isInterfaceType(type)) continue;
    for (const field of Object.keys(type.getFields())) {
      const all = new Set(byCoordinate.get(`${type.name}.${field}`) ?? []);
      for (const member of schema.getPossibleTypes(type))
        for (const r of byCoordinate.get(`${member.name}.${field}`) ?? []) all.add(r);
      if (!all.size) continue;
      byCoordinate.set(`${type.name}.${field}`, [...all]);
      unassigned.delete(`${type.name}.${field}`);
    }
  }
  return {
    of: (type, field) => byCoordinate.get(`${type}.${field}`) ?? [],
    declared: fromSdls.declared,
    unassigned: [...unassigned].sort(),
    unknown: [...policy.resources.values()].flatMap((r) => r.fields).filter((pattern) => !used.has(pattern)),
    problems,
  };
}
