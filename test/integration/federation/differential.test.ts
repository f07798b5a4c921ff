import { runDifferential } from '../../support/differential/run-differential';
import { startThreeGateways } from '../../support/differential/three-gateways';
import { explainDisagreement } from './differential-explanations';
import { FEDERATION_FIXTURES } from './fixtures/all-fixtures';

/** Operations per supergraph: 13 supergraphs × 160 = 2,080 in all. */
const COUNT = 160;

/**
 * Differential testing by generated queries: for each Federation fixture, seeded operations (random
 * selections, aliases, named and inline fragments on abstract types, @include/@skip with literals,
 * variables and defaulted variables, arguments, __typename, entity jumps, lists and nulls) are sent to
 * govgraph's planner, govgraph's general path and @apollo/gateway. Every difference is a bug unless
 * differential-explanations.ts says whose it is and why. `npm run fuzz` runs the same for longer.
 */
describe.each(Object.entries(FEDERATION_FIXTURES))('generated operations agree: %s', (_name, fixture) => {
  it(`${COUNT} operations, no unexplained difference`, async () => {
    await using gateways = await startThreeGateways(fixture);
    const report = await runDifferential(gateways, {
      seed: 20261202,
      count: COUNT,
      explain: explainDisagreement,
      shrink: 1,
    });
    expect(report.operations).toBe(COUNT);
    // Every generated operation was answered by one of the two paths of the planner gateway.
    expect(report.paths.planner + report.paths.general).toBe(COUNT);
    expect(report.disagreements.map((d) => ({ between: d.between, ...d.operation, answers: d.answers }))).toEqual([]);
  }, 120_000);
});
