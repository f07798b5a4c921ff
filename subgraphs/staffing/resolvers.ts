import { checkIdNumber, checkPersonKey, checkUscc, containsLike } from '../../common/arguments';
import { badUserInput } from '../../common/errors';
import { FactTableScalar } from '../../common/fact-table';
import { whereEquals, whereOrgUscc, whereRegion } from '../common/filters';
import { paginate } from '../common/pagination';
import { required } from '../common/references';
import { DateScalar } from '../common/scalars';
import { OrgEntity } from './entities/org';
import { PersonEntity } from './entities/person';
import { PowerItemEntity } from './entities/power-item';
import { RegionEntity } from './entities/region';
import { ResponsibilityItemEntity } from './entities/responsibility-item';
import { establishmentFacts, rollFacts } from './facts';
import type { Resolvers } from './generated/resolvers-types';
import { POWER_CATEGORY_LABELS } from './power-categories';
import { powerListCounts } from './power-list-counts';

export const resolvers: Resolvers = {
  Date: DateScalar,
  FactTable: FactTableScalar,

  Query: {
    org: (_, { uscc }, { loaders }) => loaders.orgByUscc.load(checkUscc(uscc)),

    orgs: (_, { filter, first, after }, { dataSource, maxPageSize }) => {
      const q = dataSource.getRepository(OrgEntity).createQueryBuilder('org');
      if (filter?.nameContains) q.andWhere('org.name LIKE :name', { name: containsLike(filter.nameContains) });
      whereRegion(q, 'org.regionCode', filter?.regionCode);
      whereEquals(q, 'org.level', filter?.level);
      whereEquals(q, 'org.nature', filter?.nature);
      whereOrgUscc(q, 'org.parentId', filter?.parentUscc, 'parentUscc');
      return paginate(q, { first, after }, maxPageSize);
    },

    person: async (_, { personKey, idNumber }, { loaders, dataSource, scope }) => {
      if ((personKey == null) === (idNumber == null)) throw badUserInput('give exactly one of personKey or idNumber');
      const person =
        personKey != null
          ? await loaders.personByKey.load(checkPersonKey(personKey))
          : await dataSource.getRepository(PersonEntity).findOneBy({ idNumber: checkIdNumber(idNumber!) });
      return scope.check(person, 'person');
    },

    people: (_, { filter, first, after }, { dataSource, maxPageSize, scope }) => {
      const q = scope.restrict(
        dataSource.getRepository(PersonEntity).createQueryBuilder('person'),
        'person.regionCode',
      );
      whereOrgUscc(q, 'person.orgId', filter?.orgUscc);
      whereRegion(q, 'person.regionCode', filter?.regionCode);
      whereEquals(q, 'person.status', filter?.status);
      whereEquals(q, 'person.establishmentType', filter?.establishmentType);
      if (filter?.nameContains) q.andWhere('person.name LIKE :name', { name: containsLike(filter.nameContains) });
      return paginate(q, { first, after }, maxPageSize);
    },

    powerItems: (_, { filter, first, after }, { dataSource, maxPageSize }) => {
      const q = dataSource.getRepository(PowerItemEntity).createQueryBuilder('item');
      whereOrgUscc(q, 'item.orgId', filter?.orgUscc);
      whereEquals(q, 'item.category', filter?.category);
      whereRegion(q, 'item.regionCode', filter?.regionCode);
      if (filter?.nameContains) q.andWhere('item.name LIKE :name', { name: containsLike(filter.nameContains) });
      return paginate(q, { first, after }, maxPageSize);
    },

    responsibilityItems: (_, { filter, first, after }, { dataSource, maxPageSize }) => {
      const q = dataSource.getRepository(ResponsibilityItemEntity).createQueryBuilder('item');
      whereOrgUscc(q, 'item.orgId', filter?.orgUscc);
      whereRegion(q, 'item.regionCode', filter?.regionCode);
      return paginate(q, { first, after }, maxPageSize);
    },

    powerListCounts: (_, { filter, first, after }, { dataSource, maxPageSize }) =>
      powerListCounts(dataSource, filter, { first, after }, maxPageSize),

    rollFacts: (_, args, { dataSource, scope }) => rollFacts(dataSource, scope, args),

    establishmentFacts: (_, args, { dataSource, scope }) => establishmentFacts(dataSource, scope, args),

    regions: (_, { parentCode }, { dataSource }) =>
      dataSource.getRepository(RegionEntity).find({
        where: parentCode ? { parentCode } : { level: 'PROVINCE' },
        order: { code: 'ASC' },
      }),
  },

  Region: {
    parent: (region, _, { loaders }) => (region.parentCode ? loaders.regionByCode.load(region.parentCode) : null),
  },

  Org: {
    __resolveReference: (ref, { loaders }) => loaders.orgByUscc.load(ref.uscc),
    region: async (org, _, { loaders }) => {
      const region = await loaders.regionByCode.load(org.regionCode);
      if (!region) throw new Error(`org ${org.uscc} has unknown region ${org.regionCode}`);
      return region;
    },
    parent: (org, _, { loaders }) => (org.parentId === null ? null : loaders.orgById.load(org.parentId)),
    children: (org, _, { loaders }) => loaders.orgsByParentId.load(org.id),
    plan: (org, _, { loaders }) => loaders.planByOrgId.load(org.id),
    internalUnits: (org, _, { loaders }) => loaders.unitsByOrgId.load(org.id),
    staff: (org, { filter, first, after }, { dataSource, maxPageSize, scope }) => {
      const q = dataSource
        .getRepository(PersonEntity)
        .createQueryBuilder('person')
        .where('person.orgId = :orgId', { orgId: org.id });
      scope.restrict(q, 'person.regionCode');
      whereEquals(q, 'person.status', filter?.status);
      whereEquals(q, 'person.establishmentType', filter?.establishmentType);
      return paginate(q, { first, after }, maxPageSize);
    },
    powerItems: async (org, { category }, { loaders }) => {
      const items = await loaders.powerItemsByOrgId.load(org.id);
      return category ? items.filter((item) => item.category === category) : items;
    },
    responsibilityItems: (org, _, { loaders }) => loaders.responsibilityItemsByOrgId.load(org.id),
  },

  EstablishmentPlan: {
    org: (plan, _, { loaders }) => required(loaders.orgById.load(plan.orgId)),
    quotas: (plan, _, { loaders }) => loaders.quotasByPlanId.load(plan.id),
    leaderPosts: (plan) => ({ chief: plan.leaderChief, deputy: plan.leaderDeputy }),
  },

  InternalUnit: {
    org: (unit, _, { loaders }) => required(loaders.orgById.load(unit.orgId)),
    leaderPosts: (unit) => ({ chief: unit.leaderChief, deputy: unit.leaderDeputy }),
  },

  Person: {
    __resolveReference: async (ref, { loaders, scope }) =>
      scope.check(await loaders.personByKey.load(ref.personKey), 'person'),
    org: (person, _, { loaders }) => required(loaders.orgById.load(person.orgId)),
    unit: (person, _, { loaders }) => (person.unitId === null ? null : loaders.unitById.load(person.unitId)),
    secondedTo: (person, _, { loaders }) =>
      person.secondedToOrgId === null ? null : loaders.orgById.load(person.secondedToOrgId),
  },

  PowerItem: {
    __resolveReference: (ref, { loaders }) => loaders.powerItemByCode.load(ref.code),
    categoryLabel: (item) => POWER_CATEGORY_LABELS[item.category],
    org: (item, _, { loaders }) => required(loaders.orgById.load(item.orgId)),
  },

  PowerListCount: {
    org: (row, _, { loaders }) => required(loaders.orgById.load(row.orgId)),
    categoryLabel: (row) => POWER_CATEGORY_LABELS[row.category],
  },

  ResponsibilityItem: {
    org: (item, _, { loaders }) => required(loaders.orgById.load(item.orgId)),
    powerItem: (item, _, { loaders }) =>
      item.powerItemId === null ? null : loaders.powerItemById.load(item.powerItemId),
  },
};
