import { In, LessThan, type DataSource, type EntityManager } from 'typeorm';

import { badUserInput } from '../../../common/errors';
import { parentRegion, regionPrefix } from '../../../common/identifiers/region-code';
import type { RegionScope } from '../../common/region-scope';
import { LeadEntity } from '../entities/lead';
import { LeadEventEntity } from '../entities/lead-event';
import type { Notify } from '../notifications/notify';
import { OPEN_AT_BODY, TRANSITIONS, type LeadAction, type LeadState } from './lifecycle';

export interface NewLead {
  source: 'SUPERVISOR' | 'ALERT' | 'COMPLAINT' | 'BATCH_WARNING';
  kind: string;
  regionCode: string;
  orgUscc: string | null;
  personKey: string | null;
  summary: string;
}

/** What a step records besides the move itself. */
export interface StepRecord {
  note?: string | null;
  orgUscc?: string | null;
  deadline?: string | null;
  amountRecovered?: number | null;
  documents?: readonly string[] | null;
}

export interface LeadFilter {
  regionCode?: string | null;
  states?: readonly LeadState[] | null;
  kind?: string | null;
  overdueOn?: string | null;
}

const now = () => new Date().toISOString();

/** Leads and their steps in the cases database. */
export class LeadStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly persist: () => Promise<void>,
    private readonly notify: Notify,
  ) {}

  async register(lead: NewLead, actor: string): Promise<LeadEntity> {
    const saved = await this.dataSource.transaction(async (manager) => {
      const at = now();
      const row = await manager.getRepository(LeadEntity).save({
        ...lead,
        state: 'REGISTERED',
        deadline: null,
        escalationLevel: 0,
        handlingRegion: lead.regionCode,
        createdBy: actor,
        createdAt: at,
        updatedAt: at,
        closedAt: null,
        rectifiedBy: null,
      });
      await this.event(manager, row.id, 'register', null, 'REGISTERED', actor, at, { note: lead.summary });
      return row;
    });
    await this.persist();
    return saved;
  }

  /**
   * One move, made only if the lead is still in the state it was read in: of two people moving the same
   * lead at once, the second is refused rather than both recorded.
   */
  async move(lead: LeadEntity, action: LeadAction, actor: string, record: StepRecord): Promise<LeadEntity> {
    const to = TRANSITIONS[action].to;
    const at = now();
    const changes: Partial<LeadEntity> = { state: to, updatedAt: at };
    if (action === 'assign') Object.assign(changes, { orgUscc: record.orgUscc, deadline: record.deadline });
    if (action === 'rectify') changes.rectifiedBy = actor;
    if (to === 'CLOSED') changes.closedAt = at;
    const moved = await this.dataSource.transaction(async (manager) => {
      const result = await manager
        .createQueryBuilder()
        .update(LeadEntity)
        .set(changes)
        .where('id = :id AND state = :state', { id: lead.id, state: lead.state })
        .execute();
      if (result.affected !== 1)
        throw badUserInput('the lead was moved by someone else meanwhile: read it again', 'id');
      await this.event(manager, lead.id, action, lead.state, to, actor, at, record);
      return { ...lead, ...changes } as LeadEntity;
    });
    await this.persist();
    if (action === 'assign')
      this.notify({ type: 'LEAD_ASSIGNED', leadId: lead.id, regionCode: lead.regionCode, orgUscc: moved.orgUscc! });
    return moved;
  }

  /**
   * 逾期升级: every lead still at its body past its deadline goes one level up (its handling region
   * becomes the level above): on its first day overdue, and again every 30 days it stays so, up to the
   * province. Running it again the same day escalates nothing more. Returns the leads escalated.
   */
  async escalateOverdue(asOf: string, scope?: RegionScope): Promise<LeadEntity[]> {
    const due = await this.dataSource.getRepository(LeadEntity).find({
      where: { state: In([...OPEN_AT_BODY]), deadline: LessThan(asOf) },
      order: { id: 'ASC' },
    });
    const escalated: LeadEntity[] = [];
    for (const lead of due) {
      if (scope && !scope.covers(lead.regionCode)) continue;
      const above = parentRegion(lead.handlingRegion);
      // Already at the top, or already escalated since its deadline passed for this level.
      if (above === null || lead.escalationLevel >= levelsOverdue(lead.deadline!, asOf)) continue;
      const at = now();
      await this.dataSource.transaction(async (manager) => {
        await manager
          .getRepository(LeadEntity)
          .update(
            { id: lead.id, escalationLevel: lead.escalationLevel },
            { escalationLevel: lead.escalationLevel + 1, handlingRegion: above, updatedAt: at },
          );
        await this.event(manager, lead.id, 'escalate', lead.state, lead.state as LeadState, 'system', at, {
          note: `overdue since ${lead.deadline}: handed to ${above}`,
        });
      });
      escalated.push({ ...lead, escalationLevel: lead.escalationLevel + 1, handlingRegion: above });
    }
    if (escalated.length) await this.persist();
    return escalated;
  }

  async find(id: number, scope: RegionScope): Promise<LeadEntity | null> {
    const lead = await this.dataSource.getRepository(LeadEntity).findOneBy({ id });
    return lead && scope.covers(lead.regionCode) ? lead : null;
  }

  events(leadId: number): Promise<LeadEventEntity[]> {
    return this.dataSource.getRepository(LeadEventEntity).find({ where: { leadId }, order: { id: 'ASC' } });
  }

  /** Leads in scope and filter: the query a page is cut from. */
  leads(scope: RegionScope, filter: LeadFilter) {
    const q = this.dataSource.getRepository(LeadEntity).createQueryBuilder('lead');
    scope.restrict(q, 'lead.regionCode');
    if (filter.regionCode)
      q.andWhere('lead.regionCode LIKE :region', { region: `${regionPrefix(filter.regionCode)}%` });
    if (filter.states?.length) q.andWhere('lead.state IN (:...states)', { states: filter.states });
    if (filter.kind) q.andWhere('lead.kind = :kind', { kind: filter.kind });
    if (filter.overdueOn)
      q.andWhere('lead.state IN (:...open) AND lead.deadline < :overdueOn', {
        open: OPEN_AT_BODY,
        overdueOn: filter.overdueOn,
      });
    return q;
  }

  /** Counts by state, region and kind, overdue ones, and the days from registration to close. */
  async statistics(scope: RegionScope, regionCode: string | null, asOf: string) {
    const base = () => this.leads(scope, { regionCode });
    const grouped = (columns: string[]) =>
      base()
        .select([...columns.map((c) => `lead.${c} AS ${c}`), 'COUNT(*) AS leads'])
        .groupBy(columns.map((c) => `lead.${c}`).join(', '))
        .orderBy(columns.map((c) => `lead.${c}`).join(', '))
        .getRawMany<Record<string, string | number>>();
    const [byState, byRegion, byKind, overdue, closed] = await Promise.all([
      grouped(['state']),
      grouped(['regionCode', 'state']),
      grouped(['kind']),
      this.leads(scope, { regionCode, overdueOn: asOf }).getCount(),
      base()
        .andWhere("lead.state = 'CLOSED'")
        .select(['lead.createdAt AS createdAt', 'lead.closedAt AS closedAt'])
        .getRawMany<{ createdAt: string; closedAt: string }>(),
    ]);
    const days = closed
      .map((c) => (Date.parse(c.closedAt) - Date.parse(c.createdAt)) / 86_400_000)
      .sort((a, b) => a - b);
    const count = (rows: Array<Record<string, string | number>>) =>
      rows.map((r) => ({ ...r, leads: Number(r['leads']) }));
    return {
      total: byState.reduce((n, r) => n + Number(r['leads']), 0),
      byState: count(byState),
      byRegion: count(byRegion),
      byKind: count(byKind),
      overdue,
      averageDaysToClose: days.length ? days.reduce((a, b) => a + b, 0) / days.length : null,
      medianDaysToClose: days.length
        ? (days[Math.floor((days.length - 1) / 2)]! + days[Math.floor(days.length / 2)]!) / 2
        : null,
    };
  }

  private async event(
    manager: EntityManager,
    leadId: number,
    action: string,
    fromState: string | null,
    toState: LeadState,
    actor: string,
    at: string,
    record: StepRecord,
  ): Promise<void> {
    await manager.getRepository(LeadEventEntity).insert({
      leadId,
      action,
      fromState,
      toState,
      actor,
      at,
      note: record.note ?? null,
      amountRecovered: record.amountRecovered ?? null,
      documents: record.documents?.length ? JSON.stringify(record.documents) : null,
    });
  }
}

/** How many levels a lead should have gone up by `asOf`: one on the day after its deadline, one more each 30 days. */
export function levelsOverdue(deadline: string, asOf: string): number {
  if (asOf <= deadline) return 0;
  const days = (Date.parse(asOf) - Date.parse(deadline)) / 86_400_000;
  return 1 + Math.floor((days - 1) / 30);
}
