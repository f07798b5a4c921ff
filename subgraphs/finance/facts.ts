import type { DataSource } from 'typeorm';

import { checkMonth, checkPersonKey, checkUscc } from '../../common/arguments';
import { toFactTable, type FactTable } from '../../common/fact-table';
import { keyOrderedPage, selectColumns, whereKeysIn, type KeyPage } from '../common/facts-query';
import { whereBetween, whereEquals, whereRegion } from '../common/filters';
import type { RegionScope } from '../common/region-scope';
import { PaymentEntity } from './entities/payment';
import { PayrollLineEntity } from './entities/payroll-line';

/** What the supervision subgraph asks finance for in bulk, within the caller's region scope. */

interface Where {
  regionCode?: string | null;
  orgUscc?: string | null;
}

const PAYROLL_COLUMNS = ['personKey', 'orgUscc', 'regionCode', 'month', 'gross'] as const;

/** 工资统发 lines of a month range: one row per person, paying body and month. */
export async function payrollFacts(
  dataSource: DataSource,
  scope: RegionScope,
  args: Where & KeyPage & { fromMonth: string; toMonth: string; personKeys?: readonly string[] | null },
): Promise<FactTable> {
  const q = selectColumns(dataSource.getRepository(PayrollLineEntity).createQueryBuilder('line'), {
    personKey: 'line.personKey',
    orgUscc: 'line.orgUscc',
    regionCode: 'line.regionCode',
    month: 'line.month',
    gross: 'line.gross',
  });
  scope.restrict(q, 'line.regionCode');
  whereBetween(q, 'line.month', checkMonth(args.fromMonth, 'fromMonth'), checkMonth(args.toMonth, 'toMonth'));
  whereRegion(q, 'line.regionCode', args.regionCode);
  whereEquals(q, 'line.orgUscc', args.orgUscc, (v) => checkUscc(v, 'orgUscc'));
  keyOrderedPage(q, 'line.personKey', args);
  if (!whereKeysIn(q, 'line.personKey', args.personKeys, 'personKeys', checkPersonKey))
    return toFactTable(PAYROLL_COLUMNS, []);
  const rows = await q.getRawMany<Record<(typeof PAYROLL_COLUMNS)[number], unknown>>();
  return toFactTable(
    PAYROLL_COLUMNS,
    rows.map((r) => ({ ...r, gross: Number(r.gross) })),
  );
}

const PAYEE_COLUMNS = ['personKey', 'orgUscc'] as const;

/** Who is on a public payroll in a month range, and which bodies pay them (one row per person and body). */
export async function payeeFacts(
  dataSource: DataSource,
  scope: RegionScope,
  args: Where & KeyPage & { fromMonth?: string | null; toMonth?: string | null },
): Promise<FactTable> {
  const q = selectColumns(dataSource.getRepository(PayrollLineEntity).createQueryBuilder('line'), {
    personKey: 'line.personKey',
    orgUscc: 'line.orgUscc',
  }).distinct(true);
  scope.restrict(q, 'line.regionCode');
  whereBetween(
    q,
    'line.month',
    args.fromMonth ? checkMonth(args.fromMonth, 'fromMonth') : null,
    args.toMonth ? checkMonth(args.toMonth, 'toMonth') : null,
  );
  whereRegion(q, 'line.regionCode', args.regionCode);
  keyOrderedPage(q, 'line.personKey', args);
  return toFactTable(PAYEE_COLUMNS, await q.getRawMany());
}

const REIMBURSEMENT_COLUMNS = [
  'voucherNumber',
  'personKey',
  'orgUscc',
  'regionCode',
  'serviceDate',
  'category',
  'amount',
] as const;

/** Reimbursements of a person's activity (the categories given) whose service date lies in [from, to]. */
export async function reimbursementFacts(
  dataSource: DataSource,
  scope: RegionScope,
  args: Where & { categories: readonly string[]; from?: string | null; to?: string | null },
): Promise<FactTable> {
  if (args.categories.length === 0) return toFactTable(REIMBURSEMENT_COLUMNS, []);
  const q = selectColumns(dataSource.getRepository(PaymentEntity).createQueryBuilder('payment'), {
    voucherNumber: 'payment.voucherNumber',
    personKey: 'payment.payeePersonKey',
    orgUscc: 'payment.orgUscc',
    regionCode: 'payment.regionCode',
    serviceDate: 'payment.serviceDate',
    category: 'payment.category',
    amount: 'payment.amount',
  })
    .where('payment.payeePersonKey IS NOT NULL AND payment.serviceDate IS NOT NULL')
    .andWhere('payment.category IN (:...categories)', { categories: [...args.categories] });
  scope.restrict(q, 'payment.regionCode');
  whereBetween(q, 'payment.serviceDate', args.from, args.to);
  whereRegion(q, 'payment.regionCode', args.regionCode);
  whereEquals(q, 'payment.orgUscc', args.orgUscc, (v) => checkUscc(v, 'orgUscc'));
  const rows = await q.getRawMany<Record<(typeof REIMBURSEMENT_COLUMNS)[number], unknown>>();
  return toFactTable(
    REIMBURSEMENT_COLUMNS,
    rows.map((r) => ({ ...r, amount: Number(r.amount), serviceDate: String(r.serviceDate).slice(0, 10) })),
  );
}
