import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One event to one webhook: sent, retried with backoff, and DELIVERED, or DEAD once every attempt
 * failed (the dead-letter record: what was not delivered, and why).
 */
@Entity('webhook_delivery')
@Index(['webhookId', 'id'])
export class WebhookDeliveryEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  webhookId!: number;

  @Column({ type: 'varchar', length: 32 })
  eventType!: string;

  /** The JSON body sent, the same on every attempt (so is its signature's input, but for the timestamp). */
  @Column({ type: 'text' })
  body!: string;

  /** PENDING, DELIVERED or DEAD. */
  @Column({ type: 'varchar', length: 16 })
  state!: string;

  @Column({ type: 'int' })
  attempts!: number;

  /** HTTP status of the last attempt; null when it got no answer. */
  @Column({ type: 'int', nullable: true })
  lastStatus!: number | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  lastError!: string | null;

  @Column({ type: 'varchar', length: 40 })
  createdAt!: string;

  @Column({ type: 'varchar', length: 40, nullable: true })
  lastAttemptAt!: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  finishedAt!: string | null;
}
