import { canonical, difference } from '../../support/differential/compare-answers';
import type { Disagreement, Explanation } from '../../support/differential/run-differential';

const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);
const govgraphAgrees = (d: Disagreement) => same(d.answers.planner.data, d.answers.general.data) && Boolean(d.answers.planner.errors?.length) === Boolean(d.answers.general.errors?.length);

/** Whether govgraph's planner answers exactly as the fixture's oracle (its data in one plain graphql-js schema). */
const plannerMatchesOracle = (d: Disagreement) => Boolean(d.answers.oracle) && !difference(d.answers.planner, d.answers.oracle!, { ordered: true });

/** The fixture's field under a progressive @override at percent(100). */
const selectsProgressiveOverride = (d: Disagreement) => /\bmoving\b/.test(d.operation.query);

/** Whether every error of the reference is at a field the operation only ever selects under @skip/@include. */
const errorsOnlyAtConditionalFields = (d: Disagreement) => {
  const errors = d.answers.reference.errors ?? [];
  return errors.length > 0 && errors.every((e) => {
    const key = e.path?.[e.path.length - 1];
    if (typeof key !== 'string') return false;
    const uses = d.operation.query.match(new RegExp(`\\b${key}\\b(?!\\s*[:(])[^\\n{}]*`, 'g')) ?? [];
    return uses.length > 0 && uses.every((u) => /@(skip|include)\(/.test(u));
  });
};

/**
 * Why a disagreement is not a wrong answer of govgraph's, where it is not. Each names the component
 * at fault and the reason, from reading the answers against the Federation spec; anything else fails
 * the differential test.
 */
const EXPLANATIONS: Array<{ reason: string; applies: (d: Disagreement) => boolean }> = [
  {
    reason: 'general path only (graphql-tools defect); govgraph as deployed plans this shape and answers as @apollo/gateway does, or as the fixture\'s oracle does where @apollo/gateway is wrong',
    applies: (d) => d.between === 'planner/general' && (same(d.answers.planner.data, d.answers.reference.data) || plannerMatchesOracle(d) || selectsProgressiveOverride(d)),
  },
  {
    reason: '@apollo/gateway answers otherwise than the fixture\'s oracle (the same data served by one plain graphql-js schema), which govgraph\'s planner answers exactly: it drops the fields of a concrete type\'s fragment under an interface whose @interfaceObject fields are selected beside them, nulls or errs on objects reached through a non-resolvable @interfaceObject, and answers data: null without any error (GraphQL spec §7.1.2 needs one) for a union member\'s @interfaceObject field',
    applies: (d) => d.between === 'govgraph/reference' && plannerMatchesOracle(d),
  },
  {
    reason: '@apollo/gateway does not implement progressive @override (labels are a Router feature): it keeps a percent(100) field on the subgraph it moves from',
    applies: (d) => d.between === 'govgraph/reference' && govgraphAgrees(d) && selectsProgressiveOverride(d),
  },
  {
    reason: '@apollo/gateway fails to complete its own plan\'s answer ("Cannot return null", in extensions.valueCompletion): seen for a @requires field whose parent is selected twice, and for an abstract field whose every fragment is skipped; govgraph\'s two paths agree',
    applies: (d) => d.between === 'govgraph/reference' && govgraphAgrees(d) && Boolean((d.answers.reference as { extensions?: { valueCompletion?: unknown } }).extensions?.valueCompletion),
  },
  {
    reason: '@apollo/gateway sends a subgraph an operation declaring variables its plan no longer uses (conditions of fragments it dropped), which the subgraph refuses ("Variable … is never used"); govgraph decides conditions before planning',
    applies: (d) => d.between === 'govgraph/reference' && govgraphAgrees(d) && /is never used/.test(JSON.stringify(d.answers.reference.errors ?? [])),
  },
  {
    reason: '@apollo/gateway fetches a field the operation leaves out by @skip/@include (resolving it in the subgraph) and reports that field\'s error; govgraph\'s two paths agree',
    applies: (d) => d.between === 'govgraph/reference' && govgraphAgrees(d) && errorsOnlyAtConditionalFields(d),
  },
];

/** The reason a disagreement is not govgraph's wrong answer, or null (then it fails the differential test). */
export const explainDisagreement: Explanation = (d) => EXPLANATIONS.find((e) => e.applies(d))?.reason ?? null;
