import { monthOf } from '../calendar';
import { DATASET_CALENDAR, plantCount } from '../scales';
import { makeName, roundYuan, type GenerationContext } from './context';
import type { Body, RollPerson } from './model';

const { payrollMonths, windowStart } = DATASET_CALENDAR;

/** Months the person's own body pays them: never after separation, unless planted. */
function homePayMonths(p: RollPerson): string[] {
  if (p.anomaly === 'ON_ROLL_NOT_PAID') return [];
  if (p.status === 'ON_ROLL' || p.status === 'SECONDED' || p.anomaly === 'PAID_AFTER_SEPARATION')
    return [...payrollMonths];
  if (!p.statusDate || p.statusDate < windowStart) return [];
  return payrollMonths.filter((m) => m <= monthOf(p.statusDate!));
}

/** 工资统发 lines for three months, with ghost pay planted at the scale's rates. */
export async function generatePayroll(ctx: GenerationContext, people: RollPerson[], bodies: Body[]): Promise<void> {
  const rnd = ctx.rnd.fork('payroll');
  const { anomalies } = ctx.manifest;
  let id = 0;
  const line = (month: string, payer: Body, personKey: string, name: string, idNumber: string, gross: number) =>
    ctx.out.write('finance', 'payroll_line', {
      id: ++id,
      month,
      org_uscc: payer.uscc,
      person_key: personKey,
      payee_name: name,
      payee_id_number: idNumber,
      gross,
      net: roundYuan(gross * 0.78),
      region_code: payer.regionCode,
    });

  for (const p of people) {
    const months = homePayMonths(p);
    for (const month of months) await line(month, p.body, p.personKey, p.name, p.idNumber, p.gross);
    for (const month of p.extraPayMonths) await line(month, p.extraPayer!, p.personKey, p.name, p.idNumber, p.gross);
    const after = (date: string) => months.filter((m) => m > monthOf(date));
    const amount = (list: string[]) => roundYuan(list.length * p.gross);
    if (p.anomaly === 'PAID_AFTER_SEPARATION') {
      const wrong = after(p.statusDate!);
      anomalies.PAID_AFTER_SEPARATION.push({
        personKey: p.personKey,
        orgUscc: p.body.uscc,
        status: p.status,
        statusDate: p.statusDate!,
        months: wrong,
        amount: amount(wrong),
      });
    } else if (p.anomaly === 'DEAD_BUT_PAID') {
      const wrong = after(p.diedOn!);
      anomalies.DEAD_BUT_PAID.push({
        personKey: p.personKey,
        orgUscc: p.body.uscc,
        diedOn: p.diedOn!,
        months: wrong,
        amount: amount(wrong),
      });
    } else if (p.anomaly === 'SECONDED_PAID_TWICE') {
      anomalies.SECONDED_PAID_TWICE.push({
        personKey: p.personKey,
        homeUscc: p.body.uscc,
        hostUscc: p.extraPayer!.uscc,
        months: p.extraPayMonths,
        amount: amount(p.extraPayMonths),
      });
    } else if (p.anomaly === 'PAID_BY_TWO_BODIES') {
      anomalies.PAID_BY_TWO_BODIES.push({
        personKey: p.personKey,
        homeUscc: p.body.uscc,
        otherUscc: p.extraPayer!.uscc,
        months: p.extraPayMonths,
        amount: amount(p.extraPayMonths),
      });
    } else if (p.anomaly === 'NEVER_AT_POST') {
      anomalies.NEVER_AT_POST.push({
        personKey: p.personKey,
        orgUscc: p.body.uscc,
        status: p.status === 'SECONDED' ? 'SECONDED' : 'ON_ROLL',
      });
    } else if (p.anomaly === 'ON_ROLL_NOT_PAID') {
      anomalies.ON_ROLL_NOT_PAID.push({ personKey: p.personKey, orgUscc: p.body.uscc });
    }
  }

  // Ghosts: paid, on nobody's roll.
  for (let i = 0; i < plantCount('GHOST_NOT_ON_ROLL', people.length); i++) {
    const payer = rnd.pick(bodies);
    const male = rnd.chance(0.55);
    const birth = `${rnd.int(1968, 2000)}-${String(rnd.int(1, 12)).padStart(2, '0')}-${String(rnd.int(1, 28)).padStart(2, '0')}`;
    const idNumber = ctx.ids.next(rnd.pick(payer.homeCounties), birth, male);
    const name = makeName(rnd, male);
    const personKey = ctx.keyOf(idNumber);
    const gross = rnd.money(6000, 10000);
    const months = rnd.chance(0.7) ? [...payrollMonths] : payrollMonths.slice(rnd.int(1, 2));
    for (const month of months) await line(month, payer, personKey, name, idNumber, gross);
    anomalies.GHOST_NOT_ON_ROLL.push({
      personKey,
      name,
      orgUscc: payer.uscc,
      months,
      amount: roundYuan(gross * months.length),
    });
  }
}
