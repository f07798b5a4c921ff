import type { DocumentNode, OperationDefinitionNode } from 'graphql';

import { cachedIn } from '../../../common/cached';
import type { Policy } from '../../policy/policy-model';
import type { SchemaRules } from '../../policy/schema-rules';
import { conditionVariablesOf } from '../operation/operation-walk';
import { planAccess, type AccessPlan } from './plan-access';

type PlanInput = Parameters<typeof planAccess>[0];

/** Access classes kept per document: a document is rarely read under more than a few clearances and purposes. */
const CLASSES_PER_DOCUMENT = 64;

/**
 * What an access plan depends on besides the document: the clearance, whether a purpose was stated (and
 * why one was refused, which the error names), the department, roles and agreements in force (the catalog's sharing terms) and the
 * values of the variables @skip/@include read.
 * Region, grants, user and case number do not change which fields are read, masked or withheld.
 */
function accessClass(input: PlanInput): string {
  const { access, operation, variables } = input;
  const conditions = conditionVariablesOf(input.document).map((name) => variables[name]);
  return JSON.stringify([
    operation.name?.value ?? null,
    access.principal.clearance,
    access.principal.department,
    access.principal.roles,
    access.agreements.map((a) => a.id),
    access.purpose !== null,
    access.purposeProblem,
    conditions,
  ]);
}

/**
 * Access plans reused across requests of one parsed document (Apollo Server hands the same DocumentNode
 * for the same query text) and one access class, for one graph's rules and one policy. A plan is
 * never changed once made, so requests share it; its cut document then keys the query planner's cache.
 */
export class AccessPlans {
  private readonly byRules = new WeakMap<SchemaRules, WeakMap<DocumentNode, Map<string, AccessPlan>>>();

  constructor(private readonly policy: Policy) {}

  planFor(input: Omit<PlanInput, 'policy'> & { operation: OperationDefinitionNode }): AccessPlan {
    const full: PlanInput = { ...input, policy: this.policy };
    const byDocument = cachedIn(this.byRules, input.rules, () => new WeakMap<DocumentNode, Map<string, AccessPlan>>());
    const classes = cachedIn(byDocument, input.document, () => new Map<string, AccessPlan>());
    const key = accessClass(full);
    let plan = classes.get(key);
    if (plan) {
      // most recently used last, so the oldest class goes first when the document has too many
      classes.delete(key);
    } else {
      plan = planAccess(full);
      if (classes.size >= CLASSES_PER_DOCUMENT) classes.delete(classes.keys().next().value!);
    }
    classes.set(key, plan);
    return plan;
  }
}
