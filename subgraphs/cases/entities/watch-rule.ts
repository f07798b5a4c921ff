import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

import { MONEY } from '../../common/columns';

/** 预警规则: a check a supervision office runs on schedule over a region, with a threshold. */
@Entity('watch_rule')
@Index(['regionCode'])
export class WatchRuleEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  /** The office that owns it (the creator's department). */
  @Column({ type: 'varchar', length: 64 })
  office!: string;

  /** HEADCOUNT, WELFARE, REIMBURSEMENTS or AUDIT_FOLLOW_UP. */
  @Column({ type: 'varchar', length: 32 })
  check!: string;

  @Column({ type: 'varchar', length: 6 })
  regionCode!: string;

  @Column({ type: 'varchar', length: 18, nullable: true })
  orgUscc!: string | null;

  /** Findings below this amount are not alerted. */
  @Column({ ...MONEY, nullable: true })
  minAmount!: number | null;

  /** Months a headcount rule looks back, ending with the last full month. */
  @Column({ type: 'int', default: 3 })
  lookbackMonths!: number;

  /** Cron pattern (5 fields, or 6 with seconds), in UTC. */
  @Column({ type: 'varchar', length: 64 })
  schedule!: string;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Column({ type: 'varchar', length: 128 })
  createdBy!: string;

  @Column({ type: 'varchar', length: 24 })
  createdAt!: string;
}
