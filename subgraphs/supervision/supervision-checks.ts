import type { SubgraphAccess } from '../../common/gateway-signature';
import type { CheckCache } from './check-cache';
import { followUpAudits, type AuditFollowUpArgs } from './checks/audit-follow-up';
import { checkReimbursements, type ReimbursementArgs } from './checks/reimbursements';
import { crossCheckWelfare, type WelfareArgs } from './checks/welfare';
import type { HeadcountArgs } from './headcount/headcount-types';
import { reconcileHeadcount } from './headcount/reconcile-headcount';
import type { CheckCoverage } from './source-coverage';
import type { Sources } from './sources';

/** A check's result with what it rests on. */
export type Covered<T> = T & { coverage: CheckCoverage };

/**
 * The checks one caller runs: each read through that caller's sources (fresh per check, so its coverage
 * is its own), results cached under that caller's context; a partial result (a node did not answer) is
 * served once and not kept, so the next request asks the node again.
 */
export class SupervisionChecks {
  constructor(
    private readonly sources: () => Sources,
    private readonly cache: CheckCache,
    private readonly access: SubgraphAccess,
  ) {}

  private run<A, T>(check: string, args: A, compute: (sources: Sources, args: A) => Promise<T>) {
    return this.cache.run(
      check,
      this.access,
      args,
      async (): Promise<Covered<T>> => {
        const sources = this.sources();
        const result = await compute(sources, args);
        return { ...result, coverage: sources.coverage.summary() };
      },
      (result) => result.coverage.complete,
    );
  }

  headcount = (args: HeadcountArgs) => this.run('headcount', args, reconcileHeadcount);
  welfare = (args: WelfareArgs) => this.run('welfare', args, crossCheckWelfare);
  reimbursements = (args: ReimbursementArgs) => this.run('reimbursements', args, checkReimbursements);
  auditFollowUp = (args: AuditFollowUpArgs) => this.run('audit-follow-up', args, followUpAudits);
}
