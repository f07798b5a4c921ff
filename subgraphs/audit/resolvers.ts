import { checkNumericId, checkUscc, checkUsccShape } from '../../common/arguments';
import { badUserInput } from '../../common/errors';
import { whereEquals, whereRegion } from '../common/filters';
import { paginate } from '../common/pagination';
import { required } from '../common/references';
import { DateScalar } from '../common/scalars';
import { AuditProjectEntity } from './entities/audit-project';
import { FindingEntity } from './entities/finding';
import type { Resolvers } from './generated/resolvers-types';

/** Largest batch of bodies one findingsByResponsibleUsccs call accepts. */
const MAX_USCCS = 1000;

export const resolvers: Resolvers = {
  Date: DateScalar,

  Query: {
    auditProjects: (_, { filter, first, after }, { dataSource, maxPageSize, scope }) => {
      const q = scope.restrict(
        dataSource.getRepository(AuditProjectEntity).createQueryBuilder('project'),
        'project.regionCode',
      );
      whereEquals(q, 'project.year', filter?.year);
      whereEquals(q, 'project.auditeeUscc', filter?.auditeeUscc, (v) => checkUscc(v, 'auditeeUscc'));
      whereRegion(q, 'project.regionCode', filter?.regionCode);
      return paginate(q, { first, after }, maxPageSize);
    },

    auditProject: async (_, { id }, { loaders, scope }) =>
      scope.check(await loaders.projectById.load(checkNumericId(id)), 'audit project'),

    findings: (_, { filter, first, after }, { dataSource, maxPageSize, scope }) => {
      const q = scope.restrict(
        dataSource.getRepository(FindingEntity).createQueryBuilder('finding'),
        'finding.regionCode',
      );
      whereEquals(q, 'finding.responsibleUscc', filter?.responsibleUscc, (v) => checkUscc(v, 'responsibleUscc'));
      whereRegion(q, 'finding.regionCode', filter?.regionCode);
      whereEquals(q, 'finding.category', filter?.category);
      whereEquals(q, 'finding.rectificationStatus', filter?.status);
      if (filter?.year != null) {
        q.andWhere('finding.projectId IN (SELECT p.id FROM audit_project p WHERE p.year = :year)', {
          year: filter.year,
        });
      }
      if (filter?.overdueAsOf) {
        q.andWhere("finding.rectificationDeadline < :asOf AND finding.rectificationStatus <> 'COMPLETED'", {
          asOf: filter.overdueAsOf,
        });
      }
      return paginate(q, { first, after }, maxPageSize);
    },

    finding: async (_, { id }, { loaders, scope }) =>
      scope.check(await loaders.findingById.load(checkNumericId(id)), 'finding'),

    findingsByResponsibleUsccs: async (_, { usccs }, { loaders }) => {
      if (usccs.length > MAX_USCCS) throw badUserInput(`usccs takes at most ${MAX_USCCS} codes`, 'usccs');
      // Codes are not check-digit validated here: real records carry a few invalid ones, and a batch
      // from the gateway must still find their findings. The shape is checked.
      const lists = await loaders.findingsByResponsible.loadMany(usccs.map((u) => checkUsccShape(u, 'usccs')));
      return lists.map((findings) => {
        if (findings instanceof Error) throw findings;
        return findings;
      });
    },
  },

  AuditProject: {
    findings: (project, _, { loaders }) => loaders.findingsByProject.load(project.id),
  },

  Finding: {
    project: (finding, _, { loaders }) => required(loaders.projectById.load(finding.projectId), 'audit project'),
  },
};
