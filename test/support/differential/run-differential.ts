import { Random } from '../../../subgraphs/seed/random';
import { gql, type GraphqlTarget } from '../graphql';
import { difference, type Answer } from './compare-answers';
import { OperationGenerator, type ArgumentHints, type GeneratedOperation } from './generate-operation';
import { shrinkOperation } from './shrink-operation';
import type { ThreeGateways } from './three-gateways';
import { failedAt, retryingTransient } from './transient';

/** One generated operation on which the answers disagreed. */
export interface Disagreement {
  operation: GeneratedOperation;
  /** Which pair disagreed, and in what. */
  between: string;
  /** `oracle`: the fixture's own answer (its data in one plain schema), asked only on a disagreement. */
  answers: { planner: Answer; general: Answer; reference: Answer; oracle?: Answer };
}

export interface DifferentialReport {
  operations: number;
  disagreements: Disagreement[];
  /** Disagreements explained (not govgraph's wrong answers), counted by reason. */
  explained: Map<string, number>;
  /** Of the generated operations, how many the planner fetched by its plan and how many took the general path. */
  paths: { planner: number; general: number };
}

/**
 * A difference the reference gateway gets wrong per the Federation spec, or one that is only the
 * gateways' own wording: returns the reason, and the disagreement is not a bug of govgraph's.
 */
export type Explanation = (d: Disagreement) => string | null;

/** One request, tried again (up to three times) when only its connection failed. */
function ask(target: GraphqlTarget, operation: GeneratedOperation): Promise<Answer> {
  return retryingTransient(
    () => gql(target, operation.query, operation.variables),
    (error) => failedAt(typeof target === 'string' ? target : target.url, error, JSON.stringify(operation)),
  );
}

/** The three answers to one operation, when they disagree. */
async function compare(
  gateways: ThreeGateways,
  operation: GeneratedOperation,
  target: (url: string) => GraphqlTarget,
): Promise<Disagreement | null> {
  const [planner, general, reference] = await Promise.all([
    ask(target(gateways.planner.url), operation),
    ask(target(gateways.general.url), operation),
    ask(target(gateways.reference), operation),
  ]);
  const between = difference(planner, general, { ordered: true })
    ? 'planner/general'
    : difference(planner, reference, { ordered: false, paths: true })
      ? 'govgraph/reference'
      : null;
  if (!between) return null;
  const oracle = await gateways.oracle?.(operation);
  return { operation, between, answers: { planner, general, reference, ...(oracle ? { oracle } : {}) } };
}

/**
 * Sends `count` operations generated from `seed` to the three gateways and compares their answers:
 * govgraph's planner and general path must agree (key order included) on the data and on whether
 * there were errors; the planner and @apollo/gateway on the data and on where the errors land (the
 * planner's and the general path's error paths are not compared: graphql-tools leaves list indices
 * out of some, ["bodies", "strict"] for ["bodies", 2, "strict"]).
 */
export async function runDifferential(
  gateways: ThreeGateways,
  options: {
    seed: number;
    count: number;
    hints?: ArgumentHints;
    explain?: Explanation;
    /** Operations in flight at once (default 8). */
    concurrency?: number;
    /** Reduce the first this many disagreements to the smallest operations that still show them (default 0). */
    shrink?: number;
    /** Who asks (default: anonymous). */
    target?: (url: string) => GraphqlTarget;
  },
): Promise<DifferentialReport> {
  const generator = new OperationGenerator(gateways.apiSchema, options.hints);
  const random = new Random(options.seed);
  const operations = Array.from({ length: options.count }, () => generator.generate(random));
  const target = options.target ?? ((url: string) => url);
  const disagreements: Disagreement[] = [];
  const explained = new Map<string, number>();
  const before = await gateways.paths();
  let next = 0;
  const worker = async () => {
    while (next < operations.length) {
      const found = await compare(gateways, operations[next++]!, target);
      if (!found) continue;
      const reason = options.explain?.(found);
      if (reason) explained.set(reason, (explained.get(reason) ?? 0) + 1);
      else disagreements.push(found);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
  const after = await gateways.paths();
  for (const [i, found] of disagreements.slice(0, options.shrink ?? 0).entries()) {
    // Smaller operations that still disagree the same way and are still unexplained.
    const smallest = await shrinkOperation(gateways.apiSchema, found.operation, async (op) => {
      const again = await compare(gateways, op, target);
      return again?.between === found.between && !options.explain?.(again);
    });
    disagreements[i] = (await compare(gateways, smallest, target)) ?? found;
  }
  return {
    operations: operations.length,
    disagreements,
    explained,
    paths: { planner: after.planner - before.planner, general: after.general - before.general },
  };
}
