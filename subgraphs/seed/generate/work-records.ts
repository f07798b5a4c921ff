import { regionCovers } from '../../../common/identifiers/region-code';
import { WORKLOAD_INFLATION_FACTOR } from '../manifest';
import { LEVEL1, LEVEL2 } from '../reference/activity-catalog';
import { DATASET_CALENDAR, plantCount } from '../scales';
import type { GenerationContext } from './context';
import type { RollPerson } from './model';
import { weekdayBetween, type LinkedRecord, type ReimbursementResult } from './reimbursements';

const { windowStart } = DATASET_CALENDAR;
const PLACES = ['政务服务中心', '会议中心', '乡镇', '企业', '社区', '机关'];

/**
 * 工作记实: the activity catalog, the register of each body's leaders (whose records the body's cadres
 * may read), the records payments refer to, one record for everyone at post (so "never at post" is
 * exactly the planted people), then more until the scale's total. A few people claim inflated hours on
 * every record (WORKLOAD_INFLATED).
 */
export async function generateWorkRecords(
  ctx: GenerationContext,
  people: RollPerson[],
  reimbursements: ReimbursementResult,
): Promise<void> {
  const rnd = ctx.rnd.fork('work-records');
  for (const c of LEVEL1) {
    await ctx.out.write('activity', 'activity_category', {
      code: c.code,
      name: c.name,
      level: 1,
      parent_code: null,
      region_code: null,
      standard_hours: c.hours,
    });
  }
  for (const c of LEVEL2) {
    await ctx.out.write('activity', 'activity_category', {
      code: c.code,
      name: c.name,
      level: 2,
      parent_code: c.code.slice(0, 2),
      region_code: c.regionCode,
      standard_hours: c.hours,
    });
  }
  for (const p of people) {
    if (p.leaderRank && p.status === 'ON_ROLL')
      await ctx.out.write('activity', 'unit_leader', {
        org_uscc: p.body.uscc,
        person_key: p.personKey,
        rank: p.leaderRank,
      });
  }
  const atPost = people.filter((p) => p.atPostUntil !== null);
  const inflated = new Map(
    ctx.rnd
      .fork('workload')
      .sample(
        atPost.filter((p) => p.anomaly === null && !p.leaderRank),
        plantCount('WORKLOAD_INFLATED', people.length),
      )
      .map((p) => [p.personKey, 0]),
  );
  const categoriesFor = new Map<string, typeof LEVEL2>();
  const countyName = new Map(ctx.counties.map((c) => [c.code, c.name]));
  let id = 0;
  const write = async (r: LinkedRecord) => {
    const category = LEVEL2.find((c) => c.code === r.categoryCode)!;
    const hours = Math.max(0.5, category.hours + rnd.int(-2, 2) * 0.5);
    const inflatedSoFar = inflated.get(r.person.personKey);
    if (inflatedSoFar !== undefined) inflated.set(r.person.personKey, inflatedSoFar + 1);
    await ctx.out.write('activity', 'work_record', {
      id: ++id,
      person_key: r.person.personKey,
      org_uscc: r.person.body.uscc,
      date: r.date,
      place: `${countyName.get(rnd.pick(r.person.body.homeCounties)) ?? ''}${rnd.pick(PLACES)}`,
      category_code: r.categoryCode,
      description: `${category.name}：${r.person.body.name}`,
      hours: inflatedSoFar === undefined ? hours : category.hours * WORKLOAD_INFLATION_FACTOR,
      payment_ref: r.paymentRef,
      region_code: r.person.body.regionCode,
    });
  };
  const randomRecord = (person: RollPerson): LinkedRecord | null => {
    let categories = categoriesFor.get(person.body.regionCode);
    if (!categories) {
      categories = LEVEL2.filter((c) => regionCovers(c.regionCode, person.body.regionCode));
      categoriesFor.set(person.body.regionCode, categories);
    }
    for (let attempt = 0; attempt < 50; attempt++) {
      const date = weekdayBetween(rnd, windowStart, person.atPostUntil!);
      if (!reimbursements.blocked.has(`${person.personKey}|${date}`)) {
        return { person, date, categoryCode: rnd.pick(categories).code, paymentRef: null };
      }
    }
    return null;
  };

  for (const r of reimbursements.linked) await write(r);
  for (const person of atPost) {
    const r = randomRecord(person);
    if (r) await write(r);
  }
  const target = ctx.scale.workRecords;
  if (id > target) throw new Error(`scale ${ctx.scale.name}: ${id} records needed before filling, target ${target}`);
  while (id < target) {
    const r = randomRecord(rnd.pick(atPost));
    if (r) await write(r);
  }
  for (const person of atPost) {
    const records = inflated.get(person.personKey);
    if (records !== undefined)
      ctx.manifest.anomalies.WORKLOAD_INFLATED.push({
        personKey: person.personKey,
        orgUscc: person.body.uscc,
        regionCode: person.body.regionCode,
        records,
      });
  }
}
