import { In, type DataSource } from 'typeorm';

import { Sources, type SourceOptions } from '../../supervision/sources';
import { AlertEntity } from '../entities/alert';
import { RuleRunEntity } from '../entities/rule-run';
import { WatchRuleEntity } from '../entities/watch-rule';
import type { LeadStore } from '../leads/lead-store';
import type { Notify } from '../notifications/notify';
import { findingsOf, ruleAccess } from './rule-findings';

/** A row that already exists under a unique index, on either database. */
const isDuplicate = (error: unknown) =>
  /ER_DUP_ENTRY|UNIQUE constraint failed|Duplicate entry/i.test(String((error as Error)?.message ?? error));

/**
 * Runs a rule once per run key: the run is claimed by inserting its row under a unique index, so of
 * two replicas handed the same occurrence (or one handed it twice) exactly one executes it. A finding
 * seen before is counted again on its alert; a new one raises an alert and opens a lead.
 */
export class RuleRunner {
  /** Occurrences this replica was handed, and those it claimed and ran: for its operators and tests. */
  handed = 0;
  claimed = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly leads: LeadStore,
    private readonly sources: SourceOptions,
    private readonly runner: string,
    private readonly persist: () => Promise<void>,
    private readonly notify: Notify,
  ) {}

  async run(ruleId: number, runKey: string, now = new Date()): Promise<RuleRunEntity | null> {
    this.handed++;
    const rule = await this.dataSource.getRepository(WatchRuleEntity).findOneBy({ id: ruleId });
    if (!rule?.active) return null;
    const runs = this.dataSource.getRepository(RuleRunEntity);
    let run: RuleRunEntity;
    try {
      run = await runs.save({ ruleId, runKey, runner: this.runner, startedAt: now.toISOString(), finishedAt: null });
    } catch (error) {
      if (isDuplicate(error)) return null; // another replica has it
      throw error;
    }
    this.claimed++;
    try {
      const findings = await findingsOf(rule, new Sources(this.sources, ruleAccess(rule)), now);
      const alerts = this.dataSource.getRepository(AlertEntity);
      // The rule's alerts read once, not one query per finding: a province's check finds thousands.
      const known = new Map(
        (await alerts.find({ select: { id: true, findingKey: true }, where: { ruleId } })).map((a) => [
          a.findingKey,
          a.id,
        ]),
      );
      const seenIds = findings.flatMap((f) => (known.has(f.key) ? [known.get(f.key)!] : []));
      for (let i = 0; i < seenIds.length; i += 1000)
        await alerts
          .createQueryBuilder()
          .update()
          .set({ lastRunId: run.id, timesSeen: () => 'times_seen + 1' })
          .where({ id: In(seenIds.slice(i, i + 1000)) })
          .execute();
      let newAlerts = 0;
      for (const f of findings) {
        if (known.has(f.key)) continue;
        const lead = await this.leads.register(
          {
            source: 'ALERT',
            kind: f.kind,
            regionCode: f.regionCode,
            orgUscc: f.orgUscc,
            personKey: f.personKey,
            summary: `${rule.name}: ${f.summary}`.slice(0, 500),
          },
          `rule:${rule.id}`,
        );
        const inserted = await alerts.insert({
          ruleId,
          findingKey: f.key,
          kind: f.kind,
          regionCode: f.regionCode,
          orgUscc: f.orgUscc,
          personKey: f.personKey,
          amount: f.amount,
          firstRunId: run.id,
          lastRunId: run.id,
          timesSeen: 1,
          leadId: lead.id,
        });
        this.notify({
          type: 'ALERT_RAISED',
          alertId: Number(inserted.identifiers[0]!['id']),
          regionCode: f.regionCode,
        });
        known.set(f.key, 0); // raised once, even if a check named one finding twice
        newAlerts++;
      }
      Object.assign(run, { finishedAt: new Date().toISOString(), findings: findings.length, newAlerts });
    } catch (error) {
      Object.assign(run, {
        finishedAt: new Date().toISOString(),
        error: String((error as Error).message).slice(0, 500),
      });
    }
    await runs.save(run);
    await this.persist();
    return run;
  }
}
