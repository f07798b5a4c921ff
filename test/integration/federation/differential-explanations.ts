import {
  getDirectiveValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  parse,
  valueFromASTUntyped,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';

import { canonical, difference } from '../../support/differential/compare-answers';
import type { Disagreement, Explanation } from '../../support/differential/run-differential';

const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);
const govgraphAgrees = (d: Disagreement) =>
  same(d.answers.planner.data, d.answers.general.data) &&
  Boolean(d.answers.planner.errors?.length) === Boolean(d.answers.general.errors?.length);

/** Whether govgraph's planner answers exactly as the fixture's oracle (its data in one plain graphql-js schema). */
const plannerMatchesOracle = (d: Disagreement) =>
  Boolean(d.answers.oracle) && !difference(d.answers.planner, d.answers.oracle!, { ordered: true });

/** The fixture's field under a progressive @override at percent(100). */
const selectsProgressiveOverride = (d: Disagreement) => /\bmoving\b/.test(d.operation.query);

/** The operation's variables as sent, with the defaults of those left out. */
function variablesOf(operation: OperationDefinitionNode, sent: Record<string, unknown>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const v of operation.variableDefinitions ?? [])
    if (v.defaultValue) values[v.variable.name.value] = valueFromASTUntyped(v.defaultValue);
  return { ...values, ...sent };
}

/**
 * False for a selection its @skip / @include leave out with these variables. Written here rather than
 * taken from the gateway (operation-walk's isIncluded): this decides whether govgraph is excused, so it
 * must not share govgraph's own rule.
 */
function included(node: SelectionNode, variables: Record<string, unknown>): boolean {
  if (getDirectiveValues(GraphQLSkipDirective, node, variables)?.['if'] === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, variables)?.['if'] !== false;
}

/**
 * Whether the operation leaves out every field at this response path (list indices aside): each
 * occurrence is under a @skip / @include that excludes it, on itself, on a field above it, or on a
 * fragment around it, with the variables the operation was sent (defaults applied).
 */
export function skippedAt(query: string, sent: Record<string, unknown>, path: ReadonlyArray<string | number>): boolean {
  const document = parse(query);
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  if (!operation) return false;
  const fragments = new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((f) => [f.name.value, f]),
  );
  const variables = variablesOf(operation, sent);
  const keys = path.filter((p): p is string => typeof p === 'string');
  let occurrences = 0;
  let selected = 0;
  const walk = (set: SelectionSetNode, depth: number, excluded: boolean) => {
    for (const selection of set.selections) {
      const out = excluded || !included(selection, variables);
      if (selection.kind === Kind.FIELD) {
        if ((selection.alias ?? selection.name).value !== keys[depth]) continue;
        if (depth === keys.length - 1) {
          occurrences++;
          if (!out) selected++;
        } else if (selection.selectionSet) walk(selection.selectionSet, depth + 1, out);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) walk(selection.selectionSet, depth, out);
      else {
        const fragment = fragments.get(selection.name.value);
        if (fragment) walk(fragment.selectionSet, depth, out);
      }
    }
  };
  walk(operation.selectionSet, 0, false);
  return occurrences > 0 && selected === 0;
}

/**
 * Whether the reference's errors that govgraph does not report (by path) are all at fields the
 * operation leaves out by @skip/@include, and there is at least one.
 */
const errorsOnlyAtSkippedFields = (d: Disagreement) => {
  const govgraph = new Set((d.answers.planner.errors ?? []).map((e) => JSON.stringify(e.path ?? [])));
  const extra = (d.answers.reference.errors ?? []).filter((e) => !govgraph.has(JSON.stringify(e.path ?? [])));
  return (
    extra.length > 0 && extra.every((e) => skippedAt(d.operation.query, d.operation.variables ?? {}, e.path ?? []))
  );
};

/**
 * Why a disagreement is not a wrong answer of govgraph's, where it is not. Each names the component
 * at fault and the reason, from reading the answers against the Federation spec; anything else fails
 * the differential test.
 */
const EXPLANATIONS: Array<{ reason: string; applies: (d: Disagreement) => boolean }> = [
  {
    reason:
      "graphql-tools (the tests' second implementation: the planner switched off, which no deployment can do) answers otherwise; govgraph took this operation by its planner (an operation the planner does not take gets the same general-path answer from both), and answers as @apollo/gateway does, or as the fixture's oracle does where @apollo/gateway is wrong",
    applies: (d) =>
      d.between === 'planner/general' &&
      (same(d.answers.planner.data, d.answers.reference.data) ||
        plannerMatchesOracle(d) ||
        selectsProgressiveOverride(d)),
  },
  {
    reason:
      "@apollo/gateway answers otherwise than the fixture's oracle (the same data served by one plain graphql-js schema), which govgraph's planner answers exactly: it drops the fields of a concrete type's fragment under an interface whose @interfaceObject fields are selected beside them, nulls or errs on objects reached through a non-resolvable @interfaceObject, and answers data: null without any error (GraphQL spec §7.1.2 needs one) for a union member's @interfaceObject field",
    applies: (d) => d.between === 'govgraph/reference' && plannerMatchesOracle(d),
  },
  {
    reason:
      '@apollo/gateway does not implement progressive @override (labels are a Router feature): it keeps a percent(100) field on the subgraph it moves from',
    applies: (d) => d.between === 'govgraph/reference' && govgraphAgrees(d) && selectsProgressiveOverride(d),
  },
  {
    reason:
      '@apollo/gateway fails to complete its own plan\'s answer ("Cannot return null", in extensions.valueCompletion): seen for a @requires field whose parent is selected twice, and for an abstract field whose every fragment is skipped; govgraph\'s two paths agree',
    applies: (d) =>
      d.between === 'govgraph/reference' &&
      govgraphAgrees(d) &&
      Boolean((d.answers.reference as { extensions?: { valueCompletion?: unknown } }).extensions?.valueCompletion),
  },
  {
    reason:
      '@apollo/gateway sends a subgraph an operation declaring variables its plan no longer uses (conditions of fragments it dropped), which the subgraph refuses ("Variable … is never used"); govgraph decides conditions before planning',
    applies: (d) =>
      d.between === 'govgraph/reference' &&
      govgraphAgrees(d) &&
      /is never used/.test(JSON.stringify(d.answers.reference.errors ?? [])),
  },
  {
    reason:
      "@apollo/gateway fetches a field the operation leaves out by @skip/@include (resolving it in the subgraph), reports that field's error and nulls what its non-null type propagates to; govgraph's two paths agree",
    applies: (d) => d.between === 'govgraph/reference' && govgraphAgrees(d) && errorsOnlyAtSkippedFields(d),
  },
];

/** The reason a disagreement is not govgraph's wrong answer, or null (then it fails the differential test). */
export const explainDisagreement: Explanation = (d) => EXPLANATIONS.find((e) => e.applies(d))?.reason ?? null;
