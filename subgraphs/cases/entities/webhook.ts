import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A partner system told of the cases system's events by signed HTTP POSTs: which events, of which
 * region (and body), registered by a supervision office. The secret signs every delivery.
 */
@Entity('webhook')
@Index(['regionCode'])
export class WebhookEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'varchar', length: 500 })
  url!: string;

  /** HMAC-SHA256 key of the signatures, base64url; shown once at registration. */
  @Column({ type: 'varchar', length: 64 })
  secret!: string;

  /** Comma-separated event types (ALERT_RAISED, LEAD_ASSIGNED). */
  @Column({ type: 'varchar', length: 100 })
  events!: string;

  @Column({ type: 'varchar', length: 6 })
  regionCode!: string;

  @Column({ type: 'varchar', length: 18, nullable: true })
  orgUscc!: string | null;

  @Column({ type: 'varchar', length: 128 })
  createdBy!: string;

  @Column({ type: 'varchar', length: 40 })
  createdAt!: string;

  @Column({ type: 'boolean' })
  active!: boolean;
}
