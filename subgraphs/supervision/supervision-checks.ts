import type { SubgraphAccess } from '../../common/gateway-signature';
import type { CheckCache } from './check-cache';
import { followUpAudits, type AuditFollowUpArgs } from './checks/audit-follow-up';
import { reconcileHeadcount, type HeadcountArgs } from './checks/headcount';
import { checkReimbursements, type ReimbursementArgs } from './checks/reimbursements';
import { crossCheckWelfare, type WelfareArgs } from './checks/welfare';
import type { Sources } from './sources';

/** The checks one caller runs: read through that caller's sources, results cached under that caller's context. */
export class SupervisionChecks {
  constructor(
    private readonly sources: Sources,
    private readonly cache: CheckCache,
    private readonly access: SubgraphAccess,
  ) {}

  headcount = (args: HeadcountArgs) =>
    this.cache.run('headcount', this.access, args, () => reconcileHeadcount(this.sources, args));
  welfare = (args: WelfareArgs) =>
    this.cache.run('welfare', this.access, args, () => crossCheckWelfare(this.sources, args));
  reimbursements = (args: ReimbursementArgs) =>
    this.cache.run('reimbursements', this.access, args, () => checkReimbursements(this.sources, args));
  auditFollowUp = (args: AuditFollowUpArgs) =>
    this.cache.run('audit-follow-up', this.access, args, () => followUpAudits(this.sources, args));
}
