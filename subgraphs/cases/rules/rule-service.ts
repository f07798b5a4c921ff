import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

import { checkRegionCode, checkUsccShape } from '../../../common/arguments';
import { badUserInput, forbiddenField } from '../../../common/errors';
import type { SubgraphAccess } from '../../../common/gateway-signature';
import type { RegionScope } from '../../common/region-scope';
import { AlertEntity } from '../entities/alert';
import { RuleRunEntity } from '../entities/rule-run';
import { WatchRuleEntity } from '../entities/watch-rule';
import { RULE_CHECKS, type RuleCheck } from './rule-findings';
import type { RuleRunner } from './rule-runner';
import type { RuleScheduler } from './rule-scheduler';

/** Five cron fields (minute first), or six with seconds first: digits, *, /, ',' and '-' only. */
const CRON = /^(\S+\s+){4,5}\S+$/;
const CRON_FIELD = /^[0-9*/,-]+$/;

export interface WatchRuleInput {
  name: string;
  office: string;
  check: RuleCheck;
  regionCode: string;
  orgUscc?: string | null;
  minAmount?: number | null;
  lookbackMonths?: number | null;
  schedule: string;
}

/** Watch rules as one caller may define and run them: supervisors, over regions in their scope. */
export class RuleService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly runner: RuleRunner,
    private readonly scheduler: RuleScheduler | null,
    private readonly access: SubgraphAccess,
    private readonly scope: RegionScope,
  ) {}

  async create(input: WatchRuleInput): Promise<WatchRuleEntity> {
    this.mustSupervise();
    const name = input.name.trim();
    if (name.length < 2 || name.length > 100) throw badUserInput('name must be 2 to 100 characters', 'name');
    const office = input.office.trim();
    if (office.length < 2 || office.length > 64) throw badUserInput('office must be 2 to 64 characters', 'office');
    if (!(RULE_CHECKS as readonly string[]).includes(input.check)) throw badUserInput('unknown check', 'check');
    const regionCode = this.scope.mustCover(checkRegionCode(input.regionCode));
    const schedule = input.schedule.trim();
    if (!CRON.test(schedule) || !schedule.split(/\s+/).every((f) => CRON_FIELD.test(f)))
      throw badUserInput(
        'schedule must be a cron pattern of 5 fields (or 6 with seconds), e.g. "0 2 1 * *"',
        'schedule',
      );
    const lookbackMonths = input.lookbackMonths ?? 3;
    if (!Number.isInteger(lookbackMonths) || lookbackMonths < 1 || lookbackMonths > 12)
      throw badUserInput('lookbackMonths must be 1 to 12', 'lookbackMonths');
    const minAmount = input.minAmount ?? null;
    if (minAmount !== null && (!Number.isFinite(minAmount) || minAmount < 0))
      throw badUserInput('minAmount must be a non-negative amount', 'minAmount');
    const rule = await this.dataSource.getRepository(WatchRuleEntity).save({
      name,
      office,
      check: input.check,
      regionCode,
      orgUscc: input.orgUscc ? checkUsccShape(input.orgUscc, 'orgUscc') : null,
      minAmount,
      lookbackMonths,
      schedule,
      active: true,
      createdBy: this.access.user,
      createdAt: new Date().toISOString(),
    });
    try {
      await this.scheduler?.schedule(rule);
    } catch (error) {
      await this.dataSource.getRepository(WatchRuleEntity).delete({ id: rule.id });
      throw badUserInput(`schedule was refused: ${(error as Error).message}`, 'schedule');
    }
    return rule;
  }

  async setActive(id: string, active: boolean): Promise<WatchRuleEntity> {
    this.mustSupervise();
    const rule = await this.find(id);
    await this.dataSource.getRepository(WatchRuleEntity).update({ id: rule.id }, { active });
    const changed = { ...rule, active };
    await this.scheduler?.schedule(changed);
    return changed;
  }

  /** A run now, besides the schedule (its own run key). */
  async runNow(id: string) {
    this.mustSupervise();
    const rule = await this.find(id);
    if (!rule.active) throw badUserInput(`rule ${id} is not active`, 'id');
    return this.runner.run(rule.id, `manual:${randomUUID()}`);
  }

  rules(regionCode: string | null) {
    const q = this.dataSource.getRepository(WatchRuleEntity).createQueryBuilder('rule').orderBy('rule.id', 'ASC');
    this.scope.restrict(q, 'rule.regionCode');
    if (regionCode) q.andWhere('rule.regionCode = :regionCode', { regionCode: checkRegionCode(regionCode) });
    return q.getMany();
  }

  /** Alerts in scope, of one rule if given: the query a page is cut from. */
  alerts(ruleId: string | null | undefined) {
    const q = this.dataSource.getRepository(AlertEntity).createQueryBuilder('alert');
    this.scope.restrict(q, 'alert.regionCode');
    if (ruleId) q.andWhere('alert.ruleId = :ruleId', { ruleId: Number(ruleId) || 0 });
    return q;
  }

  runs(ruleId: number, last: number): Promise<RuleRunEntity[]> {
    if (!Number.isInteger(last) || last < 1 || last > 100) throw badUserInput('last must be 1 to 100', 'last');
    return this.dataSource.getRepository(RuleRunEntity).find({ where: { ruleId }, order: { id: 'DESC' }, take: last });
  }

  /** The rule an alert in scope belongs to (its region may be wider than the alert's). */
  async ruleOf(id: number): Promise<WatchRuleEntity> {
    return this.dataSource.getRepository(WatchRuleEntity).findOneByOrFail({ id });
  }

  private async find(id: string): Promise<WatchRuleEntity> {
    const numeric = Number(id);
    const rule = Number.isSafeInteger(numeric)
      ? await this.dataSource.getRepository(WatchRuleEntity).findOneBy({ id: numeric })
      : null;
    if (!rule || !this.scope.covers(rule.regionCode)) throw badUserInput(`no rule ${id} in your region scope`, 'id');
    return rule;
  }

  private mustSupervise(): void {
    if (!this.access.roles.includes('supervisor')) throw forbiddenField('watch rules need the role supervisor');
  }
}
