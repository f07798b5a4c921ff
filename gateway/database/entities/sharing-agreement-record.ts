import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A sharing request (共享申请) and, once the owner approves it, the agreement it becomes: the requesting
 * department may read these resources of the owning department, for one purpose kind, within one
 * region, by these roles, from `startsOn` to `endsOn`, unless suspended or revoked first.
 */
@Entity('sharing_agreement')
export class SharingAgreementRecord {
  @PrimaryGeneratedColumn()
  id!: number;

  /** REQUESTED, REJECTED, ACTIVE, SUSPENDED or REVOKED (expiry is read from endsOn). */
  @Index()
  @Column({ type: 'varchar', length: 16 })
  state!: string;

  @Index()
  @Column({ type: 'varchar', length: 64 })
  requester!: string;

  @Index()
  @Column({ type: 'varchar', length: 64 })
  owner!: string;

  /** JSON array of resource names, all of the owner's. */
  @Column({ type: 'text' })
  resources!: string;

  @Column({ type: 'varchar', length: 64 })
  purposeKind!: string;

  @Column({ type: 'text' })
  legalBasis!: string;

  @Column({ type: 'varchar', length: 6 })
  regionCode!: string;

  /** JSON array of the roles that will read under it. */
  @Column({ type: 'text' })
  roles!: string;

  /** ISO dates (YYYY-MM-DD): in force from the start of startsOn to the end of endsOn (UTC). */
  @Column({ type: 'varchar', length: 10 })
  startsOn!: string;

  @Column({ type: 'varchar', length: 10 })
  endsOn!: string;

  /** Reads expected over its life: more is reported to the owner, never silently allowed forever. */
  @Column({ type: 'int' })
  expectedReads!: number;

  /** Reads made under it so far, counted as their access-log records are written. */
  @Column({ type: 'int', default: 0 })
  readsUsed!: number;

  /** When the reads first passed expectedReads (the owner was alerted then), or null. */
  @Column({ type: 'varchar', length: 40, nullable: true })
  overVolumeAt!: string | null;

  @Column({ type: 'varchar', length: 128 })
  requestedBy!: string;

  @Column({ type: 'varchar', length: 40 })
  requestedAt!: string;

  @Column({ type: 'varchar', length: 128, nullable: true })
  decidedBy!: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  decidedAt!: string | null;

  /** Who last suspended, resumed or revoked it, when and why. */
  @Column({ type: 'varchar', length: 128, nullable: true })
  changedBy!: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  changedAt!: string | null;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;
}
