import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** 问题线索: a lead from an alert, a complaint or a supervisor's own finding, followed to its close. */
@Entity('lead')
@Index(['regionCode', 'state'])
@Index(['state', 'deadline'])
export class LeadEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  /** Where it came from: SUPERVISOR, ALERT, COMPLAINT or BATCH_WARNING. */
  @Column({ type: 'varchar', length: 16 })
  source!: string;

  /** What kind of problem (a check's finding kind, or COMPLAINT). */
  @Column({ type: 'varchar', length: 40 })
  kind!: string;

  /** The region the lead concerns (GB/T 2260): whose scope sees it. */
  @Column({ type: 'varchar', length: 6 })
  regionCode!: string;

  /** The body responsible for rectifying it, once assigned (交办). */
  @Column({ type: 'varchar', length: 18, nullable: true })
  orgUscc!: string | null;

  @Index()
  @Column({ type: 'varchar', length: 32, nullable: true })
  personKey!: string | null;

  @Column({ type: 'varchar', length: 500 })
  summary!: string;

  @Column({ type: 'varchar', length: 16 })
  state!: string;

  /** Rectification deadline (YYYY-MM-DD), set on assignment. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  deadline!: string | null;

  /** 0 until overdue; each escalation hands it one level up (county → city → province). */
  @Column({ type: 'int', default: 0 })
  escalationLevel!: number;

  /** The region now answerable for it: its own at first, the level above after each escalation. */
  @Column({ type: 'varchar', length: 6 })
  handlingRegion!: string;

  @Column({ type: 'varchar', length: 128 })
  createdBy!: string;

  /** ISO 8601, UTC. */
  @Column({ type: 'varchar', length: 24 })
  createdAt!: string;

  @Column({ type: 'varchar', length: 24 })
  updatedAt!: string;

  @Column({ type: 'varchar', length: 24, nullable: true })
  closedAt!: string | null;

  /** Who submitted the last rectification: the review must be someone else. */
  @Column({ type: 'varchar', length: 128, nullable: true })
  rectifiedBy!: string | null;
}
