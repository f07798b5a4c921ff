import { Kind, parse, valueFromASTUntyped, type ConstDirectiveNode, type DocumentNode } from 'graphql';

import type { CostSettings, ListSizeRule } from '../../policy/policy-model';

/** What the cost of an operation is weighed by: @cost and @listSize from the SDLs, then policy for the rest. */
export interface CostModel {
  settings: CostSettings;
  /** @cost(weight:) on a field ("Type.field"), an argument ("Type.field(arg)") or a type ("Type"). */
  weights: ReadonlyMap<string, number>;
  /** @listSize by field coordinate. */
  listSizes: ReadonlyMap<string, ListSizeRule>;
}

type Directives = readonly ConstDirectiveNode[] | undefined;

function directiveArgs(directives: Directives, name: string): Record<string, unknown> | null {
  // Composition may prefix spec directives (cost__cost); subgraphs import them by their own names.
  const found = directives?.find((d) => d.name.value === name || d.name.value.endsWith(`__${name}`));
  if (!found) return null;
  return Object.fromEntries((found.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value)]));
}

function readSdl(doc: DocumentNode, weights: Map<string, number>, listSizes: Map<string, ListSizeRule>): void {
  for (const def of doc.definitions) {
    if (!('name' in def) || !def.name || !('directives' in def)) continue;
    const type = def.name.value;
    const typeCost = directiveArgs(def.directives as Directives, 'cost');
    if (typeCost && typeof typeCost.weight === 'number') weights.set(type, typeCost.weight);
    if (
      !('fields' in def) ||
      def.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION ||
      def.kind === Kind.INPUT_OBJECT_TYPE_EXTENSION
    )
      continue;
    for (const field of def.fields ?? []) {
      if (!('arguments' in field)) continue;
      const coordinate = `${type}.${field.name.value}`;
      const cost = directiveArgs(field.directives, 'cost');
      if (cost && typeof cost.weight === 'number') weights.set(coordinate, cost.weight);
      const size = directiveArgs(field.directives, 'listSize');
      if (size) listSizes.set(coordinate, size as ListSizeRule);
      for (const arg of field.arguments ?? []) {
        const argCost = directiveArgs(arg.directives, 'cost');
        if (argCost && typeof argCost.weight === 'number')
          weights.set(`${coordinate}(${arg.name.value})`, argCost.weight);
      }
    }
  }
}

/**
 * The cost model of a composition: every @cost and @listSize its SDLs declare (the supergraph keeps
 * them from the Federation subgraphs), with the policy's own rules for the fields no SDL annotates.
 */
export function costModelFrom(sdls: readonly string[], settings: CostSettings): CostModel {
  const weights = new Map<string, number>(Object.entries(settings.weights));
  const listSizes = new Map<string, ListSizeRule>(Object.entries(settings.listSizes));
  for (const sdl of sdls) readSdl(parse(sdl), weights, listSizes);
  return { settings, weights, listSizes };
}
