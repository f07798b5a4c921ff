/** What supervision resolvers return for each GraphQL type (codegen mappers). */
import type { Connection } from '../common/pagination';
import type { AuditFollowUp, OverdueFinding, RepeatedFinding } from './checks/audit-follow-up';
import type { BodyHeadcount, HeadcountMismatch, HeadcountReconciliation, MismatchKind } from './checks/headcount';
import type { ReimbursementCheck, ReimbursementFinding, ReimbursementKind } from './checks/reimbursements';
import type { WelfareCrossCheck, WelfareFinding, WelfareKind } from './checks/welfare';

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
export type {
  HeadcountReconciliation as HeadcountReconciliationModel,
  HeadcountMismatch as HeadcountMismatchModel,
  BodyHeadcount as BodyHeadcountModel,
};
export type MismatchSummaryModel = { kind: MismatchKind; people: number; amount: number };
export type HeadcountMismatchConnectionModel = Connection<HeadcountMismatch>;
export type BodyHeadcountConnectionModel = Connection<BodyHeadcount>;
export type { WelfareCrossCheck as WelfareCrossCheckModel, WelfareFinding as WelfareFindingModel };
export type WelfareSummaryModel = { kind: WelfareKind; cases: number; amount: number };
export type WelfareRegionTotalModel = WelfareSummaryModel & { regionCode: string };
export type WelfareFindingConnectionModel = Connection<WelfareFinding>;
export type { ReimbursementCheck as ReimbursementCheckModel, ReimbursementFinding as ReimbursementFindingModel };
export type ReimbursementSummaryModel = { kind: ReimbursementKind; payments: number; amount: number };
export type ReimbursementBodyTotalModel = ReimbursementSummaryModel & { orgUscc: string };
export type ReimbursementFindingConnectionModel = Connection<ReimbursementFinding>;
export type {
  AuditFollowUp as AuditFollowUpModel,
  OverdueFinding as OverdueFindingModel,
  RepeatedFinding as RepeatedFindingModel,
};
export type OverdueFindingConnectionModel = Connection<OverdueFinding>;
export type RepeatedFindingConnectionModel = Connection<RepeatedFinding>;
