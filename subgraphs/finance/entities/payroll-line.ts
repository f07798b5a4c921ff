import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

import { MONEY } from '../../common/columns';

/** 工资统发: one month's pay for one person from one body. */
@Entity('payroll_line')
@Index(['personKey', 'month'])
@Index(['orgUscc', 'month'])
@Index(['month', 'regionCode'])
export class PayrollLineEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  /** YYYY-MM */
  @Column({ type: 'varchar', length: 7 })
  month!: string;

  @Column({ type: 'varchar', length: 18 })
  orgUscc!: string;

  @Column({ type: 'varchar', length: 32 })
  personKey!: string;

  @Column({ type: 'varchar', length: 32 })
  payeeName!: string;

  @Column({ type: 'varchar', length: 18 })
  payeeIdNumber!: string;

  @Column(MONEY)
  gross!: number;

  @Column(MONEY)
  net!: number;

  @Column({ type: 'varchar', length: 6 })
  regionCode!: string;
}
