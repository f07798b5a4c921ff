import { checkMonth } from '../../../common/arguments';
import { badUserInput } from '../../../common/errors';

/** A month range of a check: YYYY-MM at both ends, in order, at most a year. */
export interface MonthRange {
  fromMonth: string;
  toMonth: string;
}

const monthIndex = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
const monthAt = (index: number) => `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;

export function checkMonthRange(fromMonth: string, toMonth: string | null | undefined): MonthRange {
  const from = checkMonth(fromMonth, 'fromMonth');
  const to = toMonth ? checkMonth(toMonth, 'toMonth') : from;
  if (to < from) throw badUserInput('toMonth must not be before fromMonth', 'toMonth');
  if (monthIndex(to) - monthIndex(from) >= 12) throw badUserInput('a check covers at most 12 months', 'toMonth');
  return { fromMonth: from, toMonth: to };
}

/** Both ends given, or neither (then the check reads every month the systems hold). */
export function optionalMonthRange(
  fromMonth: string | null | undefined,
  toMonth: string | null | undefined,
): MonthRange | null {
  if (!fromMonth && !toMonth) return null;
  if (!fromMonth) throw badUserInput('give fromMonth with toMonth', 'fromMonth');
  return checkMonthRange(fromMonth, toMonth);
}

/** The first and last day of the `months` months that end with `toMonth`. */
export function daysOfMonthsEndingWith(toMonth: string, months: number): { from: string; to: string } {
  const end = monthIndex(toMonth);
  const lastDay = new Date(Date.UTC(Math.floor(end / 12), (end % 12) + 1, 0)).getUTCDate();
  return { from: `${monthAt(end - months + 1)}-01`, to: `${toMonth}-${String(lastDay).padStart(2, '0')}` };
}

export const monthOf = (date: string) => date.slice(0, 7);
