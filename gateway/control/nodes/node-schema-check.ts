import { Kind, parse, print, type DocumentNode } from 'graphql';

import { fieldHolders } from '../../policy/sdl-fields';

/** Each field's signature (arguments and type) by coordinate, and each enum's and input's members. */
function signatures(doc: DocumentNode): Map<string, string> {
  const out = new Map<string, string>();
  for (const holder of fieldHolders(doc)) {
    if (holder.name.value.startsWith('_')) continue;
    for (const field of holder.fields ?? []) {
      if (field.name.value.startsWith('_')) continue;
      const args = (field.arguments ?? []).map((a) => `${a.name.value}: ${print(a.type)}`).join(', ');
      out.set(`${holder.name.value}.${field.name.value}`, `(${args}): ${print(field.type)}`);
    }
  }
  for (const def of doc.definitions) {
    if (def.kind === Kind.ENUM_TYPE_DEFINITION)
      for (const value of def.values ?? []) out.set(`${def.name.value}.${value.name.value}`, 'enum value');
    if (def.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION)
      for (const field of def.fields ?? []) out.set(`${def.name.value}.${field.name.value}`, print(field.type));
  }
  return out;
}

export type NodeSchemaVerdict = { schema: 'SAME' | 'NEWER' } | { refused: string };

/**
 * Whether a node serves its system's schema: the same fields, arguments and types (SAME); or all of
 * them unchanged plus some more (NEWER: a node a rollout has reached first; the gateway sends it only
 * what the composed schema has, which it answers as every other node does). Anything else is refused:
 * a node missing or changing a field would answer the graph's queries wrongly.
 */
export function checkNodeSchema(systemSdl: string, servedSdl: string): NodeSchemaVerdict {
  let served: Map<string, string>;
  try {
    served = signatures(parse(servedSdl));
  } catch (error) {
    return { refused: `the node's schema does not parse: ${(error as Error).message}` };
  }
  const expected = signatures(parse(systemSdl));
  const differing: string[] = [];
  for (const [coordinate, signature] of expected) {
    const has = served.get(coordinate);
    if (has === undefined) differing.push(`${coordinate} is missing`);
    else if (has !== signature) differing.push(`${coordinate} is ${has}, not ${signature}`);
  }
  if (differing.length)
    return {
      refused: `the node does not serve the system's schema: ${differing.slice(0, 8).join('; ')}${differing.length > 8 ? ` (${differing.length} in all)` : ''}`,
    };
  return { schema: served.size === expected.size ? 'SAME' : 'NEWER' };
}
