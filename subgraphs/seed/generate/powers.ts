import { POWER_CATEGORIES } from '../../staffing/power-categories';
import { ACCOUNTABILITY_CASES, DUTIES, LEGAL_BASES, POWER_ITEM_STEMS, STAGES } from '../reference/vocabulary';
import type { GenerationContext } from './context';
import type { Body } from './model';

/** 权力清单 and 责任清单 of every body; every category appears because each body cycles through them. */
export async function generatePowerLists(ctx: GenerationContext, bodies: Body[]): Promise<void> {
  const rnd = ctx.rnd.fork('powers');
  let powerId = 0;
  let dutyId = 0;
  for (const body of bodies) {
    const offset = rnd.int(0, POWER_CATEGORIES.length - 1);
    const ids: number[] = [];
    for (let k = 0; k < rnd.int(3, 8); k++) {
      const category = POWER_CATEGORIES[(offset + k) % POWER_CATEGORIES.length]!;
      const id = ++powerId;
      const code = `JS${body.regionCode}${String(id).padStart(6, '0')}`;
      ids.push(id);
      body.powerItemCodes.push(code);
      await ctx.out.write('staffing', 'power_item', {
        id,
        code,
        name: `${rnd.pick(POWER_ITEM_STEMS[category]!)}`,
        category,
        org_id: body.id,
        legal_basis: JSON.stringify(rnd.sample(LEGAL_BASES, rnd.int(1, 3))),
        responsibilities: JSON.stringify(
          STAGES.map((stage) => ({ stage, duties: [`${stage}环节依法履职`, `${stage}材料留存备查`] })),
        ),
        accountability_cases: JSON.stringify(rnd.sample(ACCOUNTABILITY_CASES, rnd.int(2, 4))),
        region_code: body.regionCode,
      });
    }
    for (let k = 0; k < rnd.int(2, 5); k++) {
      await ctx.out.write('staffing', 'responsibility_item', {
        id: ++dutyId,
        org_id: body.id,
        duty: rnd.pick(DUTIES),
        power_item_id: rnd.chance(0.6) ? rnd.pick(ids) : null,
        accountability_cases: JSON.stringify(rnd.sample(ACCOUNTABILITY_CASES, rnd.int(1, 3))),
        region_code: body.regionCode,
      });
    }
  }
}
