import { REIMBURSED_ACTIVITY, type ReimbursedCategory } from '../../../common/reimbursed-activity';
import type { PaymentCategory } from '../../finance/entities/payment';
import { addDays, fromDays, isWeekday, minDate, toDays } from '../calendar';
import type { Random } from '../random';
import { level2Under } from '../reference/activity-catalog';
import { PROCUREMENT_PAYEES } from '../reference/vocabulary';
import { DATASET_CALENDAR, plantCount } from '../scales';
import type { GenerationContext } from './context';
import type { Body, RollPerson } from './model';

const { windowStart, asOf } = DATASET_CALENDAR;

/** A work record the activity system must hold because a payment refers to it. */
export interface LinkedRecord {
  person: RollPerson;
  date: string;
  categoryCode: string;
  paymentRef: string | null;
}

export interface ReimbursementResult {
  linked: LinkedRecord[];
  /** "personKey|date" pairs where no other record may land, or a planted case would disappear. */
  blocked: Set<string>;
}

interface Reimbursement {
  person: RollPerson;
  category: PaymentCategory;
  serviceDate: string;
  amount: number;
  voucher: string;
  fate: 'normal' | 'without' | 'mismatch';
}

const BUDGET_LINES: ReadonlyArray<[code: string, name: string, category: PaymentCategory | 'SALARY']> = [
  ['30101', '基本工资', 'SALARY'],
  ['30201', '办公费', 'OTHER'],
  ['30211', '差旅费', 'TRAVEL'],
  ['30215', '会议费', 'MEETING'],
  ['30216', '培训费', 'TRAINING'],
  ['31002', '办公设备购置', 'PROCUREMENT'],
];
const PURPOSE: Record<PaymentCategory, string> = {
  TRAVEL: '差旅费报销',
  MEETING: '会议费报销',
  TRAINING: '培训费报销',
  PROCUREMENT: '办公设备采购',
  OTHER: '办公费支出',
};
const MISMATCH_LEVEL1 = ['01', '05', '08'];

export function weekdayBetween(rnd: Random, from: string, to: string): string {
  for (let i = 0; i < 20; i++) {
    const d = fromDays(rnd.int(toDays(from), toDays(to)));
    if (isWeekday(d)) return d;
  }
  return from;
}

/**
 * 国库集中支付: budgets, reimbursements to people (each backed by a work record, except where a
 * missing or mismatched record is planted) and procurement. Returns the records the activity
 * system must hold for them.
 */
export async function generateReimbursements(
  ctx: GenerationContext,
  people: RollPerson[],
  bodies: Body[],
): Promise<ReimbursementResult> {
  const rnd = ctx.rnd.fork('reimbursements');
  const list: Reimbursement[] = [];
  const add = (person: RollPerson, category: PaymentCategory, min: number, max: number) =>
    list.push({
      person,
      category,
      serviceDate: weekdayBetween(rnd, windowStart, person.atPostUntil!),
      amount: rnd.money(min, max),
      voucher: `ZF2026${String(list.length + 1).padStart(8, '0')}`,
      fate: 'normal',
    });
  for (const person of people) {
    if (!person.atPostUntil) continue;
    if (rnd.chance(0.3)) add(person, 'TRAVEL', 300, 3500);
    if (rnd.chance(0.08)) add(person, 'TRAVEL', 300, 3500);
    if (rnd.chance(0.12)) add(person, 'MEETING', 200, 1500);
    if (rnd.chance(0.06)) add(person, 'TRAINING', 500, 2500);
  }

  // Plant only where the person has a single reimbursement that day, so each case has one answer.
  const sameDay = new Map<string, number>();
  const dayKey = (r: Reimbursement) => `${r.person.personKey}|${r.serviceDate}`;
  for (const r of list) sameDay.set(dayKey(r), (sameDay.get(dayKey(r)) ?? 0) + 1);
  const eligible = rnd.sample(
    list.filter((r) => sameDay.get(dayKey(r)) === 1),
    list.length,
  );
  for (const r of eligible.splice(0, plantCount('PAYMENT_WITHOUT_WORK_RECORD', list.length))) r.fate = 'without';
  for (const r of eligible.splice(0, plantCount('PAYMENT_CATEGORY_MISMATCH', list.length))) r.fate = 'mismatch';

  // Budgets first: each reimbursement and purchase is charged to its body's line.
  const spent = new Map<string, number>();
  for (const r of list)
    spent.set(`${r.person.body.id}|${r.category}`, (spent.get(`${r.person.body.id}|${r.category}`) ?? 0) + r.amount);
  const payroll = new Map<number, number>();
  for (const p of people) payroll.set(p.body.id, (payroll.get(p.body.id) ?? 0) + p.gross);
  const budgetId = new Map<string, number>();
  let nextBudget = 0;
  for (const body of bodies) {
    for (const [code, name, category] of BUDGET_LINES) {
      const id = ++nextBudget;
      budgetId.set(`${body.id}|${category}`, id);
      const base =
        category === 'SALARY'
          ? (payroll.get(body.id) ?? 0) * 12
          : (spent.get(`${body.id}|${category}`) ?? 0) * 2 + body.size * 800;
      await ctx.out.write('finance', 'budget', {
        id,
        org_uscc: body.uscc,
        year: 2026,
        line_code: code,
        line_name: name,
        amount: Math.round(base * (1 + rnd.float() * 0.3)),
        region_code: body.regionCode,
      });
    }
  }

  const linked: LinkedRecord[] = [];
  const blocked = new Set<string>();
  let paymentId = 0;
  for (const r of list) {
    const body = r.person.body;
    await ctx.out.write('finance', 'payment', {
      id: ++paymentId,
      voucher_number: r.voucher,
      org_uscc: body.uscc,
      payee_name: r.person.name,
      payee_person_key: r.person.personKey,
      amount: r.amount,
      paid_on: minDate(addDays(r.serviceDate, rnd.int(3, 25)), asOf),
      service_date: r.serviceDate,
      purpose: `${PURPOSE[r.category]}（${r.serviceDate}）`,
      category: r.category,
      budget_id: budgetId.get(`${body.id}|${r.category}`) ?? null,
      region_code: body.regionCode,
    });
    const level1 = REIMBURSED_ACTIVITY[r.category as ReimbursedCategory];
    const common = {
      voucherNumber: r.voucher,
      personKey: r.person.personKey,
      serviceDate: r.serviceDate,
      category: r.category,
      orgUscc: body.uscc,
      amount: r.amount,
    };
    if (r.fate === 'normal') {
      linked.push({
        person: r.person,
        date: r.serviceDate,
        categoryCode: rnd.pick(level2Under(level1)),
        paymentRef: r.voucher,
      });
    } else if (r.fate === 'without') {
      blocked.add(dayKey(r));
      ctx.manifest.anomalies.PAYMENT_WITHOUT_WORK_RECORD.push(common);
    } else {
      blocked.add(dayKey(r));
      const categoryCode = rnd.pick(level2Under(rnd.pick(MISMATCH_LEVEL1)));
      linked.push({ person: r.person, date: r.serviceDate, categoryCode, paymentRef: null });
      ctx.manifest.anomalies.PAYMENT_CATEGORY_MISMATCH.push({ ...common, recordCategory: categoryCode });
    }
  }

  for (const body of bodies) {
    for (let k = 0; k < rnd.int(1, 3); k++) {
      const category: PaymentCategory = rnd.chance(0.6) ? 'PROCUREMENT' : 'OTHER';
      const paidOn = weekdayBetween(rnd, windowStart, asOf);
      await ctx.out.write('finance', 'payment', {
        id: ++paymentId,
        voucher_number: `ZF2026${String(paymentId).padStart(8, '0')}`,
        org_uscc: body.uscc,
        payee_name: rnd.pick(PROCUREMENT_PAYEES),
        payee_person_key: null,
        amount: rnd.money(2000, 200000),
        paid_on: paidOn,
        service_date: null,
        purpose: PURPOSE[category],
        category,
        budget_id: budgetId.get(`${body.id}|${category}`) ?? null,
        region_code: body.regionCode,
      });
    }
  }
  return { linked, blocked };
}
