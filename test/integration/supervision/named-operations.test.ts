import {
  AuditFollowUpDocument,
  HeadcountMismatchesDocument,
  HeadcountReconciliationDocument,
  OrgSearchDocument,
  PowerListCountsDocument,
  ReimbursementCheckDocument,
  WelfareCrossCheckDocument,
} from '../../../client/generated/operations';
import { execute, type GovgraphEndpoint } from '../../../client/govgraph-client';
import { headcountReport } from '../../../client/headcount-report';
import { mysqlStorage } from '../../support/env';
import { startTestStack, type TestStack } from '../../support/stack';
import { PAY_RANGE, testManifest } from '../../support/supervision';

/**
 * The named operations of schema/operations/, run through the typed example client as the role each
 * is written for: every one answers without errors, and its answer agrees with the ground truth.
 */
describe('named supervision operations through the typed client', () => {
  const manifest = testManifest();
  let stack: TestStack;
  const as = async (user: string, roles: string[], purpose?: string): Promise<GovgraphEndpoint> => ({
    url: stack.gatewayUrl,
    token: await stack.realm.mint({ user, roles, region: '320000' }),
    ...(purpose ? { purpose } : {}),
  });

  beforeAll(async () => {
    stack = await startTestStack(mysqlStorage);
  });
  afterAll(async () => {
    await stack[Symbol.asyncDispose]();
  });

  it('HeadcountReconciliation and HeadcountMismatches as a staffing officer stating a case', async () => {
    const officer = await as('staffing.province', ['staffing-officer'], 'BB-2026-0001; quarterly check');
    const overview = await execute(officer, HeadcountReconciliationDocument, { ...PAY_RANGE, first: 500 });
    expect(overview.errors).toEqual([]);
    const r = overview.data!.headcountReconciliation!;
    const overBodies = new Set(manifest.anomalies.OVER_ESTABLISHMENT.map((c) => c.orgUscc));
    const flagged = new Set((r.bodies?.nodes ?? []).filter((b) => b.overEstablished).map((b) => b.org!.uscc));
    expect(flagged).toEqual(overBodies);
    const report = headcountReport(r);
    expect(report[0]).toContain(`on roll ${r.onRoll}`);
    expect(report.some((line) => line.includes('PAID_NOT_ON_ROLL'))).toBe(true);

    const ghosts = await execute(officer, HeadcountMismatchesDocument, {
      ...PAY_RANGE,
      kind: 'PAID_NOT_ON_ROLL',
      first: 100,
    });
    expect(ghosts.errors).toEqual([]);
    expect(ghosts.data!.headcountReconciliation!.mismatches!.totalCount).toBe(
      manifest.anomalies.GHOST_NOT_ON_ROLL.length,
    );
  });

  it('WelfareCrossCheck as a civil-affairs officer, ReimbursementCheck and AuditFollowUp as an auditor', async () => {
    const civil = await as('civil.province', ['civil-affairs-officer'], 'MZ-2026-0001; relief review');
    const welfare = await execute(civil, WelfareCrossCheckDocument, { kind: 'PAID_AFTER_DEATH', first: 100 });
    expect(welfare.errors).toEqual([]);
    expect(welfare.data!.welfareCrossCheck!.findings!.totalCount).toBe(manifest.anomalies.DEAD_BENEFICIARY_PAID.length);

    const auditor = await as('auditor.province', ['auditor'], 'SJ-2026-0001; reimbursement audit');
    const reimbursements = await execute(auditor, ReimbursementCheckDocument, { kind: 'NO_WORK_RECORD', first: 100 });
    expect(reimbursements.errors).toEqual([]);
    expect(reimbursements.data!.reimbursementCheck!.findings!.totalCount).toBe(
      manifest.anomalies.PAYMENT_WITHOUT_WORK_RECORD.length,
    );

    const followUp = await execute(auditor, AuditFollowUpDocument, { asOf: manifest.calendar.asOf, first: 100 });
    expect(followUp.errors).toEqual([]);
    expect(followUp.data!.auditFollowUp!.overdue!.totalCount).toBe(manifest.anomalies.AUDIT_OVERDUE.length);
    expect(followUp.data!.auditFollowUp!.repeated!.totalCount).toBe(manifest.anomalies.AUDIT_REPEATED.length);
  });

  it('PowerListCounts and OrgSearch answer anyone', async () => {
    const anonymous = { url: stack.gatewayUrl };
    const counts = await execute(anonymous, PowerListCountsDocument, { filter: { category: 'LICENSING' } });
    expect(counts.errors).toEqual([]);
    expect(counts.data!.powerListCounts.totalCount).toBeGreaterThan(0);
    expect(
      counts.data!.powerListCounts.nodes.every((n) => n.category === 'LICENSING' && n.categoryLabel === '行政许可'),
    ).toBe(true);
    const orgs = await execute(anonymous, OrgSearchDocument, { filter: { nameContains: '财政' } });
    expect(orgs.errors).toEqual([]);
    expect(orgs.data!.orgs!.nodes.every((o) => o.name.includes('财政'))).toBe(true);
  });
});
