import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

import { MONEY } from '../../common/columns';

/** 事前预警: one payroll batch checked before payment, with its verdict's totals. */
@Entity('payroll_batch')
@Index(['regionCode', 'month'])
export class PayrollBatchEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 64 })
  reference!: string;

  @Column({ type: 'varchar', length: 7 })
  month!: string;

  @Column({ type: 'varchar', length: 6 })
  regionCode!: string;

  @Column({ type: 'varchar', length: 128 })
  submittedBy!: string;

  /** ISO 8601, UTC: sorts as time does on either database. */
  @Column({ type: 'varchar', length: 24 })
  checkedAt!: string;

  @Column({ type: 'int' })
  tookMs!: number;

  @Column({ type: 'int' })
  lineCount!: number;

  @Column(MONEY)
  amount!: number;

  @Column({ type: 'int' })
  warnedLines!: number;

  /** Per kind: lines and amount (JSON), as answered. */
  @Column({ type: 'text' })
  summary!: string;

  /** Bodies over quota (JSON), as answered. */
  @Column({ type: 'text' })
  overQuota!: string;
}
