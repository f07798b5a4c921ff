import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

import { MONEY } from '../../common/columns';

/**
 * A line of a checked batch, kept so that later batches of the month are checked against it (paid
 * twice across batches), with the warnings it got.
 */
@Entity('payroll_batch_line')
@Index(['batchId', 'lineNo'], { unique: true })
@Index(['month', 'personKey'])
export class PayrollBatchLineEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  batchId!: number;

  @Column({ type: 'int' })
  lineNo!: number;

  @Column({ type: 'varchar', length: 7 })
  month!: string;

  @Column({ type: 'varchar', length: 32 })
  personKey!: string;

  @Column({ type: 'varchar', length: 18 })
  orgUscc!: string;

  @Column(MONEY)
  gross!: number;

  /** The warning kinds, each between commas (",NOT_ON_ROLL,PAID_TWICE,"), or "" when none: filterable with LIKE. */
  @Column({ type: 'varchar', length: 160 })
  warnings!: string;

  /** Of a warned line: roll body, status, dates and other payers (JSON). */
  @Column({ type: 'text', nullable: true })
  detail!: string | null;
}
