import type { EstablishmentType } from '../../staffing/entities/establishment-quota';
import type { PersonStatus, PostType } from '../../staffing/entities/person';
import { addDays, dateBetween, minDate } from '../calendar';
import type { Random } from '../random';
import { FUNCTIONS, UNIT_NAMES } from '../reference/vocabulary';
import { DATASET_CALENDAR, plantCount } from '../scales';
import { corruptCheckChar, makeName, type GenerationContext } from './context';
import type { Body, RollPerson } from './model';

const { windowStart, windowEnd, payrollMonths } = DATASET_CALENDAR;
const ID_ALPHABET = '0123456789X';

/** Deputy leader posts (领导职数) a plan gives a body of this size. */
function deputyPostsFor(size: number): number {
  return size < 10 ? 1 : size < 30 ? 2 : size < 80 ? 3 : 4;
}

/** The 处室 leader rule: 3 staff → 1; 4–7 → 1 + 1; 8–14 → 1 + 2; 15 and more → 1 + 3. */
export function unitLeaderPosts(staff: number): { chief: number; deputy: number } {
  if (staff < 3) return { chief: 0, deputy: 0 };
  if (staff === 3) return { chief: 1, deputy: 0 };
  return { chief: 1, deputy: staff < 8 ? 1 : staff < 15 ? 2 : 3 };
}

const LEVEL_PAY: Record<Body['level'], number> = { PROVINCE: 1.35, CITY: 1.2, COUNTY: 1.05, TOWNSHIP: 1 };
const STAFF_POSTS = ['一级主任科员', '二级主任科员', '四级主任科员', '一级科员', '科员'];
const PROFESSIONAL_POSTS = ['高级工程师', '工程师', '助理工程师', '专业技术人员'];
const SUPPORT_POSTS = ['驾驶员', '工勤技能人员'];

function leaderTitle(body: Body, rank: 'CHIEF' | 'DEPUTY'): string {
  const deputy = rank === 'DEPUTY' ? '副' : '';
  if (body.nature !== 'ADMINISTRATIVE_ORGAN') return `${deputy}主任`;
  if (body.level === 'TOWNSHIP') return `${deputy}镇长`;
  if (body.name.endsWith('办公厅') || body.name.endsWith('办公室')) return `${deputy}主任`;
  return body.level === 'PROVINCE' ? `${deputy}厅长` : `${deputy}局长`;
}

interface Unit {
  id: number;
  body: Body;
  name: string;
  members: RollPerson[];
}

/**
 * Builds the 实名制 roll of every body, plants the staffing-side anomalies, derives 三定 plans and
 * quotas from it, and writes plans, quotas, units and people. Returns the people for the other systems.
 */
export async function generateRoll(ctx: GenerationContext, bodies: Body[]): Promise<RollPerson[]> {
  const rnd = ctx.rnd.fork('roll');
  const people: RollPerson[] = [];
  const units: Unit[] = [];
  const big = bodies.filter((b) => b.size >= 8);
  const overEstablished = new Set(rnd.sample(big, plantCount('OVER_ESTABLISHMENT', bodies.length)).map((b) => b.id));
  const leadersExceeded = new Set(rnd.sample(big, plantCount('LEADER_POSTS_EXCEEDED', bodies.length)).map((b) => b.id));
  const deputiesOf = new Map<number, { posts: number; actual: number }>();
  const sameCity = new Map<string, Body[]>();
  for (const b of bodies) sameCity.set(b.cityCode, [...(sameCity.get(b.cityCode) ?? []), b]);

  for (const body of bodies) {
    const posts = deputyPostsFor(body.size);
    const deputies = leadersExceeded.has(body.id) ? posts + rnd.int(1, 2) : rnd.int(Math.max(0, posts - 1), posts);
    deputiesOf.set(body.id, { posts, actual: deputies });
    const nUnits = Math.min(10, Math.max(2, Math.ceil(body.size / 8)));
    const bodyUnits = rnd
      .sample(UNIT_NAMES, nUnits)
      .map((name, i) => ({ id: units.length + i + 1, body, name, members: [] as RollPerson[] }));
    for (const unit of bodyUnits) units.push(unit);
    for (let k = 0; k < body.size; k++) {
      const rank = k === 0 ? 'CHIEF' : k <= deputies ? 'DEPUTY' : null;
      const person = makePerson(ctx, rnd, body, rank, people.length + 1, sameCity.get(body.cityCode) ?? bodies);
      if (!rank) {
        const unit = rnd.pick(bodyUnits);
        person.unitId = unit.id;
        unit.members.push(person);
      }
      people.push(person);
    }
  }

  plantPayrollAnomalies(ctx, rnd, people, bodies);
  flagInvalidIdNumbers(ctx, rnd, people);
  for (const person of people) person.personKey = ctx.keyOf(person.idNumber);

  await writePlans(ctx, rnd, bodies, people, overEstablished, deputiesOf);
  for (const unit of units) {
    const counted = unit.members.filter((p) => p.status === 'ON_ROLL' || p.status === 'SECONDED').length;
    const leaders = unitLeaderPosts(counted);
    await ctx.out.write('staffing', 'internal_unit', {
      id: unit.id,
      org_id: unit.body.id,
      name: unit.name,
      functions: rnd.pick(FUNCTIONS),
      leader_chief: leaders.chief,
      leader_deputy: leaders.deputy,
    });
  }
  for (const p of people) {
    await ctx.out.write('staffing', 'person', {
      id: p.id,
      person_key: p.personKey,
      name: p.name,
      id_number: p.idNumber,
      id_number_valid: p.idNumberValid,
      gender: p.male ? 'MALE' : 'FEMALE',
      birth_date: p.birthDate,
      org_id: p.body.id,
      unit_id: p.unitId,
      establishment_type: p.establishmentType,
      enrolled_on: p.enrolledOn,
      post: p.post,
      post_type: p.postType,
      leader_rank: p.leaderRank,
      status: p.status,
      status_date: p.statusDate,
      seconded_to_org_id: p.secondedTo?.id ?? null,
      region_code: p.body.regionCode,
    });
  }
  return people;
}

function makePerson(
  ctx: GenerationContext,
  rnd: Random,
  body: Body,
  rank: 'CHIEF' | 'DEPUTY' | null,
  id: number,
  neighbours: Body[],
): RollPerson {
  const male = rnd.chance(rank ? 0.75 : 0.55);
  let status: PersonStatus = 'ON_ROLL';
  let statusDate: string | null = null;
  let secondedTo: Body | null = null;
  if (!rank) {
    const r = rnd.float();
    status =
      r < 0.012
        ? 'RETIRED'
        : r < 0.02
          ? 'TRANSFERRED_OUT'
          : r < 0.023
            ? 'DECEASED'
            : r < 0.033
              ? 'SECONDED'
              : 'ON_ROLL';
  }
  if (status === 'SECONDED') {
    secondedTo = pickOther(rnd, neighbours, body);
    statusDate = dateBetween(rnd, '2024-01-01', '2026-03-31');
  } else if (status !== 'ON_ROLL') {
    statusDate = rnd.chance(0.75)
      ? dateBetween(rnd, '2021-01-01', '2025-12-20')
      : dateBetween(rnd, '2026-01-05', '2026-06-25');
  }
  const age = rank ? rnd.int(42, 58) : status === 'RETIRED' ? rnd.int(60, 64) : rnd.int(24, 58);
  const birthDate = dateBetween(rnd, `${2026 - age - 1}-07-01`, `${2026 - age}-06-30`);
  const organ = body.nature === 'ADMINISTRATIVE_ORGAN';
  let establishmentType: EstablishmentType = organ
    ? body.politicalLegal
      ? 'POLITICAL_LEGAL'
      : 'ADMINISTRATIVE'
    : 'PUBLIC_INSTITUTION';
  if (organ && !rank && rnd.chance(0.12)) establishmentType = 'PUBLIC_INSTITUTION';
  let postType: PostType = 'LEADERSHIP';
  let post = rank ? leaderTitle(body, rank) : '';
  if (!rank) {
    const r = rnd.float();
    postType = r < 0.08 ? 'SUPPORT' : !organ && r < 0.7 ? 'PROFESSIONAL' : 'NON_LEADERSHIP';
    post = rnd.pick(
      postType === 'SUPPORT' ? SUPPORT_POSTS : postType === 'PROFESSIONAL' ? PROFESSIONAL_POSTS : STAFF_POSTS,
    );
  }
  const factor = LEVEL_PAY[body.level];
  const gross =
    rank === 'CHIEF'
      ? rnd.money(14000, 18000) * factor
      : rank === 'DEPUTY'
        ? rnd.money(11000, 14000) * factor
        : postType === 'SUPPORT'
          ? rnd.money(5000, 7000)
          : rnd.money(6500, 11000) * factor;
  const enrolledFrom = minDate(addDays(birthDate, 22 * 365), '2025-12-31');
  const enrolledOn = dateBetween(rnd, enrolledFrom, minDate(addDays(birthDate, 32 * 365), '2025-12-31'));
  const atPostUntil =
    status === 'ON_ROLL' || status === 'SECONDED'
      ? windowEnd
      : statusDate! > windowStart
        ? addDays(statusDate!, -1)
        : null;
  return {
    id,
    personKey: '',
    name: makeName(rnd, male),
    idNumber: ctx.ids.next(rnd.pick(body.homeCounties), birthDate, male),
    idNumberValid: true,
    male,
    birthDate,
    body,
    unitId: null,
    establishmentType,
    enrolledOn,
    post,
    postType,
    leaderRank: rank,
    status,
    statusDate,
    secondedTo,
    gross: Math.round(gross * 100) / 100,
    atPostUntil,
    diedOn: null,
    anomaly: null,
    extraPayer: null,
    extraPayMonths: [],
  };
}

function pickOther(rnd: Random, bodies: Body[], not: Body): Body {
  for (;;) {
    const b = rnd.pick(bodies);
    if (b.id !== not.id || bodies.length === 1) return b;
  }
}

/** A body of another region than `not`'s (any other body when the dataset has one region). */
function pickElsewhere(rnd: Random, bodies: Body[], not: Body): Body {
  const elsewhere = bodies.filter((b) => b.regionCode !== not.regionCode);
  return elsewhere.length ? rnd.pick(elsewhere) : pickOther(rnd, bodies, not);
}

function nonEmptySubset(rnd: Random, months: readonly string[]): string[] {
  const chosen = months.filter(() => rnd.chance(0.5));
  return chosen.length ? chosen : [rnd.pick(months)];
}

/**
 * Marks people for the payroll-side anomalies. Each anomaly takes its own people from one shuffled
 * pool of non-leaders on the roll, so no person carries two and the ground truth stays exact.
 */
function plantPayrollAnomalies(ctx: GenerationContext, rnd: Random, people: RollPerson[], bodies: Body[]): void {
  const pool = rnd.sample(
    people.filter((p) => p.status === 'ON_ROLL' && !p.leaderRank),
    people.length,
  );
  const n = people.length;
  const take = (count: number) => pool.splice(0, count);

  for (const p of take(plantCount('PAID_AFTER_SEPARATION', n))) {
    p.anomaly = 'PAID_AFTER_SEPARATION';
    p.status = rnd.pick(['RETIRED', 'TRANSFERRED_OUT', 'DECEASED'] as const);
    p.statusDate = dateBetween(rnd, '2026-01-12', '2026-05-20');
    p.atPostUntil = addDays(p.statusDate, -1);
  }
  for (const p of take(plantCount('DEAD_BUT_PAID', n))) {
    p.anomaly = 'DEAD_BUT_PAID';
    p.diedOn = dateBetween(rnd, '2026-02-02', '2026-05-20');
    p.atPostUntil = addDays(p.diedOn, -1);
  }
  take(plantCount('PAID_BY_TWO_BODIES', n)).forEach((p, i) => {
    p.anomaly = 'PAID_BY_TWO_BODIES';
    // The first is paid by a body of another region: a case only a check across regional nodes finds.
    p.extraPayer = i === 0 ? pickElsewhere(rnd, bodies, p.body) : pickOther(rnd, bodies, p.body);
    p.extraPayMonths = nonEmptySubset(rnd, payrollMonths);
  });
  take(plantCount('SECONDED_PAID_TWICE', n)).forEach((p, i) => {
    p.anomaly = 'SECONDED_PAID_TWICE';
    p.status = 'SECONDED';
    p.statusDate = dateBetween(rnd, '2025-06-01', '2026-03-31');
    p.secondedTo = i === 0 ? pickElsewhere(rnd, bodies, p.body) : pickOther(rnd, bodies, p.body);
    p.extraPayer = p.secondedTo;
    p.extraPayMonths = nonEmptySubset(rnd, payrollMonths);
  });
  take(plantCount('NEVER_AT_POST', n)).forEach((p, i) => {
    p.anomaly = 'NEVER_AT_POST';
    p.atPostUntil = null;
    if (i === 0) {
      // 借调 serve as 在编 do (onRoll counts both): a seconded person is expected at post too.
      p.status = 'SECONDED';
      p.statusDate = dateBetween(rnd, '2025-06-01', '2026-03-31');
      p.secondedTo = pickOther(rnd, bodies, p.body);
    }
  });
  for (const p of take(plantCount('PUBLIC_EMPLOYEE_ON_RELIEF', ctx.scale.reliefCases)))
    p.anomaly = 'PUBLIC_EMPLOYEE_ON_RELIEF';
  for (const p of take(plantCount('ON_ROLL_NOT_PAID', n))) p.anomaly = 'ON_ROLL_NOT_PAID';
}

function flagInvalidIdNumbers(ctx: GenerationContext, rnd: Random, people: RollPerson[]): void {
  const candidates = people.filter((p) => !p.anomaly);
  for (const p of rnd.sample(candidates, Math.max(2, Math.round(people.length * 0.0005)))) {
    p.idNumber = corruptCheckChar(p.idNumber, ID_ALPHABET);
    p.idNumberValid = false;
    ctx.manifest.flagged.INVALID_ID_NUMBER.push({ system: 'staffing', idNumber: p.idNumber });
  }
}

/** 三定 plans and quotas derived from the roll: normally at or above head count, below it where planted. */
async function writePlans(
  ctx: GenerationContext,
  rnd: Random,
  bodies: Body[],
  people: RollPerson[],
  overEstablished: Set<number>,
  deputiesOf: Map<number, { posts: number; actual: number }>,
): Promise<void> {
  const counted = new Map<number, Map<EstablishmentType, number>>();
  for (const p of people) {
    const byType = counted.get(p.body.id) ?? new Map<EstablishmentType, number>();
    counted.set(p.body.id, byType);
    const n = byType.get(p.establishmentType) ?? 0;
    byType.set(p.establishmentType, n + (p.status === 'ON_ROLL' || p.status === 'SECONDED' ? 1 : 0));
  }
  let quotaId = 0;
  for (const body of bodies) {
    const leaders = deputiesOf.get(body.id)!;
    const year = rnd.int(2015, 2024);
    await ctx.out.write('staffing', 'establishment_plan', {
      id: body.id,
      org_id: body.id,
      document_number: `苏编办〔${year}〕${rnd.int(1, 180)}号`,
      approved_on: dateBetween(rnd, `${year}-01-01`, `${year}-12-31`),
      functions: JSON.stringify(rnd.sample(FUNCTIONS, rnd.int(3, 5))),
      leader_chief: 1,
      leader_deputy: leaders.posts,
    });
    if (leaders.actual > leaders.posts) {
      ctx.manifest.anomalies.LEADER_POSTS_EXCEEDED.push({
        orgUscc: body.uscc,
        rank: 'DEPUTY',
        posts: leaders.posts,
        actual: leaders.actual,
      });
    }
    const byType = [...(counted.get(body.id) ?? new Map<EstablishmentType, number>())].sort((a, b) => b[1] - a[1]);
    for (const [i, [type, actual]] of byType.entries()) {
      const over = overEstablished.has(body.id) && i === 0 && actual > 0;
      const quota = over
        ? actual - rnd.int(1, Math.max(1, Math.floor(actual * 0.08)))
        : actual + rnd.int(0, Math.ceil(actual * 0.12));
      if (over) ctx.manifest.anomalies.OVER_ESTABLISHMENT.push({ orgUscc: body.uscc, type, quota, actual });
      const funding =
        type === 'PUBLIC_INSTITUTION' ? rnd.weighted(['FULL', 'PARTIAL', 'SELF_FINANCED'], [80, 15, 5]) : null;
      await ctx.out.write('staffing', 'establishment_quota', { id: ++quotaId, plan_id: body.id, type, funding, quota });
    }
  }
}
