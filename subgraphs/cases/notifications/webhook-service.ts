import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';

import { checkNumericId, checkRegionCode, checkUscc } from '../../../common/arguments';
import { badUserInput, forbiddenField } from '../../../common/errors';
import type { SubgraphAccess } from '../../../common/gateway-signature';
import type { RegionScope } from '../../common/region-scope';
import { WebhookEntity } from '../entities/webhook';
import { WebhookDeliveryEntity } from '../entities/webhook-delivery';
import type { WebhookSender } from './webhook-sender';

const EVENT_TYPES = new Set(['ALERT_RAISED', 'LEAD_ASSIGNED']);

export interface WebhookInput {
  name: string;
  url: string;
  events: readonly string[];
  regionCode: string;
  orgUscc?: string | null;
}

/** Partner webhooks as one caller may register and follow them: supervisors, in their region scope. */
export class WebhookService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly persist: () => Promise<void>,
    /** Null without Redis: webhooks are then refused (BullMQ delivers and retries them). */
    private readonly sender: WebhookSender | null,
    /** Hosts a webhook may point at (CASES_WEBHOOK_HOSTS); "*" allows any. */
    private readonly allowedHosts: readonly string[],
    private readonly access: SubgraphAccess,
    private readonly scope: RegionScope,
  ) {}

  async register(input: WebhookInput): Promise<{ webhook: WebhookEntity; secret: string }> {
    this.mustSupervise();
    if (!this.sender)
      throw badUserInput('webhooks need the cases system to run with REDIS_URL (BullMQ sends and retries them)');
    const name = input.name.trim();
    if (!name || name.length > 100) throw badUserInput('name must be 1 to 100 characters', 'input.name');
    const url = this.checkUrl(input.url);
    const events = [...new Set(input.events)];
    if (!events.length || !events.every((e) => EVENT_TYPES.has(e)))
      throw badUserInput('events must name at least one event type', 'input.events');
    const regionCode = this.scope.mustCover(checkRegionCode(input.regionCode, 'input.regionCode'));
    const secret = randomBytes(32).toString('base64url');
    const webhook = await this.dataSource.getRepository(WebhookEntity).save({
      name,
      url,
      secret,
      events: events.join(','),
      regionCode,
      orgUscc: input.orgUscc ? checkUscc(input.orgUscc, 'input.orgUscc') : null,
      createdBy: this.access.user,
      createdAt: new Date().toISOString(),
      active: true,
    });
    await this.persist();
    return { webhook, secret };
  }

  async list(regionCode: string | null | undefined): Promise<WebhookEntity[]> {
    this.mustSupervise();
    const q = this.dataSource.getRepository(WebhookEntity).createQueryBuilder('hook').orderBy('hook.id', 'ASC');
    this.scope.restrict(q, 'hook.regionCode');
    if (regionCode) q.andWhere('hook.regionCode = :regionCode', { regionCode: checkRegionCode(regionCode) });
    return q.getMany();
  }

  async setActive(id: string, active: boolean): Promise<WebhookEntity> {
    this.mustSupervise();
    const repository = this.dataSource.getRepository(WebhookEntity);
    const hook = await repository.findOneBy({ id: checkNumericId(id) });
    if (!hook || !this.scope.covers(hook.regionCode)) throw badUserInput(`no webhook ${id} in your region scope`, 'id');
    await repository.update(hook.id, { active });
    await this.persist();
    return { ...hook, active };
  }

  /** A webhook's deliveries, newest first: the query a page is cut from. */
  deliveries(webhookId: number, states: readonly string[] | null | undefined) {
    const q = this.dataSource
      .getRepository(WebhookDeliveryEntity)
      .createQueryBuilder('delivery')
      .where('delivery.webhookId = :webhookId', { webhookId });
    if (states?.length) q.andWhere('delivery.state IN (:...states)', { states });
    return q;
  }

  private checkUrl(text: string): string {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw badUserInput('url is not a URL', 'input.url');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw badUserInput('url must be http or https', 'input.url');
    if (url.username || url.password) throw badUserInput('url must not carry credentials', 'input.url');
    if (text.length > 500) throw badUserInput('url is longer than 500 characters', 'input.url');
    // Webhooks are POSTs the cases system makes: only to hosts its operators allow, never anywhere a caller names.
    if (!this.allowedHosts.includes('*') && !this.allowedHosts.includes(url.hostname))
      throw badUserInput(
        `webhooks may point only at ${this.allowedHosts.join(', ') || 'no host yet'} (CASES_WEBHOOK_HOSTS)`,
        'input.url',
      );
    return url.href;
  }

  private mustSupervise(): void {
    if (!this.access.roles.includes('supervisor')) throw forbiddenField('webhooks need the role supervisor');
  }
}
