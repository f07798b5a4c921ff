import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * 与民互动: a citizen's complaint. It becomes a lead; the citizen follows it by tracking number and the
 * secret they chose (kept only as a salted scrypt hash), and sees only its public state and reply.
 */
@Entity('complaint')
export class ComplaintEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 20 })
  trackingNumber!: string;

  /** scrypt, "salt:hash" in hex. */
  @Column({ type: 'varchar', length: 200 })
  secretHash!: string;

  @Column({ type: 'int' })
  leadId!: number;

  @Column({ type: 'varchar', length: 6 })
  regionCode!: string;

  @Column({ type: 'varchar', length: 2000 })
  text!: string;

  /** How to reach the citizen, if they gave it (SENSITIVE). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  contact!: string | null;

  @Column({ type: 'varchar', length: 24 })
  createdAt!: string;

  /** What supervisors tell the citizen; the only words of theirs the citizen sees. */
  @Column({ type: 'varchar', length: 1000, nullable: true })
  publicReply!: string | null;

  /** Wrong secrets in a row; at the limit the tracking number is locked for a while. */
  @Column({ type: 'int', default: 0 })
  failedChecks!: number;

  @Column({ type: 'varchar', length: 24, nullable: true })
  lockedUntil!: string | null;
}
