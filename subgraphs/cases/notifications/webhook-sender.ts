import { Queue, Worker, type Job } from 'bullmq';
import { In, type DataSource } from 'typeorm';

import { regionCovers } from '../../../common/identifiers/region-code';
import { logger } from '../../../common/logger';
import { WEBHOOK_HEADERS, webhookSignature } from '../../../common/webhook-signature';
import { bullConnection } from '../bull-connection';
import { WebhookEntity } from '../entities/webhook';
import { WebhookDeliveryEntity } from '../entities/webhook-delivery';
import type { CaseEvent } from './case-events';

const QUEUE = 'cases-webhooks';

export interface WebhookRetries {
  /** Attempts before a delivery is dead-lettered (default 8). */
  attempts: number;
  /** First retry after this many ms, doubling each time (default 10 s: the eighth attempt is ~21 min on). */
  backoffMs: number;
  /** Each attempt's time limit (default 10 s). */
  timeoutMs: number;
}

export const DEFAULT_WEBHOOK_RETRIES: WebhookRetries = { attempts: 8, backoffMs: 10_000, timeoutMs: 10_000 };

/** What a partner is told: the event and what it is about, by key; the rest it reads through the gateway with its own token. */
function bodyOf(delivery: number, event: CaseEvent, at: string): string {
  return JSON.stringify({ delivery, type: event.type, occurredAt: at, data: event });
}

/**
 * Signed webhooks on BullMQ: an event becomes one delivery row per matching webhook (recorded before
 * anything is sent), and one job that BullMQ retries with exponential backoff; each attempt is written
 * on the row, and the last failure leaves it DEAD with the reason (the dead-letter record).
 */
export class WebhookSender {
  private constructor(
    private readonly dataSource: DataSource,
    private readonly persist: () => Promise<void>,
    private readonly retries: WebhookRetries,
    private readonly client: { quit(): Promise<unknown> },
    private readonly queue: Queue<{ deliveryId: number }>,
    private readonly worker: Worker<{ deliveryId: number }>,
  ) {}

  static async start(options: {
    redisUrl: string;
    prefix: string;
    dataSource: DataSource;
    persist: () => Promise<void>;
    retries?: Partial<WebhookRetries>;
  }): Promise<WebhookSender> {
    const retries = { ...DEFAULT_WEBHOOK_RETRIES, ...options.retries };
    const { client, connection, prefix } = await bullConnection(options.redisUrl, options.prefix, 'webhooks');
    const queue = new Queue<{ deliveryId: number }>(QUEUE, { connection, prefix });
    // The worker and the sender need each other: the worker is handed the sender once it exists.
    const holder: { sender?: WebhookSender } = {};
    const worker = new Worker<{ deliveryId: number }>(QUEUE, (job) => holder.sender!.attempt(job), {
      connection,
      prefix,
      concurrency: 8,
    });
    const sender = (holder.sender = new WebhookSender(
      options.dataSource,
      options.persist,
      retries,
      client,
      queue,
      worker,
    ));
    worker.on('failed', (job, error) => void sender.failed(job, error));
    return sender;
  }

  /** Records a delivery for every active webhook the event matches, and queues them. */
  async enqueue(event: CaseEvent): Promise<void> {
    const hooks = (await this.dataSource.getRepository(WebhookEntity).findBy({ active: true })).filter(
      (hook) =>
        hook.events.split(',').includes(event.type) &&
        regionCovers(hook.regionCode, event.regionCode) &&
        (!hook.orgUscc || ('orgUscc' in event && event.orgUscc === hook.orgUscc)),
    );
    const deliveries = this.dataSource.getRepository(WebhookDeliveryEntity);
    const at = new Date().toISOString();
    for (const hook of hooks) {
      const row = await deliveries.save({
        webhookId: hook.id,
        eventType: event.type,
        body: '',
        state: 'PENDING',
        attempts: 0,
        lastStatus: null,
        lastError: null,
        createdAt: at,
        lastAttemptAt: null,
        finishedAt: null,
      });
      await deliveries.update(row.id, { body: bodyOf(row.id, event, at) });
      await this.queue.add(
        'deliver',
        { deliveryId: row.id },
        {
          jobId: `delivery-${row.id}`,
          attempts: this.retries.attempts,
          backoff: { type: 'exponential', delay: this.retries.backoffMs },
          removeOnComplete: true,
          removeOnFail: true,
        },
      );
    }
    if (hooks.length) await this.persist();
  }

  /** One attempt: POST the signed body; a 2xx delivers it, anything else throws for BullMQ to retry. */
  private async attempt(job: Job<{ deliveryId: number }>): Promise<void> {
    const deliveries = this.dataSource.getRepository(WebhookDeliveryEntity);
    const delivery = await deliveries.findOneBy({ id: job.data.deliveryId });
    if (!delivery || delivery.state !== 'PENDING') return;
    const hook = await this.dataSource.getRepository(WebhookEntity).findOneByOrFail({ id: delivery.webhookId });
    const timestamp = String(Date.now());
    const at = new Date().toISOString();
    let status: number | null = null;
    let problem: string | null = null;
    try {
      const response = await fetch(hook.url, {
        method: 'POST',
        redirect: 'manual', // a redirect could point anywhere: not followed
        headers: {
          'content-type': 'application/json',
          [WEBHOOK_HEADERS.delivery]: String(delivery.id),
          [WEBHOOK_HEADERS.event]: delivery.eventType,
          [WEBHOOK_HEADERS.timestamp]: timestamp,
          [WEBHOOK_HEADERS.signature]: webhookSignature(hook.secret, timestamp, delivery.body),
        },
        body: delivery.body,
        signal: AbortSignal.timeout(this.retries.timeoutMs),
      });
      status = response.status;
      await response.body?.cancel();
      if (status < 200 || status >= 300) problem = `answered HTTP ${status}`;
    } catch (error) {
      problem = `no answer: ${(error as Error).message}`.slice(0, 500);
    }
    await deliveries.update(delivery.id, {
      attempts: delivery.attempts + 1,
      lastStatus: status,
      lastError: problem,
      lastAttemptAt: at,
      ...(problem ? {} : { state: 'DELIVERED', finishedAt: at }),
    });
    await this.persist();
    if (problem) throw new Error(problem);
  }

  /** After the last attempt: the dead-letter record. */
  private async failed(job: Job<{ deliveryId: number }> | undefined, error: Error): Promise<void> {
    if (!job || job.attemptsMade < this.retries.attempts) return;
    logger.warn({ delivery: job.data.deliveryId, err: error.message }, 'webhook delivery dead-lettered');
    await this.dataSource
      .getRepository(WebhookDeliveryEntity)
      .update(
        { id: job.data.deliveryId, state: In(['PENDING']) },
        { state: 'DEAD', finishedAt: new Date().toISOString() },
      );
    await this.persist();
  }

  async close(): Promise<void> {
    await this.worker.close();
    await this.queue.close();
    await this.client.quit().catch(() => undefined);
  }
}
