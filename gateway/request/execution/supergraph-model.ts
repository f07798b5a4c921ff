import { Kind, parse, type SelectionSetNode, type ValueNode } from 'graphql';

/**
 * What the query planner reads from a supergraph's join__ directives, per object type:
 * which subgraphs (join__Graph values) resolve each field, the entity keys each subgraph resolves by,
 * the fields a field @requires, and the fields a field @provides below it.
 */
export interface SupergraphModel {
  /** type → field → graphs that resolve it on their own; null = not planned here (progressive override, context arguments). */
  owners: Map<string, Map<string, ReadonlySet<string> | null>>;
  /** type → graph → key field names (simple, resolvable keys only). */
  keys: Map<string, Map<string, readonly string[]>>;
  /** `type.field` → graph → the fields it @requires (from its own entity). */
  requires: Map<string, Map<string, SelectionSetNode>>;
  /** `type.field` → graph → the fields that graph @provides below it. */
  provides: Map<string, Map<string, SelectionSetNode>>;
  /**
   * Fields being moved by a progressive @override (label "percent(N)"): in N% of requests the
   * overriding graphs resolve them, in the others the original ones. `owners` holds the original.
   */
  progressive: Map<string, { percent: number; overriding: ReadonlySet<string> }>;
  /** interface or union → graph → the object types that graph may answer for it (its members, its implementations). */
  possibleTypes: Map<string, Map<string, ReadonlySet<string>>>;
  /** interface → the graphs that know it only as an object type (@interfaceObject): they answer no concrete type. */
  interfaceObjects: Map<string, ReadonlySet<string>>;
  /**
   * `type.field` of an implementation that no graph resolves on the type itself: an @interfaceObject
   * graph adds it to the interface, and resolves it for an entity of the interface's name.
   */
  viaInterface: Map<string, { interfaceName: string; graphs: ReadonlySet<string> }>;
}

const stringArg = (args: readonly { name: { value: string }; value: ValueNode }[] | undefined, name: string) => {
  const value = args?.find((a) => a.name.value === name)?.value;
  return value?.kind === Kind.STRING || value?.kind === Kind.ENUM ? value.value : undefined;
};

const isTrue = (args: readonly { name: { value: string }; value: ValueNode }[] | undefined, name: string) => {
  const value = args?.find((a) => a.name.value === name)?.value;
  return value?.kind === Kind.BOOLEAN && value.value;
};

/** A field set ("days traveller { grade }") as a selection set. */
export const fieldSet = (fields: string): SelectionSetNode => {
  const operation = parse(`{ ${fields} }`).definitions[0]!;
  return (operation as { selectionSet: SelectionSetNode }).selectionSet;
};

/**
 * Reads the supergraph. A field with @join__field entries belongs to their graphs (not those marking
 * it external, nor a graph it was overridden away from); a field without belongs to every graph of
 * its type; a field whose only entry names no graph comes from an @interfaceObject. Context
 * arguments leave the field to the general path.
 */
export function readSupergraph(supergraphSdl: string): SupergraphModel {
  const possibleTypes = new Map<string, Map<string, Set<string>>>();
  const interfaceObjects = new Map<string, Set<string>>();
  const model: SupergraphModel = {
    owners: new Map(),
    keys: new Map(),
    requires: new Map(),
    provides: new Map(),
    progressive: new Map(),
    possibleTypes,
    interfaceObjects,
    viaInterface: new Map(),
  };
  const interfacesOf = new Map<string, string[]>();
  const graphless: Array<{ type: string; field: string }> = [];
  for (const def of parse(supergraphSdl).definitions) {
    if (def.kind === Kind.UNION_TYPE_DEFINITION) {
      for (const join of def.directives ?? []) {
        const graph = stringArg(join.arguments, 'graph');
        const member = stringArg(join.arguments, 'member');
        if (join.name.value === 'join__unionMember' && graph && member)
          addIn(possibleTypes, def.name.value, graph, member);
      }
      continue;
    }
    if (def.kind !== Kind.OBJECT_TYPE_DEFINITION && def.kind !== Kind.INTERFACE_TYPE_DEFINITION) continue;
    const type = def.name.value;
    const typeJoins = (def.directives ?? []).filter((d) => d.name.value === 'join__type');
    const typeKeys = new Map<string, readonly string[]>();
    for (const join of typeJoins) {
      const graph = stringArg(join.arguments, 'graph');
      const key = stringArg(join.arguments, 'key');
      if (graph && isTrue(join.arguments, 'isInterfaceObject')) addTo(interfaceObjects, type, graph);
      const resolvable = join.arguments?.find((a) => a.name.value === 'resolvable')?.value;
      if (!graph || !key || (resolvable?.kind === Kind.BOOLEAN && !resolvable.value) || typeKeys.has(graph)) continue;
      // Compound keys of plain fields only ("id", "code region"); nested keys take the general path.
      if (/^[_A-Za-z][_0-9A-Za-z]*( +[_A-Za-z][_0-9A-Za-z]*)*$/.test(key.trim()))
        typeKeys.set(graph, key.trim().split(/ +/));
    }
    model.keys.set(type, typeKeys);
    if (def.kind === Kind.OBJECT_TYPE_DEFINITION) {
      interfacesOf.set(
        type,
        (def.interfaces ?? []).map((i) => i.name.value),
      );
      for (const join of def.directives ?? []) {
        const graph = stringArg(join.arguments, 'graph');
        const implemented = stringArg(join.arguments, 'interface');
        if (join.name.value === 'join__implements' && graph && implemented)
          addIn(possibleTypes, implemented, graph, type);
      }
    }
    const typeGraphs = new Set(
      typeJoins.map((d) => stringArg(d.arguments, 'graph')).filter((g): g is string => Boolean(g)),
    );
    const fields = new Map<string, ReadonlySet<string> | null>();
    for (const field of def.fields ?? []) {
      const name = field.name.value;
      const joins = (field.directives ?? []).filter((d) => d.name.value === 'join__field');
      if (!joins.length) {
        fields.set(name, typeGraphs);
        continue;
      }
      if (joins.every((j) => !stringArg(j.arguments, 'graph'))) graphless.push({ type, field: name });
      const unplannable = joins.some((j) => j.arguments?.some((a) => a.name.value === 'contextArguments'));
      const label = joins.map((j) => stringArg(j.arguments, 'overrideLabel')).find(Boolean);
      const graphs = new Set<string>();
      const overriding = new Set<string>();
      for (const join of joins) {
        const graph = stringArg(join.arguments, 'graph');
        if (!graph || isTrue(join.arguments, 'external') || isTrue(join.arguments, 'usedOverridden')) continue;
        // Under a label, the graph that overrides resolves the field only while the label is on.
        if (label && stringArg(join.arguments, 'override') !== undefined) {
          overriding.add(graph);
          continue;
        }
        graphs.add(graph);
        const requires = stringArg(join.arguments, 'requires');
        const provides = stringArg(join.arguments, 'provides');
        if (requires) setIn(model.requires, `${type}.${name}`, graph, fieldSet(requires));
        if (provides) setIn(model.provides, `${type}.${name}`, graph, fieldSet(provides));
      }
      // A label other than percent(N) is off: the gateway has no way to turn it on.
      const percent = label ? Number(/^percent\((\d+(?:\.\d+)?)\)$/.exec(label)?.[1] ?? 0) : 0;
      if (overriding.size && percent > 0) model.progressive.set(`${type}.${name}`, { percent, overriding });
      fields.set(name, unplannable || (!graphs.size && !overriding.size) ? null : graphs);
    }
    model.owners.set(type, fields);
  }
  // An implementation's field that no graph resolves on it: the @interfaceObject graphs that add it to an interface of the type.
  for (const { type, field } of graphless) {
    for (const interfaceName of interfacesOf.get(type) ?? []) {
      const graphs = model.owners.get(interfaceName)?.get(field);
      const objects = model.interfaceObjects.get(interfaceName);
      if (graphs?.size && objects && [...graphs].every((g) => objects.has(g))) {
        model.viaInterface.set(`${type}.${field}`, { interfaceName, graphs });
        model.owners.get(type)!.set(field, new Set());
        break;
      }
    }
  }
  return model;
}

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  map.set(key, (map.get(key) ?? new Set()).add(value));
}

function addIn(map: Map<string, Map<string, Set<string>>>, first: string, second: string, value: string): void {
  let inner = map.get(first);
  if (!inner) map.set(first, (inner = new Map()));
  addTo(inner, second, value);
}

function setIn(
  map: Map<string, Map<string, SelectionSetNode>>,
  coordinate: string,
  graph: string,
  set: SelectionSetNode,
): void {
  let byGraph = map.get(coordinate);
  if (!byGraph) map.set(coordinate, (byGraph = new Map()));
  byGraph.set(graph, set);
}
