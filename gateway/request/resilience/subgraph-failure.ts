/** A subgraph call that failed for transport reasons (not a GraphQL error the subgraph chose to send). */
export class SubgraphFailure extends Error {
  override name = 'SubgraphFailure';
  constructor(
    /** Said to clients: short, and never the subgraph's own body or stack. */
    readonly reason: string,
    /** No further attempt can succeed within the budget (e.g. the time is used up). */
    readonly final = false,
  ) {
    super(reason);
  }
}
