import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

import { MONEY } from '../../common/columns';

export type PaymentCategory = 'TRAVEL' | 'MEETING' | 'TRAINING' | 'PROCUREMENT' | 'OTHER';

/** 国库集中支付: one payment from a body's budget line. */
@Entity('payment')
@Index(['payeePersonKey', 'paidOn'])
@Index(['orgUscc', 'paidOn'])
@Index(['regionCode', 'id'])
export class PaymentEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 32 })
  voucherNumber!: string;

  @Column({ type: 'varchar', length: 18 })
  orgUscc!: string;

  @Column({ type: 'varchar', length: 64 })
  payeeName!: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  payeePersonKey!: string | null;

  @Column(MONEY)
  amount!: number;

  @Column({ type: 'date' })
  paidOn!: string;

  /** For reimbursements (travel, meeting, training): the day of the activity reimbursed. */
  @Column({ type: 'date', nullable: true })
  serviceDate!: string | null;

  @Column({ type: 'varchar', length: 128 })
  purpose!: string;

  @Column({ type: 'varchar', length: 16 })
  category!: PaymentCategory;

  @Column({ type: 'int', nullable: true })
  budgetId!: number | null;

  @Column({ type: 'varchar', length: 6 })
  regionCode!: string;
}
