import { Queue, Worker, type Job } from 'bullmq';
import type { DataSource } from 'typeorm';

import { logger } from '../../../common/logger';
import { bullConnection } from '../bull-connection';
import { WatchRuleEntity } from '../entities/watch-rule';
import type { LeadStore } from '../leads/lead-store';
import { todayUtc } from '../leads/lifecycle';
import type { RuleRunner } from './rule-runner';

const QUEUE = 'cases-rules';
/** Overdue leads go one level up once a day, at 01:00 UTC. */
const ESCALATION = { id: 'escalate-overdue-leads', pattern: '0 1 * * *' };

type RuleJob = { ruleId: number } | { escalate: true };

/**
 * Rules on schedule with BullMQ over Redis: each active rule is a job scheduler (its cron pattern, UTC);
 * every replica runs a worker, BullMQ hands each occurrence to one of them, and the run key (the
 * occurrence's job id) makes a second delivery a no-op (RuleRunner claims it under a unique index).
 */
export class RuleScheduler {
  private constructor(
    private readonly client: { quit(): Promise<unknown> },
    private readonly queue: Queue,
    private readonly worker: Worker,
  ) {}

  static async start(options: {
    redisUrl: string;
    prefix: string;
    dataSource: DataSource;
    runner: RuleRunner;
    leads: LeadStore;
  }): Promise<RuleScheduler> {
    const { client, connection, prefix } = await bullConnection(options.redisUrl, options.prefix, 'rule scheduler');
    const queue = new Queue<RuleJob>(QUEUE, { connection, prefix });
    const worker = new Worker<RuleJob>(
      QUEUE,
      async (job: Job<RuleJob>) => {
        if ('escalate' in job.data) await options.leads.escalateOverdue(todayUtc());
        else await options.runner.run(job.data.ruleId, job.id ?? `job:${job.timestamp}`);
      },
      { connection, prefix, concurrency: 1 },
    );
    worker.on('failed', (job, error) => logger.error({ err: error.message, job: job?.id }, 'rule run failed'));
    const scheduler = new RuleScheduler(client, queue, worker);
    await queue.upsertJobScheduler(
      ESCALATION.id,
      { pattern: ESCALATION.pattern, tz: 'UTC' },
      {
        name: 'escalate',
        data: { escalate: true },
      },
    );
    for (const rule of await options.dataSource.getRepository(WatchRuleEntity).find()) await scheduler.schedule(rule);
    return scheduler;
  }

  /** The rule's scheduler as it now stands: upserted while active, removed when not (idempotent on every replica). */
  async schedule(rule: Pick<WatchRuleEntity, 'id' | 'schedule' | 'active'>): Promise<void> {
    const id = `rule-${rule.id}`;
    if (!rule.active) {
      await this.queue.removeJobScheduler(id);
      return;
    }
    await this.queue.upsertJobScheduler(
      id,
      { pattern: rule.schedule, tz: 'UTC' },
      {
        name: 'run-rule',
        data: { ruleId: rule.id },
      },
    );
  }

  async close(): Promise<void> {
    await this.worker.close();
    await this.queue.close();
    await this.client.quit().catch(() => undefined);
  }
}
