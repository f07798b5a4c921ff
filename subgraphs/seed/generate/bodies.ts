import { makeGovernmentUscc } from '../../../common/identifiers/uscc';
import type { OrgLevel, OrgNature } from '../../staffing/entities/org';
import { JIANGSU_CITIES, PROVINCE } from '../reference/jiangsu-regions';
import { TOWN_PARTS } from '../reference/names';
import { DEPARTMENTS, INSTITUTIONS } from '../reference/vocabulary';
import { corruptCheckChar, type GenerationContext } from './context';
import type { Body } from './model';

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** Departments most supervision questions touch come first, so small datasets still have them. */
const PRIORITY = ['财政厅', '民政厅', '机构编制委员会办公室', '审计厅', '公安厅', '人力资源和社会保障厅'];
const ORDERED_DEPARTMENTS = [...DEPARTMENTS].sort((a, b) => rank(a.province) - rank(b.province));
function rank(name: string): number {
  const i = PRIORITY.indexOf(name);
  return i < 0 ? PRIORITY.length : i;
}

/** Raw size ranges by level; scaled afterwards so the roll has exactly the scale's head count. */
const SIZE_RANGE: Record<OrgLevel, [number, number]> = {
  PROVINCE: [60, 160],
  CITY: [25, 80],
  COUNTY: [12, 45],
  TOWNSHIP: [20, 40],
};

interface Region {
  code: string;
  name: string;
  level: 'PROVINCE' | 'CITY' | 'COUNTY';
  parentCode: string | null;
  cityCode: string;
}

/** The regions of the dataset: the province, its cities and their counties (fewer at test scale). */
export function datasetRegions(ctx: Pick<GenerationContext, 'scale'>): Region[] {
  const regions: Region[] = [
    { code: PROVINCE.code, name: PROVINCE.name, level: 'PROVINCE', parentCode: null, cityCode: '320100' },
  ];
  for (const city of JIANGSU_CITIES.slice(0, ctx.scale.cities)) {
    regions.push({ code: city.code, name: city.name, level: 'CITY', parentCode: PROVINCE.code, cityCode: city.code });
    const counties = ctx.scale.countiesPerCity ? city.counties.slice(0, ctx.scale.countiesPerCity) : city.counties;
    for (const [code, name] of counties)
      regions.push({ code, name, level: 'COUNTY', parentCode: city.code, cityCode: city.code });
  }
  return regions;
}

/** Writes regions and bodies (机构) and returns the bodies with their roll sizes. */
export async function generateBodies(ctx: GenerationContext): Promise<Body[]> {
  const rnd = ctx.rnd.fork('bodies');
  const regions = datasetRegions(ctx);
  for (const r of regions) {
    await ctx.out.write('staffing', 'region', {
      code: r.code,
      name: r.name,
      level: r.level,
      parent_code: r.parentCode,
    });
  }
  const countiesOf = (cityCode: string) =>
    regions.filter((r) => r.level === 'COUNTY' && r.cityCode === cityCode).map((r) => r.code);
  const allCounties = regions.filter((r) => r.level === 'COUNTY').map((r) => r.code);
  const bodies: Body[] = [];
  let serial = 0;

  const add = (spec: {
    name: string;
    level: OrgLevel;
    nature: OrgNature;
    regionCode: string;
    cityCode: string;
    homeCounties: string[];
    parentId: number | null;
    politicalLegal?: boolean;
  }): Body => {
    const [min, max] = SIZE_RANGE[spec.level];
    const body: Body = {
      id: bodies.length + 1,
      uscc: makeGovernmentUscc(
        spec.regionCode,
        ++serial * 7919,
        spec.nature === 'ADMINISTRATIVE_ORGAN' ? 'ORGAN' : 'INSTITUTION',
      ),
      politicalLegal: spec.politicalLegal ?? false,
      size: rnd.int(min, max),
      powerItemCodes: [],
      ...spec,
    };
    bodies.push(body);
    return body;
  };

  /** One region's government, departments and institutions. */
  const addRegionBodies = (
    region: Region,
    count: number,
    level: OrgLevel,
    homeCounties: string[],
    parentId: number | null,
  ) => {
    const government = add({
      name: `${region.name}人民政府${level === 'PROVINCE' ? '办公厅' : '办公室'}`,
      level,
      nature: 'ADMINISTRATIVE_ORGAN',
      regionCode: region.code,
      cityCode: region.cityCode,
      homeCounties,
      parentId,
    });
    const departments: Body[] = [];
    const nDepartments = Math.min(ORDERED_DEPARTMENTS.length, count - 1);
    for (let i = 0; i < nDepartments; i++) {
      const d = ORDERED_DEPARTMENTS[i]!;
      departments.push(
        add({
          name: `${region.name}${level === 'PROVINCE' ? d.province : d.local}`,
          level,
          nature: 'ADMINISTRATIVE_ORGAN',
          regionCode: region.code,
          cityCode: region.cityCode,
          homeCounties,
          parentId: government.id,
          politicalLegal: d.politicalLegal ?? false,
        }),
      );
    }
    for (let j = 0; j < count - 1 - nDepartments; j++) {
      const parent = departments[j % departments.length]!;
      const stem = INSTITUTIONS[Math.floor(j / departments.length) % INSTITUTIONS.length]!;
      add({
        name: `${parent.name}${stem}`,
        level,
        nature: rnd.chance(0.4) ? 'CIVIL_SERVICE_MANAGED' : 'PUBLIC_INSTITUTION',
        regionCode: region.code,
        cityCode: region.cityCode,
        homeCounties,
        parentId: parent.id,
      });
    }
    return government;
  };

  const province = regions[0]!;
  addRegionBodies(province, ctx.scale.provincialBodies, 'PROVINCE', allCounties, null);
  for (const city of regions.filter((r) => r.level === 'CITY')) {
    addRegionBodies(city, ctx.scale.bodiesPerCity, 'CITY', countiesOf(city.code), null);
  }
  for (const county of regions.filter((r) => r.level === 'COUNTY')) {
    const government = addRegionBodies(county, ctx.scale.bodiesPerCounty, 'COUNTY', [county.code], null);
    const towns = new Set<string>();
    while (towns.size < ctx.scale.townshipsPerCounty) towns.add(rnd.pick(TOWN_PARTS) + rnd.pick(TOWN_PARTS));
    for (const town of towns) {
      add({
        name: `${county.name}${town}镇人民政府`,
        level: 'TOWNSHIP',
        nature: 'ADMINISTRATIVE_ORGAN',
        regionCode: county.code,
        cityCode: county.cityCode,
        homeCounties: [county.code],
        parentId: government.id,
      });
    }
  }
  scaleSizes(bodies, ctx.scale.people, rnd);

  // A few real-world-style codes whose check character fails: flagged, never rejected.
  const invalid = new Set(rnd.sample(bodies.slice(1), Math.max(1, Math.round(bodies.length * 0.003))).map((b) => b.id));
  for (const body of bodies) {
    const valid = !invalid.has(body.id);
    if (!valid) {
      body.uscc = corruptCheckChar(body.uscc, USCC_ALPHABET);
      ctx.manifest.flagged.INVALID_USCC.push({ uscc: body.uscc });
    }
    await ctx.out.write('staffing', 'org', {
      id: body.id,
      uscc: body.uscc,
      uscc_valid: valid,
      name: body.name,
      level: body.level,
      nature: body.nature,
      region_code: body.regionCode,
      parent_id: body.parentId,
    });
  }
  return bodies;
}

/** Scales roll sizes so they add up to exactly `total`, keeping every body at five people or more. */
function scaleSizes(bodies: Body[], total: number, rnd: GenerationContext['rnd']): void {
  const raw = bodies.reduce((sum, b) => sum + b.size, 0);
  for (const b of bodies) b.size = Math.max(5, Math.round((b.size * total) / raw));
  let diff = total - bodies.reduce((sum, b) => sum + b.size, 0);
  while (diff !== 0) {
    const b = rnd.pick(bodies);
    if (diff > 0) {
      b.size++;
      diff--;
    } else if (b.size > 5) {
      b.size--;
      diff++;
    }
  }
}
