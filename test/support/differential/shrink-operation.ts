import { Kind, parse, print, validate, visit, type ASTNode, type DocumentNode, type GraphQLSchema } from 'graphql';

import type { GeneratedOperation } from './generate-operation';

/** The document without fragments and variables nothing uses any more (validation refuses those). */
function tidy(document: DocumentNode): DocumentNode {
  for (;;) {
    const spread = new Set<string>();
    const used = new Set<string>();
    visit(document, {
      FragmentSpread: (node) => void spread.add(node.name.value),
      Variable: (node, _key, parent) =>
        void ((parent as ASTNode | undefined)?.kind !== Kind.VARIABLE_DEFINITION && used.add(node.name.value)),
    });
    const definitions = document.definitions
      .filter((d) => d.kind !== Kind.FRAGMENT_DEFINITION || spread.has(d.name.value))
      .map((d) =>
        d.kind === Kind.OPERATION_DEFINITION
          ? { ...d, variableDefinitions: d.variableDefinitions?.filter((v) => used.has(v.variable.name.value)) }
          : d,
      );
    const next = { ...document, definitions };
    if (definitions.length === document.definitions.length && print(next) === print(document)) return next;
    document = next;
  }
}

/** Every document with one selection (field, inline fragment or spread) removed, valid ones only. */
function smaller(schema: GraphQLSchema, document: DocumentNode): DocumentNode[] {
  let total = 0;
  visit(document, { SelectionSet: (set) => void (total += set.selections.length) });
  const out: DocumentNode[] = [];
  for (let target = 0; target < total; target++) {
    let index = 0;
    const candidate = tidy(
      visit(document, {
        SelectionSet: {
          leave: (set) => {
            const selections = set.selections.filter(() => index++ !== target);
            return selections.length ? { ...set, selections } : set;
          },
        },
      }),
    );
    if (print(candidate) !== print(document) && !validate(schema, candidate).length) out.push(candidate);
  }
  return out;
}

/**
 * The smallest operation (by removing selections one at a time) on which `stillFails` holds: a
 * disagreement found by the generator, reduced to what causes it. Variables not used any more are
 * dropped. At most `tries` candidates are sent (each try is three requests), so that a long run
 * with many disagreements still ends; the smallest found by then is returned.
 */
export async function shrinkOperation(
  schema: GraphQLSchema,
  operation: GeneratedOperation,
  stillFails: (op: GeneratedOperation) => Promise<boolean>,
  tries = 150,
): Promise<GeneratedOperation> {
  let current = parse(operation.query);
  let left = tries;
  for (let improved = true; improved && left > 0;) {
    improved = false;
    for (const candidate of smaller(schema, current)) {
      if (left-- <= 0) break;
      if (await stillFails(asOperation(candidate, operation.variables))) {
        current = candidate;
        improved = true;
        break;
      }
    }
  }
  return asOperation(current, operation.variables);
}

/** A document as an operation to send, with the variables it still declares. */
function asOperation(document: DocumentNode, variables: Record<string, unknown>): GeneratedOperation {
  const names = new Set<string>();
  visit(document, { VariableDefinition: (v) => void names.add(v.variable.name.value) });
  return {
    query: print(document),
    variables: Object.fromEntries(Object.entries(variables).filter(([k]) => names.has(k))),
  };
}
