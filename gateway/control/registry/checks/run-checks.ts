import { parse, type GraphQLSchema } from 'graphql';

import type { GovernedGraph } from '../../../request/graph/served-graph';
import { composeGraph, type ComposedGraph } from '../../composition/compose-graph';
import { CompositionError } from '../../composition/compose-supergraph';
import type { CheckFinding, SubgraphSpec } from '../model';
import { checkBreakingChanges } from './breaking-check';
import { checkCatalogCoverage } from './catalog-check';
import { checkClassificationCoverage } from './coverage-check';
import { checkOwnership, type OwnedSubgraph } from './ownership-check';

export interface CandidateCheckInput {
  candidate: SubgraphSpec & { department: string };
  /** The live subgraphs, with their departments (the candidate's earlier revision included). */
  live: ReadonlyArray<SubgraphSpec & { department: string }>;
  /** The API schema clients see today, or null before the first composition. */
  liveSchema: GraphQLSchema | null;
  buildGraph: (graph: ComposedGraph) => GovernedGraph;
}

export interface CandidateCheckResult {
  findings: CheckFinding[];
  /** The graph with the candidate in place, when it composes. */
  graph?: ComposedGraph;
  schema?: GraphQLSchema;
}

/** What changes if the candidate goes live: does it compose, break clients, take others' fields? */
export function checkCandidate(input: CandidateCheckInput): CandidateCheckResult {
  const { candidate } = input;
  try {
    parse(candidate.sdl);
  } catch (error) {
    return {
      findings: [{ check: 'sdl', severity: 'error', message: `SDL does not parse: ${(error as Error).message}` }],
    };
  }
  // Sorted as a published composition is, so the composed graph can be served as it is.
  const specs = [...input.live.filter((s) => s.name !== candidate.name), candidate].sort((a, b) =>
    a.name.localeCompare(b.name),
  );
  let graph: ComposedGraph;
  let built: GovernedGraph;
  try {
    graph = composeGraph(specs);
    built = input.buildGraph(graph);
  } catch (error) {
    const messages = error instanceof CompositionError ? error.errors : [(error as Error).message];
    return { findings: messages.map((message) => ({ check: 'composition', severity: 'error', message })) };
  }
  const owned: OwnedSubgraph[] = input.live.map((s) => ({ name: s.name, department: s.department, sdl: s.sdl }));
  return {
    findings: [
      ...checkBreakingChanges(input.liveSchema, built.schema),
      ...checkOwnership({ name: candidate.name, department: candidate.department, sdl: candidate.sdl }, owned),
      ...checkClassificationCoverage(candidate.sdl, built.rules.ungraded),
      ...checkCatalogCoverage(candidate, built.rules.catalog),
    ],
    graph,
    schema: built.schema,
  };
}
