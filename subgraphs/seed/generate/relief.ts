import type { CaseStatus, ReliefScheme } from '../../civil-affairs/entities/beneficiary';
import type { MemberRelation } from '../../civil-affairs/entities/household-member';
import { addDays, dateBetween, monthOf } from '../calendar';
import { TOWN_PARTS } from '../reference/names';
import { DATASET_CALENDAR, plantCount } from '../scales';
import { corruptCheckChar, makeName, roundYuan, type GenerationContext } from './context';
import type { RollPerson } from './model';

const { payrollMonths } = DATASET_CALENDAR;
const CASE_PREFIX: Record<ReliefScheme, string> = { DIBAO: 'DB', TEKUN: 'TK', TEMPORARY: 'LS' };

interface Member {
  name: string;
  idNumber: string;
  personKey: string;
  valid: boolean;
  relation: MemberRelation;
}

/**
 * 民政: households and relief cases with three months of payments, 殡葬 death records (including the
 * roll's dead), and the planted welfare anomalies: public employees in relief households and payments
 * after a beneficiary's death.
 */
export async function generateRelief(ctx: GenerationContext, people: RollPerson[]): Promise<void> {
  const rnd = ctx.rnd.fork('relief');
  const { anomalies } = ctx.manifest;
  const total = ctx.scale.reliefCases;
  const publicEmployees = people.filter((p) => p.anomaly === 'PUBLIC_EMPLOYEE_ON_RELIEF');
  const special = rnd.sample(
    Array.from({ length: total }, (_, i) => i),
    publicEmployees.length + plantCount('DEAD_BENEFICIARY_PAID', total) + 2,
  );
  const employeeAt = new Map(special.slice(0, publicEmployees.length).map((i, k) => [i, publicEmployees[k]!]));
  const deadAt = new Set(special.slice(publicEmployees.length, -2));
  const invalidAt = new Set(special.slice(-2));
  let memberId = 0;
  let paymentId = 0;
  let deathId = 0;
  const death = (name: string, idNumber: string, personKey: string, diedOn: string, regionCode: string) =>
    ctx.out.write('civil-affairs', 'death_record', {
      id: ++deathId,
      name,
      id_number: idNumber,
      person_key: personKey,
      died_on: diedOn,
      registered_on: addDays(diedOn, rnd.int(1, 10)),
      region_code: regionCode,
    });

  // Deaths the roll knows of (DECEASED) and the ones it missed (DEAD_BUT_PAID).
  for (const p of people) {
    const diedOn = p.status === 'DECEASED' ? p.statusDate : p.diedOn;
    if (diedOn) await death(p.name, p.idNumber, p.personKey, diedOn, p.idNumber.slice(0, 6));
  }

  for (let i = 0; i < total; i++) {
    const county = rnd.pick(ctx.counties);
    const employee = employeeAt.get(i);
    const planted = employee !== undefined || deadAt.has(i);
    let scheme: ReliefScheme = rnd.weighted(['DIBAO', 'TEKUN', 'TEMPORARY'] as const, [72, 13, 15]);
    let status: CaseStatus = rnd.weighted(['ACTIVE', 'SUSPENDED', 'TERMINATED'] as const, [90, 4, 6]);
    let approvedOn = dateBetween(rnd, '2018-01-01', '2026-05-31');
    if (planted) {
      scheme = employee ? 'DIBAO' : rnd.pick(['DIBAO', 'TEKUN'] as const);
      status = 'ACTIVE';
      approvedOn = dateBetween(rnd, '2018-01-01', '2026-03-31');
    }
    const size = scheme === 'TEKUN' ? 1 : rnd.weighted([1, 2, 3, 4], [30, 30, 25, 15]);
    const members: Member[] = [];
    for (let m = 0; m < size; m++) {
      const relation: MemberRelation = m === 0 ? 'HEAD' : m === 1 ? 'SPOUSE' : rnd.chance(0.7) ? 'CHILD' : 'PARENT';
      const male = m === 0 ? rnd.chance(0.6) : m === 1 ? false : rnd.chance(0.5);
      const birth =
        relation === 'CHILD'
          ? dateBetween(rnd, '2005-01-01', '2022-12-31')
          : relation === 'PARENT'
            ? dateBetween(rnd, '1935-01-01', '1955-12-31')
            : dateBetween(rnd, '1950-01-01', '1995-12-31');
      let idNumber = ctx.ids.next(county.code, birth, male);
      const valid = !(m === 0 && invalidAt.has(i));
      if (!valid) {
        idNumber = corruptCheckChar(idNumber, '0123456789X');
        ctx.manifest.flagged.INVALID_ID_NUMBER.push({ system: 'civil-affairs', idNumber });
      }
      members.push({ name: makeName(rnd, male), idNumber, personKey: ctx.keyOf(idNumber), valid, relation });
    }
    if (employee) {
      members.push({
        name: employee.name,
        idNumber: employee.idNumber,
        personKey: employee.personKey,
        valid: employee.idNumberValid,
        relation: 'OTHER',
      });
    }

    const householdId = i + 1;
    await ctx.out.write('civil-affairs', 'household', {
      id: householdId,
      household_number: `${county.code}${String(householdId).padStart(8, '0')}`,
      region_code: county.code,
      address: `${county.name}${rnd.pick(TOWN_PARTS)}${rnd.pick(TOWN_PARTS)}镇${rnd.int(1, 300)}号`,
    });
    for (const m of members) {
      await ctx.out.write('civil-affairs', 'household_member', {
        id: ++memberId,
        household_id: householdId,
        name: m.name,
        id_number: m.idNumber,
        id_number_valid: m.valid,
        person_key: m.personKey,
        relation: m.relation,
      });
    }
    const monthly = scheme === 'DIBAO' ? 850 * members.length : scheme === 'TEKUN' ? 1300 : rnd.money(800, 3000);
    const caseNumber = `${CASE_PREFIX[scheme]}${county.code}${String(householdId).padStart(8, '0')}`;
    await ctx.out.write('civil-affairs', 'beneficiary', {
      id: householdId,
      case_number: caseNumber,
      household_id: householdId,
      scheme,
      status,
      region_code: county.code,
      approved_on: approvedOn,
      monthly_amount: monthly,
    });

    const payments: Array<{ month: string; paidOn: string; amount: number }> = [];
    if (status === 'ACTIVE' && scheme !== 'TEMPORARY') {
      for (const month of payrollMonths)
        if (approvedOn < `${month}-01`) payments.push({ month, paidOn: `${month}-10`, amount: monthly });
    } else if (status === 'ACTIVE' && payrollMonths.includes(monthOf(approvedOn) as (typeof payrollMonths)[number])) {
      const paidOn = addDays(approvedOn, 5) <= `${monthOf(approvedOn)}-28` ? addDays(approvedOn, 5) : approvedOn;
      payments.push({ month: monthOf(approvedOn), paidOn, amount: monthly });
    }
    for (const p of payments) {
      await ctx.out.write('civil-affairs', 'relief_payment', {
        id: ++paymentId,
        beneficiary_id: householdId,
        month: p.month,
        amount: p.amount,
        paid_on: p.paidOn,
        region_code: county.code,
      });
    }

    const head = members[0]!;
    if (employee) {
      anomalies.PUBLIC_EMPLOYEE_ON_RELIEF.push({
        caseNumber,
        personKey: employee.personKey,
        orgUscc: employee.body.uscc,
        regionCode: county.code,
        amount: roundYuan(payments.reduce((sum, p) => sum + p.amount, 0)),
      });
    } else if (deadAt.has(i)) {
      const diedOn = dateBetween(rnd, '2026-03-01', '2026-05-25');
      await death(head.name, head.idNumber, head.personKey, diedOn, county.code);
      const after = payments.filter((p) => p.paidOn > diedOn);
      anomalies.DEAD_BENEFICIARY_PAID.push({
        caseNumber,
        personKey: head.personKey,
        diedOn,
        regionCode: county.code,
        payments: after.length,
        amount: roundYuan(after.reduce((sum, p) => sum + p.amount, 0)),
      });
    } else if (status === 'ACTIVE' && payments.length && rnd.chance(0.003)) {
      // Died after the last payment: a death record, but nothing paid wrongly.
      await death(head.name, head.idNumber, head.personKey, dateBetween(rnd, '2026-06-11', '2026-06-30'), county.code);
    } else if (status === 'TERMINATED' && rnd.chance(0.05)) {
      await death(head.name, head.idNumber, head.personKey, dateBetween(rnd, '2024-01-01', '2025-12-31'), county.code);
    }
  }

  // Deaths of people in no other system.
  for (let k = 0; k < Math.round(total * 0.01); k++) {
    const county = rnd.pick(ctx.counties);
    const male = rnd.chance(0.5);
    const idNumber = ctx.ids.next(county.code, dateBetween(rnd, '1925-01-01', '1960-12-31'), male);
    await death(
      makeName(rnd, male),
      idNumber,
      ctx.keyOf(idNumber),
      dateBetween(rnd, '2025-01-01', '2026-06-30'),
      county.code,
    );
  }
}
