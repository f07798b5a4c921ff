import { Kind, parse, type FieldDefinitionNode, type TypeNode } from 'graphql';

const named = (type: TypeNode): string => (type.kind === Kind.NAMED_TYPE ? type.name.value : named(type.type));

/**
 * The root fields whose answer is a connection of rows with a numeric `id` (the graph's keyset
 * pagination, every system ordering such a list by id): their pages over several regional nodes are
 * merged by id, so that they are exactly the pages one system would give.
 */
export function keysetConnections(supergraphSdl: string): Set<string> {
  const fields = new Map<string, FieldDefinitionNode[]>();
  for (const d of parse(supergraphSdl).definitions)
    if (d.kind === Kind.OBJECT_TYPE_DEFINITION || d.kind === Kind.OBJECT_TYPE_EXTENSION)
      fields.set(d.name.value, [...(fields.get(d.name.value) ?? []), ...(d.fields ?? [])]);
  const field = (type: string, name: string) => fields.get(type)?.find((f) => f.name.value === name);
  const out = new Set<string>();
  for (const root of fields.get('Query') ?? []) {
    const nodes = field(named(root.type), 'nodes');
    if (!nodes || nodes.type.kind !== Kind.NON_NULL_TYPE || nodes.type.type.kind !== Kind.LIST_TYPE) continue;
    const id = field(named(nodes.type), 'id');
    if (id?.type.kind === Kind.NON_NULL_TYPE && ['ID', 'Int'].includes(named(id.type))) out.add(root.name.value);
  }
  return out;
}
