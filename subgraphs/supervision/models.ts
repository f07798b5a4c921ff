/** What supervision resolvers return for each GraphQL type (codegen mappers). */
import type { Connection } from '../common/pagination';
import type { AuditFollowUp, OverdueFinding, RepeatedFinding } from './checks/audit-follow-up';
import type { ReimbursementCheck, ReimbursementFinding, ReimbursementKind } from './checks/reimbursements';
import type { WelfareCrossCheck, WelfareFinding, WelfareKind } from './checks/welfare';
import type {
  BodyHeadcount,
  HeadcountMismatch,
  HeadcountReconciliation,
  MismatchKind,
} from './headcount/headcount-types';
import type { Covered } from './supervision-checks';

/** Bodies, people and power items are staffing's; this subgraph names them by key only. */
export interface OrgModel {
  uscc: string;
}
export interface PersonModel {
  personKey: string;
}
export interface PowerItemModel {
  code: string;
}
export type HeadcountReconciliationModel = Covered<HeadcountReconciliation>;
export type { HeadcountMismatch as HeadcountMismatchModel, BodyHeadcount as BodyHeadcountModel };
export type MismatchSummaryModel = { kind: MismatchKind; people: number; amount: number };
export type HeadcountMismatchConnectionModel = Connection<HeadcountMismatch>;
export type BodyHeadcountConnectionModel = Connection<BodyHeadcount>;
export type WelfareCrossCheckModel = Covered<WelfareCrossCheck>;
export type { WelfareFinding as WelfareFindingModel };
export type WelfareSummaryModel = { kind: WelfareKind; cases: number; amount: number };
export type WelfareRegionTotalModel = WelfareSummaryModel & { regionCode: string };
export type WelfareFindingConnectionModel = Connection<WelfareFinding>;
export type ReimbursementCheckModel = Covered<ReimbursementCheck>;
export type { ReimbursementFinding as ReimbursementFindingModel };
export type ReimbursementSummaryModel = { kind: ReimbursementKind; payments: number; amount: number };
export type ReimbursementBodyTotalModel = ReimbursementSummaryModel & { orgUscc: string };
export type ReimbursementFindingConnectionModel = Connection<ReimbursementFinding>;
export type AuditFollowUpModel = Covered<AuditFollowUp>;
export type { OverdueFinding as OverdueFindingModel, RepeatedFinding as RepeatedFindingModel };
export type OverdueFindingConnectionModel = Connection<OverdueFinding>;
export type RepeatedFindingConnectionModel = Connection<RepeatedFinding>;
