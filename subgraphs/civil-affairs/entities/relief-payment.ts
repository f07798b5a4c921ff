import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

import { MONEY } from '../../common/columns';

@Entity('relief_payment')
@Index(['beneficiaryId', 'month'])
@Index(['regionCode', 'id'])
export class ReliefPaymentEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  beneficiaryId!: number;

  /** YYYY-MM */
  @Column({ type: 'varchar', length: 7 })
  month!: string;

  @Column(MONEY)
  amount!: number;

  @Column({ type: 'date' })
  paidOn!: string;

  @Column({ type: 'varchar', length: 6 })
  regionCode!: string;
}
